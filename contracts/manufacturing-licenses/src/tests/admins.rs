//! The constructor, admins, licence managers and the top admin's two-step hand-over.

use alloy_primitives::Address;
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{erc::IOwnable2Step as O, licenses::IManufacturingLicenses as M};
use motsu::prelude::*;
use openzeppelin_stylus::access::ownable_two_step::IOwnable2Step;

use super::{min, who, World};
use crate::ManufacturingLicenses;

#[motsu::test]
fn constructor_sets_owner_registry_and_default_minimum(alice: Address) {
    let world = World::deployed();
    let view = world.licenses.sender(alice);
    assert_eq!(view.owner(), alice);
    assert_eq!(view.pending_owner(), Address::ZERO);
    assert_eq!(view.registry(), world.registry.address());
    assert_eq!(view.minimum_stake(), min());
    assert_eq!(view.staking_token(), Address::ZERO);
    assert_eq!(view.treasury(), Address::ZERO);
    assert_eq!(
        view.unstake_cooldown(),
        dimo_interfaces::licenses::DEFAULT_UNSTAKE_COOLDOWN
    );
    assert_eq!(view.current_mou_version(), 0);
    assert!(view.total_staked().is_zero());
    drop(view);
    world.licenses.assert_emitted(&O::OwnershipTransferred {
        previousOwner: Address::ZERO,
        newOwner: alice,
    });
    world.licenses.assert_emitted(&M::MinimumStakeSet {
        amount: min(),
        by: alice,
    });
}

#[motsu::test]
fn constructor_refuses_zero_owner_and_zero_registry(
    licenses: Contract<ManufacturingLicenses>,
    alice: Address,
    bob: Address,
) {
    let err = licenses
        .sender(alice)
        .constructor(Address::ZERO, bob)
        .motsu_unwrap_err();
    assert_err!(
        err,
        OwnableInvalidOwner,
        O::OwnableInvalidOwner {
            owner: Address::ZERO
        }
    );
    let err = licenses
        .sender(alice)
        .constructor(alice, Address::ZERO)
        .motsu_unwrap_err();
    assert_err!(
        err,
        InvalidAccount,
        Adm::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert_eq!(licenses.sender(alice).owner(), Address::ZERO);
    assert_eq!(licenses.sender(alice).registry(), Address::ZERO);
}

#[motsu::test]
fn top_admin_adds_and_removes_admins(alice: Address, erin: Address) {
    let world = World::deployed();
    assert!(world.licenses.sender(alice).is_admin(alice));
    assert!(!world.licenses.sender(alice).is_admin(erin));

    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    assert!(world.licenses.sender(alice).is_admin(erin));
    world.licenses.assert_emitted(&Adm::AdminAdded {
        account: erin,
        by: alice,
    });
    // An added admin has the admin powers.
    world
        .licenses
        .sender(erin)
        .set_minimum_stake(min() * alloy_primitives::U256::from(2))
        .motsu_unwrap();

    world
        .licenses
        .sender(alice)
        .remove_admin(erin)
        .motsu_unwrap();
    assert!(!world.licenses.sender(alice).is_admin(erin));
    world.licenses.assert_emitted(&Adm::AdminRemoved {
        account: erin,
        by: alice,
    });
}

#[motsu::test]
fn add_admin_refusals(alice: Address, carol: Address, erin: Address) {
    let world = World::new();
    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    for (role, caller) in [
        ("added admin", erin),
        ("licence manager", carol),
        ("holder", who("bob")),
    ] {
        assert_refused!(
            world,
            world.licenses.sender(caller).add_admin(who("grace")),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "{role}"
        );
    }
    assert_refused!(
        world,
        world.licenses.sender(alice).add_admin(Address::ZERO),
        InvalidAccount,
        Adm::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert_refused!(
        world,
        world.licenses.sender(alice).add_admin(erin),
        AdminAlreadyAdded,
        Adm::AdminAlreadyAdded { account: erin }
    );
}

#[motsu::test]
fn remove_admin_refusals(alice: Address, erin: Address) {
    let world = World::new();
    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    assert_refused!(
        world,
        world.licenses.sender(erin).remove_admin(erin),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: erin }
    );
    assert_refused!(
        world,
        world.licenses.sender(alice).remove_admin(who("grace")),
        NotAnAdmin,
        Adm::NotAnAdmin {
            account: who("grace")
        }
    );
    // The top admin is not listed, so it cannot be removed this way.
    assert_refused!(
        world,
        world.licenses.sender(alice).remove_admin(alice),
        NotAnAdmin,
        Adm::NotAnAdmin { account: alice }
    );
}

#[motsu::test]
fn admins_add_and_remove_licence_managers(alice: Address, erin: Address, grace: Address) {
    let world = World::deployed();
    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    for (admin, manager) in [(alice, grace), (erin, who("carol"))] {
        world
            .licenses
            .sender(admin)
            .add_license_manager(manager)
            .motsu_unwrap();
        assert!(world.licenses.sender(admin).is_license_manager(manager));
        world.licenses.assert_emitted(&M::LicenseManagerAdded {
            account: manager,
            by: admin,
        });
    }
    // Admins act as managers without being listed.
    assert!(!world.licenses.sender(alice).is_license_manager(alice));

    world
        .licenses
        .sender(erin)
        .remove_license_manager(grace)
        .motsu_unwrap();
    assert!(!world.licenses.sender(alice).is_license_manager(grace));
    world.licenses.assert_emitted(&M::LicenseManagerRemoved {
        account: grace,
        by: erin,
    });
}

#[motsu::test]
fn licence_manager_list_refusals(alice: Address, carol: Address, erin: Address) {
    let world = World::new();
    for (role, caller) in [
        ("licence manager", carol),
        ("outsider", erin),
        ("holder", who("bob")),
    ] {
        assert_refused!(
            world,
            world
                .licenses
                .sender(caller)
                .add_license_manager(who("grace")),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "add by {role}"
        );
        assert_refused!(
            world,
            world.licenses.sender(caller).remove_license_manager(carol),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "remove by {role}"
        );
    }
    assert_refused!(
        world,
        world
            .licenses
            .sender(alice)
            .add_license_manager(Address::ZERO),
        InvalidAccount,
        Adm::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert_refused!(
        world,
        world.licenses.sender(alice).add_license_manager(carol),
        LicenseManagerAlreadyAdded,
        M::LicenseManagerAlreadyAdded { account: carol }
    );
    assert_refused!(
        world,
        world.licenses.sender(alice).remove_license_manager(erin),
        NotALicenseManager,
        M::NotALicenseManager { account: erin }
    );
}

#[motsu::test]
fn top_admin_hands_over_in_two_steps(alice: Address, erin: Address) {
    let world = World::new();
    world
        .licenses
        .sender(alice)
        .transfer_ownership(erin)
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(alice).pending_owner(), erin);
    world.licenses.assert_emitted(&O::OwnershipTransferStarted {
        previousOwner: alice,
        newOwner: erin,
    });
    assert!(!world.licenses.sender(alice).is_admin(erin));

    world
        .licenses
        .sender(erin)
        .accept_ownership()
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(alice).owner(), erin);
    assert!(world.licenses.sender(alice).is_admin(erin));
    assert!(!world.licenses.sender(alice).is_admin(alice));
    world.licenses.assert_emitted(&O::OwnershipTransferred {
        previousOwner: alice,
        newOwner: erin,
    });
    assert_refused!(
        world,
        world.licenses.sender(alice).set_unstake_cooldown(1),
        CallerNotAdmin,
        Adm::CallerNotAdmin { account: alice }
    );
}

#[motsu::test]
fn ownership_refusals(alice: Address, carol: Address, erin: Address) {
    let world = World::new();
    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    assert_refused!(
        world,
        world.licenses.sender(erin).transfer_ownership(carol),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: erin }
    );
    assert_refused!(
        world,
        world.licenses.sender(erin).renounce_ownership(),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount { account: erin }
    );
    world
        .licenses
        .sender(alice)
        .transfer_ownership(carol)
        .motsu_unwrap();
    for caller in [erin, Address::ZERO] {
        assert_refused!(
            world,
            world.licenses.sender(caller).accept_ownership(),
            OwnableUnauthorizedAccount,
            O::OwnableUnauthorizedAccount { account: caller },
            "accept by {caller}"
        );
    }
}

#[motsu::test]
fn renounced_top_admin_leaves_added_admins(alice: Address, erin: Address) {
    let world = World::new();
    world.licenses.sender(alice).add_admin(erin).motsu_unwrap();
    world
        .licenses
        .sender(alice)
        .renounce_ownership()
        .motsu_unwrap();
    assert_eq!(world.licenses.sender(alice).owner(), Address::ZERO);
    assert!(!world.licenses.sender(alice).is_admin(alice));
    assert!(!world.licenses.sender(alice).is_admin(Address::ZERO));
    assert!(world.licenses.sender(alice).is_admin(erin));
    assert_refused!(
        world,
        world.licenses.sender(Address::ZERO).add_admin(alice),
        OwnableUnauthorizedAccount,
        O::OwnableUnauthorizedAccount {
            account: Address::ZERO
        }
    );
    world
        .licenses
        .sender(erin)
        .set_unstake_cooldown(7)
        .motsu_unwrap();
}
