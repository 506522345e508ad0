//! The constructor, admins and the top admin's two-step hand-over.

use alloy_primitives::Address;
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::erc::IOwnable2Step as O;
use motsu::prelude::*;
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step;

use super::{who, World};
use crate::DeviceLicenses;

#[motsu::test]
fn constructor_sets_owner_and_the_other_contracts(alice: Address) {
    let world = World::deployed();
    let view = world.devices.sender(alice);
    assert_eq!(view.owner(), alice);
    assert_eq!(view.registry(), world.registry.address());
    assert_eq!(view.manufacturing_licenses(), world.manufacturing.address());
    assert_eq!(view.team_size(), 0);
    assert_eq!(view.approval_threshold(), 0);
    assert!(view.total_device_licenses().is_zero());
    drop(view);
    world.devices.assert_emitted(&O::OwnershipTransferred {
        previousOwner: Address::ZERO,
        newOwner: alice,
    });
}

#[motsu::test]
fn constructor_refusals(devices: Contract<DeviceLicenses>, alice: Address, bob: Address) {
    let err = devices
        .sender(alice)
        .constructor(Address::ZERO, bob, bob)
        .motsu_unwrap_err();
    assert_err!(
        err,
        OwnableInvalidOwner,
        O::OwnableInvalidOwner {
            owner: Address::ZERO
        }
    );
    for (registry, manufacturing) in [(Address::ZERO, bob), (bob, Address::ZERO)] {
        let err = devices
            .sender(alice)
            .constructor(alice, registry, manufacturing)
            .motsu_unwrap_err();
        assert_err!(
            err,
            InvalidAccount,
            Adm::InvalidAccount {
                account: Address::ZERO
            }
        );
    }
    assert_eq!(devices.sender(alice).owner(), Address::ZERO);
}

#[motsu::test]
fn top_admin_adds_and_removes_admins(alice: Address, oscar: Address) {
    let world = World::new();
    world.devices.sender(alice).add_admin(oscar).motsu_unwrap();
    assert!(world.devices.sender(alice).is_admin(oscar));
    world.devices.assert_emitted(&Adm::AdminAdded {
        account: oscar,
        by: alice,
    });
    // An added admin has the admin powers.
    world
        .devices
        .sender(oscar)
        .add_team_member(who("bob"))
        .motsu_unwrap();

    world
        .devices
        .sender(alice)
        .remove_admin(oscar)
        .motsu_unwrap();
    assert!(!world.devices.sender(alice).is_admin(oscar));
    world.devices.assert_emitted(&Adm::AdminRemoved {
        account: oscar,
        by: alice,
    });
}

#[motsu::test]
fn admin_list_refusals(alice: Address, carol: Address, oscar: Address) {
    let world = World::new();
    world.devices.sender(alice).add_admin(oscar).motsu_unwrap();
    for (role, caller) in [("added admin", oscar), ("licence manager", carol)] {
        assert_refused!(
            world,
            world.devices.sender(caller).add_admin(who("tm1")),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "add by {role}"
        );
        assert_refused!(
            world,
            world.devices.sender(caller).remove_admin(oscar),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "remove by {role}"
        );
    }
    assert_refused!(
        world,
        world.devices.sender(alice).add_admin(Address::ZERO),
        InvalidAccount,
        Adm::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert_refused!(
        world,
        world.devices.sender(alice).add_admin(oscar),
        AdminAlreadyAdded,
        Adm::AdminAlreadyAdded { account: oscar }
    );
    assert_refused!(
        world,
        world.devices.sender(alice).remove_admin(carol),
        NotAnAdmin,
        Adm::NotAnAdmin { account: carol }
    );
}

#[motsu::test]
fn top_admin_hands_over_in_two_steps(alice: Address, oscar: Address) {
    let world = World::new();
    world
        .devices
        .sender(alice)
        .transfer_ownership(oscar)
        .motsu_unwrap();
    assert_eq!(world.devices.sender(alice).pending_owner(), oscar);
    assert_refused!(
        world,
        world.devices.sender(who("bob")).accept_ownership(),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount {
            account: who("bob")
        }
    );
    world
        .devices
        .sender(oscar)
        .accept_ownership()
        .motsu_unwrap();
    assert_eq!(world.devices.sender(alice).owner(), oscar);
    assert!(!world.devices.sender(alice).is_admin(alice));
    assert_refused!(
        world,
        world.devices.sender(alice).add_team_member(who("bob")),
        CallerNotAdmin,
        Adm::CallerNotAdmin { account: alice }
    );
    world
        .devices
        .sender(oscar)
        .renounce_ownership()
        .motsu_unwrap();
    assert_eq!(world.devices.sender(alice).owner(), Address::ZERO);
    assert!(!world.devices.sender(alice).is_admin(Address::ZERO));
    assert_refused!(
        world,
        world
            .devices
            .sender(Address::ZERO)
            .transfer_ownership(alice),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount {
            account: Address::ZERO
        }
    );
}
