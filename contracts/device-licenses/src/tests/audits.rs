//! Assessments: `recordAudit` and `deviceLicenseAudit`.

use alloc::string::String;

use alloy_primitives::{Address, B256, U256};
use dimo_interfaces::licenses::{
    AuditKind, AuditResult, DeviceStatus as S, IDeviceLicenses as D, AUDIT_KINDS, MAX_URI_LEN,
};
use motsu::prelude::*;

use super::{hash, id, kind, node1, status, who, World, NOW};

#[motsu::test]
fn auditor_records_each_assessment(bob: Address, erin: Address, ivan: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    for (round, k) in (1u64..).zip(AUDIT_KINDS) {
        let auditor = if k == AuditKind::CustomerExperience {
            ivan
        } else {
            erin
        };
        world
            .devices
            .sender(auditor)
            .record_audit(new, kind(k), true, hash(kind(k)), "ipfs://r".into())
            .motsu_unwrap();
        world.devices.assert_emitted(&D::AuditRecorded {
            id: new,
            kind: kind(k),
            passed: true,
            reportHash: hash(kind(k)),
            reportUri: "ipfs://r".into(),
            auditor,
            round,
        });
        assert_eq!(
            world
                .devices
                .sender(bob)
                .device_license_audit(new, kind(k))
                .0,
            (
                AuditResult::Passed as u8,
                auditor,
                NOW,
                hash(kind(k)),
                String::from("ipfs://r")
            )
        );
        assert_eq!(world.record(new).round, round);
    }
    // Recording does not decide anything.
    assert_eq!(world.status_of(new), status(S::Pending));
}

#[motsu::test]
fn a_later_record_replaces_an_earlier_one(bob: Address, erin: Address, ivan: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    let hw = kind(AuditKind::HardwareSecurity);
    world
        .devices
        .sender(erin)
        .record_audit(new, hw, false, hash(1), "u".repeat(MAX_URI_LEN))
        .motsu_unwrap();
    assert_eq!(
        world.devices.sender(bob).device_license_audit(new, hw).0 .0,
        AuditResult::Failed as u8
    );
    world
        .devices
        .sender(ivan)
        .record_audit(new, hw, true, hash(2), "short".into())
        .motsu_unwrap();
    assert_eq!(
        world.devices.sender(bob).device_license_audit(new, hw).0,
        (
            AuditResult::Passed as u8,
            ivan,
            NOW,
            hash(2),
            String::from("short")
        )
    );
    // The longer URI's later words were cleared.
    let cleared = world
        .devices
        .sender(bob)
        .licenses
        .get(new)
        .audits
        .get(0)
        .expect("three audits")
        .report_uri
        .get(7)
        .expect("eight words");
    assert!(cleared.is_zero());
    // The other assessments are untouched.
    for other in [AuditKind::CustomerExperience, AuditKind::IntegrationQuality] {
        assert_eq!(
            world
                .devices
                .sender(bob)
                .device_license_audit(new, kind(other))
                .0,
            (0, Address::ZERO, 0, B256::ZERO, String::new())
        );
    }
}

#[motsu::test]
fn record_refuses_accounts_that_are_not_auditors(
    alice: Address,
    bob: Address,
    carol: Address,
    erin: Address,
) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world
        .devices
        .sender(alice)
        .remove_auditor(erin)
        .motsu_unwrap();
    for (role, caller) in [
        ("admin", alice),
        ("licence manager", carol),
        ("applicant", bob),
        ("team member", who("tm1")),
        ("removed auditor", erin),
    ] {
        assert_refused!(
            world,
            world
                .devices
                .sender(caller)
                .record_audit(new, 1, true, hash(1), String::new()),
            NotAnAuditor,
            D::NotAnAuditor { account: caller },
            "{role}"
        );
    }
}

#[motsu::test]
fn record_refusals(bob: Address, ivan: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    for k in [0, 4, 255] {
        assert_refused!(
            world,
            world
                .devices
                .sender(ivan)
                .record_audit(new, k, true, hash(1), String::new()),
            InvalidAuditKind,
            D::InvalidAuditKind { kind: k },
            "kind {k}"
        );
    }
    assert_refused!(
        world,
        world
            .devices
            .sender(ivan)
            .record_audit(new, 1, true, B256::ZERO, String::new()),
        InvalidHash,
        D::InvalidHash {}
    );
    assert_refused!(
        world,
        world
            .devices
            .sender(ivan)
            .record_audit(new, 1, true, hash(1), "u".repeat(MAX_URI_LEN + 1)),
        UriTooLong,
        D::UriTooLong {
            length: U256::from(MAX_URI_LEN + 1),
            max: U256::from(MAX_URI_LEN)
        }
    );
    for unknown in [U256::ZERO, id(2)] {
        assert_refused!(
            world,
            world
                .devices
                .sender(ivan)
                .record_audit(unknown, 1, true, hash(1), String::new()),
            UnknownDeviceLicense,
            D::UnknownDeviceLicense { id: unknown },
            "licence {unknown}"
        );
    }
}

#[motsu::test]
fn no_record_after_the_decision(bob: Address, carol: Address, ivan: Address) {
    let world = World::new();
    let granted = world.grant(node1(), U256::ZERO);
    let rejected = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(rejected);
    world.vote("tm1", rejected, false);
    world.vote("tm2", rejected, false);
    let closed = world.apply(bob, node1(), U256::ZERO);
    world
        .devices
        .sender(carol)
        .revoke_device_license(closed, hash(1))
        .motsu_unwrap();
    for (licence, now) in [
        (granted, S::Active),
        (rejected, S::Rejected),
        (closed, S::Revoked),
    ] {
        assert_refused!(
            world,
            world
                .devices
                .sender(ivan)
                .record_audit(licence, 1, false, hash(9), String::new()),
            InvalidDeviceLicenseStatus,
            D::InvalidDeviceLicenseStatus {
                id: licence,
                status: status(now)
            },
            "{now:?}"
        );
    }
}

#[motsu::test]
fn audit_view_answers_zeros_for_unknown_kinds_and_licences(bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    let none = (0, Address::ZERO, 0, B256::ZERO, String::new());
    let view = world.devices.sender(bob);
    assert_eq!(view.device_license_audit(new, 0).0, none);
    assert_eq!(view.device_license_audit(new, 4).0, none);
    assert_eq!(view.device_license_audit(id(7), 1).0, none);
    assert_eq!(
        view.device_license_audit(new, 1).0 .0,
        AuditResult::Passed as u8
    );
}

/// L6: the node's holder, the applicant and a delegate of the node may not audit its design,
/// even when they are approved auditors.
#[motsu::test]
fn a_manufacturers_own_people_may_not_audit_its_design(alice: Address, bob: Address) {
    let world = World::new();
    let dave = who("dave");
    let new = world.apply(dave, node1(), U256::ZERO);
    for account in [bob, dave] {
        world
            .devices
            .sender(alice)
            .add_auditor(account, String::new())
            .motsu_unwrap();
    }
    for (role, account) in [("holder", bob), ("applicant and delegate", dave)] {
        assert_refused!(
            world,
            world
                .devices
                .sender(account)
                .record_audit(new, 1, true, hash(1), String::new()),
            ConflictOfInterest,
            D::ConflictOfInterest { id: new, account },
            "{role}"
        );
    }
    // The holder of another node audits it.
    world
        .devices
        .sender(alice)
        .add_auditor(who("grace"), String::new())
        .motsu_unwrap();
    world
        .devices
        .sender(who("grace"))
        .record_audit(new, 1, true, hash(1), String::new())
        .motsu_unwrap();
}

/// L6: one auditor may not hold all three assessments; it may replace its own.
#[motsu::test]
fn one_auditor_may_not_record_all_three_assessments(bob: Address, erin: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    for k in [1, 2, 2] {
        world
            .devices
            .sender(erin)
            .record_audit(new, k, true, hash(k), String::new())
            .motsu_unwrap();
    }
    assert_refused!(
        world,
        world
            .devices
            .sender(erin)
            .record_audit(new, 3, true, hash(3), String::new()),
        SoleAuditor,
        D::SoleAuditor {
            id: new,
            auditor: erin
        }
    );
    world
        .devices
        .sender(who("ivan"))
        .record_audit(new, 3, true, hash(3), String::new())
        .motsu_unwrap();
}
