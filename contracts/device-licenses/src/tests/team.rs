//! Approved auditors, the Hardware Integration Team and the approval threshold.

use alloc::string::String;

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::licenses::{IDeviceLicenses as D, MAX_URI_LEN};
use motsu::prelude::*;

use super::{who, World};

/// Accounts that are not admins of the device-licence contract, with their roles.
fn non_admins() -> [(&'static str, Address); 4] {
    [
        ("licence manager", who("carol")),
        ("auditor", who("erin")),
        ("team member", who("tm1")),
        ("holder", who("bob")),
    ]
}

#[motsu::test]
fn admin_approves_and_removes_auditors(alice: Address, oscar: Address) {
    let world = World::new();
    assert!(world.devices.sender(alice).is_auditor(who("erin")));
    assert_eq!(
        world.devices.sender(alice).auditor_uri(who("erin")),
        "Acme Test Labs"
    );
    let long = "x".repeat(MAX_URI_LEN);
    world
        .devices
        .sender(alice)
        .add_auditor(oscar, long.clone())
        .motsu_unwrap();
    world.devices.assert_emitted(&D::AuditorAdded {
        auditor: oscar,
        uri: long.clone(),
        by: alice,
    });
    assert_eq!(world.devices.sender(alice).auditor_uri(oscar), long);

    world
        .devices
        .sender(alice)
        .remove_auditor(oscar)
        .motsu_unwrap();
    world.devices.assert_emitted(&D::AuditorRemoved {
        auditor: oscar,
        by: alice,
    });
    assert!(!world.devices.sender(alice).is_auditor(oscar));
    assert_eq!(world.devices.sender(alice).auditor_uri(oscar), "");

    // Approved again with a shorter description: nothing of the old one shows.
    world
        .devices
        .sender(alice)
        .add_auditor(oscar, "Oscar".into())
        .motsu_unwrap();
    assert_eq!(world.devices.sender(alice).auditor_uri(oscar), "Oscar");
    let words = world
        .devices
        .sender(alice)
        .auditors
        .get(oscar)
        .uri
        .get(1)
        .expect("eight words");
    assert!(words.is_zero(), "the old text's second word was cleared");
}

#[motsu::test]
fn auditor_list_refusals(alice: Address, oscar: Address) {
    let world = World::new();
    for (role, caller) in non_admins() {
        assert_refused!(
            world,
            world
                .devices
                .sender(caller)
                .add_auditor(oscar, String::new()),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "add by {role}"
        );
        assert_refused!(
            world,
            world.devices.sender(caller).remove_auditor(who("erin")),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "remove by {role}"
        );
    }
    assert_refused!(
        world,
        world
            .devices
            .sender(alice)
            .add_auditor(Address::ZERO, String::new()),
        InvalidAccount,
        Adm::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert_refused!(
        world,
        world
            .devices
            .sender(alice)
            .add_auditor(who("erin"), String::new()),
        AuditorAlreadyAdded,
        D::AuditorAlreadyAdded {
            auditor: who("erin")
        }
    );
    assert_refused!(
        world,
        world
            .devices
            .sender(alice)
            .add_auditor(oscar, "x".repeat(MAX_URI_LEN + 1)),
        UriTooLong,
        D::UriTooLong {
            length: U256::from(MAX_URI_LEN + 1),
            max: U256::from(MAX_URI_LEN)
        }
    );
    assert_refused!(
        world,
        world.devices.sender(alice).remove_auditor(oscar),
        NotAnAuditor,
        D::NotAnAuditor { account: oscar }
    );
}

#[motsu::test]
fn admin_manages_the_team_and_the_threshold(alice: Address, oscar: Address) {
    let world = World::new();
    let view = || world.devices.sender(alice);
    assert_eq!((view().team_size(), view().approval_threshold()), (3, 2));
    assert!(view().is_team_member(who("tm1")));

    world
        .devices
        .sender(alice)
        .add_team_member(oscar)
        .motsu_unwrap();
    world.devices.assert_emitted(&D::TeamMemberAdded {
        member: oscar,
        teamSize: 4,
        by: alice,
    });
    world
        .devices
        .sender(alice)
        .set_approval_threshold(4)
        .motsu_unwrap();
    world.devices.assert_emitted(&D::ApprovalThresholdSet {
        threshold: 4,
        teamSize: 4,
        by: alice,
    });
    // With the threshold at the team size nobody can leave.
    assert_refused!(
        world,
        world.devices.sender(alice).remove_team_member(oscar),
        InvalidThreshold,
        D::InvalidThreshold {
            threshold: 4,
            teamSize: 3
        }
    );
    world
        .devices
        .sender(alice)
        .set_approval_threshold(3)
        .motsu_unwrap();
    world
        .devices
        .sender(alice)
        .remove_team_member(oscar)
        .motsu_unwrap();
    world.devices.assert_emitted(&D::TeamMemberRemoved {
        member: oscar,
        teamSize: 3,
        by: alice,
    });
    assert!(!view().is_team_member(oscar));
    assert_eq!((view().team_size(), view().approval_threshold()), (3, 3));
}

#[motsu::test]
fn team_refusals(alice: Address, oscar: Address) {
    let world = World::new();
    for (role, caller) in non_admins() {
        assert_refused!(
            world,
            world.devices.sender(caller).add_team_member(oscar),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "add by {role}"
        );
        assert_refused!(
            world,
            world.devices.sender(caller).remove_team_member(who("tm1")),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "remove by {role}"
        );
        assert_refused!(
            world,
            world.devices.sender(caller).set_approval_threshold(1),
            CallerNotAdmin,
            Adm::CallerNotAdmin { account: caller },
            "threshold by {role}"
        );
    }
    assert_refused!(
        world,
        world.devices.sender(alice).add_team_member(Address::ZERO),
        InvalidAccount,
        Adm::InvalidAccount {
            account: Address::ZERO
        }
    );
    assert_refused!(
        world,
        world.devices.sender(alice).add_team_member(who("tm2")),
        TeamMemberAlreadyAdded,
        D::TeamMemberAlreadyAdded { member: who("tm2") }
    );
    assert_refused!(
        world,
        world.devices.sender(alice).remove_team_member(oscar),
        NotATeamMember,
        D::NotATeamMember { account: oscar }
    );
    for threshold in [0, 4] {
        assert_refused!(
            world,
            world
                .devices
                .sender(alice)
                .set_approval_threshold(threshold),
            InvalidThreshold,
            D::InvalidThreshold {
                threshold,
                teamSize: 3
            },
            "threshold {threshold}"
        );
    }
}

#[motsu::test]
fn an_empty_team_has_no_valid_threshold(alice: Address) {
    let world = World::deployed();
    assert_refused!(
        world,
        world.devices.sender(alice).set_approval_threshold(1),
        InvalidThreshold,
        D::InvalidThreshold {
            threshold: 1,
            teamSize: 0
        }
    );
    // Without a threshold every member may leave.
    world
        .devices
        .sender(alice)
        .add_team_member(who("tm1"))
        .motsu_unwrap();
    world
        .devices
        .sender(alice)
        .remove_team_member(who("tm1"))
        .motsu_unwrap();
    assert_eq!(world.devices.sender(alice).team_size(), 0);
}
