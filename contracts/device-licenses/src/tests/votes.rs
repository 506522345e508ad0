//! Final approval: `vote`, `hasVoted`, the threshold and the voting rounds.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{Address, U256};
use dimo_interfaces::licenses::{AuditKind, DeviceStatus as S, IDeviceLicenses as D};
use motsu::prelude::*;

use super::{events, hash, kind, node1, status, who, World, NOW};

#[motsu::test]
fn reaching_the_threshold_grants_the_licence(bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    let round = world.record(new).round;

    world.vote("tm1", new, true);
    world.devices.assert_emitted(&D::VoteCast {
        id: new,
        member: who("tm1"),
        approve: true,
        round,
        approvals: 1,
        rejections: 0,
    });
    assert_eq!(world.status_of(new), status(S::Pending));
    assert!(world.devices.sender(bob).has_voted(new, who("tm1")));
    assert!(!world.devices.sender(bob).has_voted(new, who("tm2")));

    world.vote("tm2", new, true);
    world.devices.assert_emitted(&D::DeviceLicenseGranted {
        id: new,
        manufacturer: node1(),
        supersedes: U256::ZERO,
    });
    let record = world.record(new);
    assert_eq!(record.status, status(S::Active));
    assert_eq!(
        (record.decided_at, record.changed_at),
        (NOW, NOW),
        "decided and changed"
    );
    assert_eq!((record.approvals, record.rejections), (2, 0));
    assert!(world.devices.sender(bob).is_device_license_active(new));
    assert!(events::<D::DeviceLicenseRejected>(&world.devices).is_empty());
}

#[motsu::test]
fn rejections_that_make_the_threshold_unreachable_reject(bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    // Three members, threshold 2: one rejection leaves two possible approvals.
    world.vote("tm1", new, false);
    assert_eq!(world.status_of(new), status(S::Pending));
    world.vote("tm2", new, true);
    assert_eq!(world.status_of(new), status(S::Pending));
    world.vote("tm3", new, false);
    world.devices.assert_emitted(&D::DeviceLicenseRejected {
        id: new,
        manufacturer: node1(),
    });
    let record = world.record(new);
    assert_eq!(record.status, status(S::Rejected));
    assert_eq!(record.decided_at, NOW);
    assert_eq!((record.approvals, record.rejections), (1, 2));
    assert!(!world.devices.sender(bob).is_device_license_active(new));
}

#[motsu::test]
fn a_threshold_of_one_grants_at_the_first_approval(alice: Address, bob: Address) {
    let world = World::new();
    world
        .devices
        .sender(alice)
        .set_approval_threshold(1)
        .motsu_unwrap();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    world.vote("tm3", new, true);
    assert_eq!(world.status_of(new), status(S::Active));
}

#[motsu::test]
fn unanimity_rejects_at_the_first_rejection(alice: Address, bob: Address) {
    let world = World::new();
    world
        .devices
        .sender(alice)
        .set_approval_threshold(3)
        .motsu_unwrap();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    world.vote("tm1", new, true);
    world.vote("tm2", new, false);
    assert_eq!(world.status_of(new), status(S::Rejected));
}

#[motsu::test]
fn votes_wait_for_three_passed_assessments(bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    let refused = D::AuditsIncomplete { id: new };
    assert_refused!(
        world,
        world.devices.sender(who("tm1")).vote(new, true),
        AuditsIncomplete,
        refused.clone(),
        "no assessment"
    );
    world.audit(new, kind(AuditKind::HardwareSecurity), true);
    world.audit(new, kind(AuditKind::CustomerExperience), true);
    assert_refused!(
        world,
        world.devices.sender(who("tm1")).vote(new, false),
        AuditsIncomplete,
        refused.clone(),
        "two of three"
    );
    world.audit(new, kind(AuditKind::IntegrationQuality), false);
    assert_refused!(
        world,
        world.devices.sender(who("tm1")).vote(new, true),
        AuditsIncomplete,
        refused,
        "one failed"
    );
    world.audit(new, kind(AuditKind::IntegrationQuality), true);
    world.vote("tm1", new, true);
}

#[motsu::test]
fn vote_refusals(bob: Address, carol: Address, erin: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    for (role, caller) in [
        ("admin", who("alice")),
        ("licence manager", carol),
        ("auditor", erin),
        ("applicant", bob),
    ] {
        assert_refused!(
            world,
            world.devices.sender(caller).vote(new, true),
            NotATeamMember,
            D::NotATeamMember { account: caller },
            "{role}"
        );
    }
    world.vote("tm1", new, true);
    for approve in [true, false] {
        assert_refused!(
            world,
            world.devices.sender(who("tm1")).vote(new, approve),
            AlreadyVoted,
            D::AlreadyVoted {
                id: new,
                member: who("tm1")
            },
            "again, approving: {approve}"
        );
    }
    let unknown = U256::from(5);
    assert_refused!(
        world,
        world.devices.sender(who("tm2")).vote(unknown, true),
        UnknownDeviceLicense,
        D::UnknownDeviceLicense { id: unknown }
    );
    world.vote("tm2", new, true);
    assert_refused!(
        world,
        world.devices.sender(who("tm3")).vote(new, true),
        InvalidDeviceLicenseStatus,
        D::InvalidDeviceLicenseStatus {
            id: new,
            status: status(S::Active)
        }
    );
}

#[motsu::test]
fn votes_need_a_threshold(alice: Address, bob: Address) {
    let world = World::deployed();
    for auditor in ["erin", "ivan"] {
        world
            .devices
            .sender(alice)
            .add_auditor(who(auditor), String::new())
            .motsu_unwrap();
    }
    world
        .devices
        .sender(alice)
        .add_team_member(who("tm1"))
        .motsu_unwrap();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    assert_refused!(
        world,
        world.devices.sender(who("tm1")).vote(new, true),
        ThresholdNotSet,
        D::ThresholdNotSet {}
    );
}

#[motsu::test]
fn a_new_record_restarts_the_vote(bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    world.vote("tm1", new, true);
    world.vote("tm2", new, false);
    let before = world.record(new).round;

    // A corrected report: the votes cast on the old one no longer count.
    world.audit(new, kind(AuditKind::CustomerExperience), true);
    let record = world.record(new);
    assert_eq!(record.round, before + 1);
    assert_eq!((record.approvals, record.rejections), (0, 0));
    assert!(!world.devices.sender(bob).has_voted(new, who("tm1")));

    // tm2 changes its mind in the new round; tm1 approves again.
    world.vote("tm2", new, true);
    world.vote("tm1", new, true);
    assert_eq!(world.status_of(new), status(S::Active));
    let rounds: Vec<u64> = events::<D::VoteCast>(&world.devices)
        .iter()
        .map(|v| v.round)
        .collect();
    assert_eq!(rounds, [before, before, before + 1, before + 1]);
}

#[motsu::test]
fn the_deciding_approval_needs_a_licensed_manufacturer(bob: Address, carol: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    world.vote("tm1", new, true);
    world
        .manufacturing
        .sender(carol)
        .suspend_manufacturing_license(node1(), hash(1))
        .motsu_unwrap();
    assert_refused!(
        world,
        world.devices.sender(who("tm2")).vote(new, true),
        ManufacturerNotLicensed,
        D::ManufacturerNotLicensed { node: node1() }
    );
    // A rejection needs no licence.
    world.vote("tm2", new, false);
    assert_eq!(world.status_of(new), status(S::Pending));
    world
        .manufacturing
        .sender(carol)
        .reinstate_manufacturing_license(node1(), hash(2))
        .motsu_unwrap();
    world.vote("tm3", new, true);
    assert_eq!(world.status_of(new), status(S::Active));
}

#[motsu::test]
fn removed_members_keep_their_votes_and_cannot_vote(alice: Address, bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    world.vote("tm1", new, true);
    world
        .devices
        .sender(alice)
        .remove_team_member(who("tm1"))
        .motsu_unwrap();
    assert_refused!(
        world,
        world.devices.sender(who("tm1")).vote(new, true),
        NotATeamMember,
        D::NotATeamMember {
            account: who("tm1")
        }
    );
    world.vote("tm3", new, true);
    assert_eq!(world.status_of(new), status(S::Active));
}

#[motsu::test]
fn a_lowered_threshold_applies_from_the_next_vote(alice: Address, bob: Address) {
    let world = World::new();
    world
        .devices
        .sender(alice)
        .set_approval_threshold(3)
        .motsu_unwrap();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    world.vote("tm1", new, true);
    world.vote("tm2", new, true);
    assert_eq!(world.status_of(new), status(S::Pending));
    world
        .devices
        .sender(alice)
        .set_approval_threshold(2)
        .motsu_unwrap();
    // Changing the threshold decides nothing by itself...
    assert_eq!(world.status_of(new), status(S::Pending));
    // ...the next vote does, whichever way it goes: the approvals already meet it.
    world.vote("tm3", new, false);
    assert_eq!(world.status_of(new), status(S::Active));
    let record = world.record(new);
    assert_eq!((record.approvals, record.rejections), (2, 1));
}

/// L6: a team member who holds the node (or applied, or is its delegate) may not vote on its
/// licence.
#[motsu::test]
fn a_team_member_may_not_vote_on_its_own_nodes_licence(alice: Address, bob: Address) {
    let world = World::new();
    let new = world.apply(bob, node1(), U256::ZERO);
    world.pass_audits(new);
    for account in [bob, who("dave")] {
        world
            .devices
            .sender(alice)
            .add_team_member(account)
            .motsu_unwrap();
        assert_refused!(
            world,
            world.devices.sender(account).vote(new, true),
            ConflictOfInterest,
            D::ConflictOfInterest { id: new, account }
        );
    }
    world.vote("tm1", new, true);
}
