//! Controllers: `isController`, `addController`, `removeController`, `manufacturerOf`; and the
//! checks `addController` shares with `addAdmin`.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::registry::IManufacturerRegistry as R;
use motsu::prelude::*;

use super::{
    deploy, deploy_with_admin, ensure_controller, events, give, holder, mint_to, Registry,
};

#[motsu::test]
fn refuses_the_zero_address_as_admin_or_controller(registry: Registry, alice: Address) {
    deploy(&registry, alice);
    let zero = Address::ZERO;

    assert_refused!(
        registry,
        registry.sender(alice).add_admin(zero),
        InvalidAccount,
        Adm::InvalidAccount { account: zero },
        "addAdmin"
    );
    assert_refused!(
        registry,
        registry.sender(alice).add_controller(zero),
        InvalidAccount,
        Adm::InvalidAccount { account: zero },
        "addController"
    );
    assert!(!registry.sender(alice).is_admin(zero));
    assert!(!registry.sender(alice).is_controller(zero));
}

#[motsu::test]
fn refuses_adding_an_admin_or_a_controller_twice(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    ensure_controller(&registry, alice, carol);

    assert_refused!(
        registry,
        registry.sender(alice).add_admin(bob),
        AdminAlreadyAdded,
        Adm::AdminAlreadyAdded { account: bob }
    );
    assert_refused!(
        registry,
        registry.sender(alice).add_controller(carol),
        ControllerAlreadyAdded,
        R::ControllerAlreadyAdded { controller: carol }
    );
    assert!(registry.sender(alice).is_admin(bob));
    assert!(registry.sender(alice).is_controller(carol));
    assert_eq!(events::<Adm::AdminAdded>(&registry).len(), 1);
    assert_eq!(events::<R::ControllerAdded>(&registry).len(), 1);
}

#[motsu::test]
fn refuses_removing_an_account_that_is_not_a_controller(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);

    assert_refused!(
        registry,
        registry.sender(alice).remove_controller(bob),
        NotAController,
        R::NotAController { account: bob }
    );
    assert!(!registry.emitted(&R::ControllerRemoved {
        controller: bob,
        by: alice
    }));
}

#[motsu::test]
fn removed_controller_keeps_its_node_and_can_transfer_it_away(
    registry: Registry,
    alice: Address,
    bob: Address,
) {
    deploy(&registry, alice);
    let node = mint_to(&registry, alice, bob, "AutoPi");

    registry.sender(alice).remove_controller(bob).motsu_unwrap();

    assert_eq!(holder(&registry, node), bob);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), node);

    give(&registry, bob, alice, node);

    assert_eq!(holder(&registry, node), alice);
    assert_eq!(registry.sender(alice).manufacturer_of(bob), U256::ZERO);
}

#[motsu::test]
fn manufacturer_of_is_zero_for_accounts_without_a_node(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    ensure_controller(&registry, alice, bob);

    for account in [bob, carol, Address::ZERO] {
        assert_eq!(
            registry.sender(alice).manufacturer_of(account),
            U256::ZERO,
            "{account}"
        );
    }
}

#[motsu::test]
fn manufacturer_of_names_the_node_a_controller_holds(
    registry: Registry,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy(&registry, alice);
    mint_to(&registry, alice, alice, "Admin-held");
    let bobs = mint_to(&registry, alice, bob, "AutoPi");
    let carols = mint_to(&registry, alice, carol, "Ruptela");

    assert_eq!(registry.sender(alice).manufacturer_of(bob), bobs);
    assert_eq!(registry.sender(alice).manufacturer_of(carol), carols);
}
