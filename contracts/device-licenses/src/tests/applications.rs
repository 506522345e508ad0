//! Applications: `applyForDeviceLicense`, the record, the per-manufacturer list.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, B256, U256};
use dimo_interfaces::licenses::{
    DeviceStatus as S, IDeviceLicenses as D, MAX_MODEL_LEN, MAX_PAGE, MAX_REVISION_LEN,
};
use motsu::prelude::*;

use super::{hash, id, node1, node2, status, View, World, NOW};

#[motsu::test]
fn holder_applies_and_the_record_is_kept(bob: Address) {
    let world = World::new();
    let new = world
        .devices
        .sender(bob)
        .apply_for_device_license(
            node1(),
            "AutoPi Dongle 7".into(),
            "rev C.2".into(),
            hash(0xd1),
            U256::ZERO,
        )
        .motsu_unwrap();
    assert_eq!(new, id(1));
    assert_eq!(
        world.record(new),
        View {
            manufacturer: node1(),
            status: status(S::Pending),
            model: "AutoPi Dongle 7".into(),
            revision: "rev C.2".into(),
            design_hash: hash(0xd1),
            supersedes: U256::ZERO,
            superseded_by: U256::ZERO,
            applicant: bob,
            applied_at: NOW,
            decided_at: 0,
            changed_at: NOW,
            round: 0,
            approvals: 0,
            rejections: 0,
        }
    );
    world.devices.assert_emitted(&D::DeviceLicenseApplied {
        id: new,
        manufacturer: node1(),
        model: "AutoPi Dongle 7".into(),
        hardwareRevision: "rev C.2".into(),
        designHash: hash(0xd1),
        supersedes: U256::ZERO,
        applicant: bob,
    });
    let view = world.devices.sender(bob);
    assert!(!view.is_device_license_active(new));
    assert_eq!(view.device_license_manufacturer(new), node1());
    assert_eq!(view.total_device_licenses(), id(1));
    assert_eq!(
        view.device_licenses_of(node1(), 0, 10).0,
        (alloc::vec![new], 1)
    );
    assert_eq!(view.device_licenses_of(node2(), 0, 10).0, (Vec::new(), 0));
}

#[motsu::test]
fn delegate_applies_for_the_holder(dave: Address, grace: Address) {
    let world = World::new();
    let first = world.apply(dave, node1(), U256::ZERO);
    let second = world.apply(grace, node2(), U256::ZERO);
    assert_eq!((first, second), (id(1), id(2)));
    assert_eq!(world.record(first).applicant, dave);
    assert_eq!(world.record(second).manufacturer, node2());
}

#[motsu::test]
fn texts_at_their_longest_are_kept_whole(bob: Address) {
    let world = World::new();
    let model = "m".repeat(MAX_MODEL_LEN);
    let revision = "r".repeat(MAX_REVISION_LEN);
    let new = world
        .devices
        .sender(bob)
        .apply_for_device_license(
            node1(),
            model.clone(),
            revision.clone(),
            hash(1),
            U256::ZERO,
        )
        .motsu_unwrap();
    let record = world.record(new);
    assert_eq!((record.model, record.revision), (model, revision));
}

#[motsu::test]
fn apply_refuses_callers_without_the_privilege(alice: Address, carol: Address, grace: Address) {
    let world = World::new();
    for (role, caller, node) in [
        ("admin", alice, node1()),
        ("licence manager", carol, node1()),
        ("holder of another node", grace, node1()),
        (
            "anyone, for a node that does not exist",
            grace,
            U256::from(9),
        ),
    ] {
        assert_refused!(
            world,
            world.devices.sender(caller).apply_for_device_license(
                node,
                "AP-1".into(),
                "A".into(),
                hash(1),
                U256::ZERO
            ),
            CallerNotAuthorized,
            D::CallerNotAuthorized {
                node,
                account: caller
            },
            "{role}"
        );
    }
}

#[motsu::test]
fn apply_needs_a_valid_manufacturing_license(bob: Address, carol: Address) {
    let world = World::new();
    world
        .manufacturing
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(1))
        .motsu_unwrap();
    assert_refused!(
        world,
        world.devices.sender(bob).apply_for_device_license(
            node1(),
            "AP-1".into(),
            "A".into(),
            hash(1),
            U256::ZERO
        ),
        ManufacturerNotLicensed,
        D::ManufacturerNotLicensed { node: node1() }
    );
    world
        .manufacturing
        .sender(carol)
        .reinstate_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    world.apply(bob, node1(), U256::ZERO);
}

#[motsu::test]
fn apply_checks_its_texts_and_hash(bob: Address) {
    let world = World::new();
    let apply = |model: String, revision: String, design: B256| {
        world.devices.sender(bob).apply_for_device_license(
            node1(),
            model,
            revision,
            design,
            U256::ZERO,
        )
    };
    for length in [0, MAX_MODEL_LEN + 1] {
        assert_refused!(
            world,
            apply("m".repeat(length), "A".into(), hash(1)),
            InvalidModelName,
            D::InvalidModelName {
                length: U256::from(length),
                max: U256::from(MAX_MODEL_LEN)
            },
            "model of {length} bytes"
        );
    }
    for length in [0, MAX_REVISION_LEN + 1] {
        assert_refused!(
            world,
            apply("AP-1".into(), "r".repeat(length), hash(1)),
            InvalidHardwareRevision,
            D::InvalidHardwareRevision {
                length: U256::from(length),
                max: U256::from(MAX_REVISION_LEN)
            },
            "revision of {length} bytes"
        );
    }
    assert_refused!(
        world,
        apply("AP-1".into(), "A".into(), B256::ZERO),
        InvalidHash,
        D::InvalidHash {}
    );
}

#[motsu::test]
fn supersedes_must_be_an_active_or_suspended_licence_of_the_same_manufacturer(
    bob: Address,
    carol: Address,
    grace: Address,
) {
    let world = World::new();
    let active = world.grant(node1(), U256::ZERO);
    let pending = world.apply(bob, node1(), U256::ZERO);
    let other = world.grant(node2(), U256::ZERO);
    let revoked = world.grant(node1(), U256::ZERO);
    world
        .devices
        .sender(carol)
        .revoke_device_license(revoked, hash(1))
        .motsu_unwrap();
    for (case, supersedes) in [
        ("unknown", id(99)),
        ("pending", pending),
        ("another manufacturer's", other),
        ("revoked", revoked),
    ] {
        assert_refused!(
            world,
            world.devices.sender(bob).apply_for_device_license(
                node1(),
                "AP-2".into(),
                "B".into(),
                hash(2),
                supersedes
            ),
            InvalidSupersededLicense,
            D::InvalidSupersededLicense {
                supersedes,
                manufacturer: node1()
            },
            "{case}"
        );
    }
    // grace may supersede her own.
    world.apply(grace, node2(), other);
    // And a suspended licence may be superseded.
    world
        .devices
        .sender(carol)
        .suspend_device_license(active, hash(3))
        .motsu_unwrap();
    let successor = world.apply(bob, node1(), active);
    assert_eq!(world.record(successor).supersedes, active);
}

#[motsu::test]
fn a_manufacturer_lists_its_licences_in_pages(bob: Address, grace: Address) {
    let world = World::new();
    let count = MAX_PAGE + 5;
    for i in 0..count {
        // Interleave another manufacturer's applications.
        if i % 10 == 0 {
            world.apply(grace, node2(), U256::ZERO);
        }
        world.apply(bob, node1(), U256::ZERO);
    }
    let view = world.devices.sender(bob);
    let (all, total) = view.device_licenses_of(node1(), 0, u64::MAX).0;
    assert_eq!(total, count);
    assert_eq!(
        all.len() as u64,
        MAX_PAGE,
        "a page holds at most {MAX_PAGE}"
    );
    let (rest, _) = view.device_licenses_of(node1(), MAX_PAGE, 50).0;
    assert_eq!(rest.len(), 5);
    let mut every: Vec<U256> = all.into_iter().chain(rest).collect();
    assert_eq!(every.len() as u64, count);
    for pair in every.windows(2) {
        assert!(pair[0] < pair[1], "oldest first");
    }
    every.dedup();
    assert_eq!(every.len() as u64, count);
    for licence in &every {
        assert_eq!(view.device_license_manufacturer(*licence), node1());
    }
    assert_eq!(
        view.device_licenses_of(node1(), 3, 2).0 .0,
        every[3..5].to_vec()
    );
    assert_eq!(
        view.device_licenses_of(node1(), count, 10).0,
        (Vec::new(), count)
    );
    assert_eq!(
        view.device_licenses_of(node1(), u64::MAX, u64::MAX).0,
        (Vec::new(), count)
    );
    assert_eq!(view.device_licenses_of(node2(), 0, 0).0, (Vec::new(), 11));
}
