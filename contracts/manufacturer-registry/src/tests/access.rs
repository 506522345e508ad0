//! The views the other contracts ask, one call each: `nodeAccess` (the holder and one
//! privilege) and `authorizedPrivileges` (every privilege, as a bit set).

use alloy_primitives::{Address, U256, U64};
use dimo_interfaces::privileges::{self, FACTORY_RESET, MAX_PRIVILEGE, MINT_DEVICES, OTA_UPDATE};
use motsu::prelude::*;

use super::{authorized, deploy_with_admin, grant, id, mint_to, setup, Registry, NOW};
use crate::ManufacturerRegistry;

fn access(registry: &Registry, node: U256, account: Address, privilege: u8) -> (Address, bool) {
    registry
        .sender(Address::ZERO)
        .node_access(node, account, privilege)
}

fn privileges_of(registry: &Registry, node: U256, account: Address) -> U256 {
    registry
        .sender(Address::ZERO)
        .authorized_privileges(node, account)
}

/// The bit set of `list`.
fn bits(list: &[u8]) -> U256 {
    list.iter().fold(U256::ZERO, |set, p| {
        set | (U256::from(1) << usize::from(*p))
    })
}

/// Every valid privilege.
fn all_valid() -> Vec<u8> {
    (0..=MAX_PRIVILEGE)
        .filter(|p| privileges::is_valid(*p))
        .collect()
}

/// `nodeAccess` answers `isAuthorized` for every privilege, and `authorizedPrivileges` is the
/// set of those it answers true for.
fn assert_consistent(registry: &Registry, node: U256, account: Address, holder: Address) {
    let mut set = U256::ZERO;
    for privilege in 0..=u8::MAX {
        let (h, yes) = access(registry, node, account, privilege);
        assert_eq!(h, holder, "holder, privilege {privilege}");
        assert_eq!(yes, authorized(registry, node, account, privilege));
        if yes {
            set |= U256::from(1) << usize::from(privilege);
        }
    }
    assert_eq!(privileges_of(registry, node, account), set);
}

#[motsu::test]
fn holder_has_every_valid_privilege(registry: Registry, alice: Address, bob: Address) {
    let node = setup(&registry, alice, bob);

    assert_eq!(access(&registry, node, bob, MINT_DEVICES), (bob, true));
    assert_eq!(access(&registry, node, bob, 0), (bob, false));
    assert_eq!(
        access(&registry, node, bob, MAX_PRIVILEGE + 1),
        (bob, false)
    );
    assert_eq!(privileges_of(&registry, node, bob), bits(&all_valid()));
    assert_consistent(&registry, node, bob, bob);
}

#[motsu::test]
fn delegate_has_its_unexpired_grants_only(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
    erin: Address,
) {
    let node = setup(&registry, alice, bob);
    grant(&registry, bob, node, dave, MINT_DEVICES, u64::MAX);
    grant(&registry, bob, node, dave, OTA_UPDATE, NOW + 1);
    // An expired grant (written straight into storage: motsu's clock is fixed).
    let key = ManufacturerRegistry::_grant_key(node, 0, dave, FACTORY_RESET);
    registry.sender(dave).grants.setter(key).set(U64::from(NOW));

    assert_eq!(access(&registry, node, dave, MINT_DEVICES), (bob, true));
    assert_eq!(access(&registry, node, dave, FACTORY_RESET), (bob, false));
    assert_eq!(
        privileges_of(&registry, node, dave),
        bits(&[MINT_DEVICES, OTA_UPDATE])
    );
    assert_consistent(&registry, node, dave, bob);
    // Someone else: the holder, and nothing.
    assert_eq!(access(&registry, node, erin, MINT_DEVICES), (bob, false));
    assert_eq!(privileges_of(&registry, node, erin), U256::ZERO);
    assert_consistent(&registry, node, erin, bob);
}

#[motsu::test]
fn unknown_node_has_no_holder_and_no_privilege(registry: Registry, alice: Address, bob: Address) {
    setup(&registry, alice, bob);

    for (node, account) in [
        (id(2), bob),
        (id(2), Address::ZERO),
        (U256::ZERO, Address::ZERO),
        (U256::MAX, alice),
    ] {
        assert_eq!(
            access(&registry, node, account, MINT_DEVICES),
            (Address::ZERO, false)
        );
        assert_eq!(privileges_of(&registry, node, account), U256::ZERO);
        assert_consistent(&registry, node, account, Address::ZERO);
    }
}

#[motsu::test]
fn stranded_node_answers_its_holder_and_no_privilege(
    registry: Registry,
    alice: Address,
    bob: Address,
    dave: Address,
) {
    deploy_with_admin(&registry, alice, bob);
    let node = mint_to(&registry, bob, bob, "AutoPi");
    grant(&registry, bob, node, dave, MINT_DEVICES, u64::MAX);
    assert_eq!(privileges_of(&registry, node, dave), bits(&[MINT_DEVICES]));

    registry.sender(alice).remove_admin(bob).motsu_unwrap();

    for account in [bob, dave] {
        assert_eq!(access(&registry, node, account, MINT_DEVICES), (bob, false));
        assert_eq!(privileges_of(&registry, node, account), U256::ZERO);
        assert_consistent(&registry, node, account, bob);
    }
}
