//! The licence flow on the deployed artifacts: stake, MOU, Manufacturing License, then a
//! Hardware Device License through three audits and the team's vote, with the callers each
//! step refuses.

use alloy_primitives::U256;
use dimo_interfaces::{
    certificates::IDeviceCertificates as C,
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M, DEFAULT_MINIMUM_STAKE},
    privileges,
    registry::IManufacturerRegistry as R,
};

use super::{assert_event, events};
use crate::registry::account;
use crate::stack::{
    acme, auditors, hash, manager, startup, team, Device, Stack, ACME, RIVAL, STARTUP,
};

#[test]
// One story, start to end: splitting it would only scatter it.
#[allow(clippy::too_many_lines)]
fn the_whole_licence_flow_step_by_step() {
    let mut s = Stack::deployed();
    let (m, d) = (s.manufacturing, s.devices);
    let min = DEFAULT_MINIMUM_STAKE;

    // Stake: the tokens move from the holder to the contract.
    let sent = s.send(
        acme(),
        m,
        &M::stakeCall {
            node: ACME,
            amount: min,
        },
    );
    sent.ok();
    assert_event(
        &sent.receipt,
        m,
        &M::Staked {
            node: ACME,
            from: acme(),
            amount: min,
            stake: min,
        },
    );
    assert_eq!(s.view(m, &M::stakeOfCall { node: ACME })._0, min);
    assert_eq!(s.view(m, &M::totalStakedCall {})._0, min);
    assert!(!s.view(m, &M::isManufacturerLicensedCall { node: ACME })._0);

    // The MOU.
    let sent = s.send(
        acme(),
        m,
        &M::acceptMouCall {
            node: ACME,
            version: 1,
        },
    );
    sent.ok();
    assert_event(
        &sent.receipt,
        m,
        &M::MouAccepted {
            node: ACME,
            version: 1,
            holder: acme(),
        },
    );

    // The Manufacturing License.
    let sent = s.send(
        manager(),
        m,
        &M::grantManufacturingLicenseCall {
            node: ACME,
            expiresAt: 0,
            reason: hash(0x61),
        },
    );
    sent.ok();
    assert_event(
        &sent.receipt,
        m,
        &M::ManufacturingLicenseGranted {
            node: ACME,
            grant: 1,
            expiresAt: 0,
            reason: hash(0x61),
            by: manager(),
        },
    );
    assert!(s.view(m, &M::isManufacturerLicensedCall { node: ACME })._0);
    let record = s.view(m, &M::manufacturingLicenseCall { node: ACME });
    assert_eq!((record.status, record.grant, record.stake), (1, 1, min));
    assert_eq!(record.mouVersion, 1);

    // The application.
    let sent = s.send(
        acme(),
        d,
        &D::applyForDeviceLicenseCall {
            manufacturer: ACME,
            model: "Model One".into(),
            hardwareRevision: "rev B".into(),
            designHash: hash(0x44),
            supersedes: U256::ZERO,
        },
    );
    let id = sent.ok()._0;
    assert_eq!(id, U256::from(1));
    assert_event(
        &sent.receipt,
        d,
        &D::DeviceLicenseApplied {
            id,
            manufacturer: ACME,
            model: "Model One".into(),
            hardwareRevision: "rev B".into(),
            designHash: hash(0x44),
            supersedes: U256::ZERO,
            applicant: acme(),
        },
    );
    assert_eq!(s.view(d, &D::deviceLicenseCall { id }).status, 1);

    // Three audits, each by its auditor; each opens a new voting round.
    for (kind, auditor) in (1..=3).zip(auditors()) {
        let sent = s.send(
            auditor,
            d,
            &D::recordAuditCall {
                id,
                kind,
                passed: true,
                reportHash: hash(0xa0 + kind),
                reportUri: format!("ipfs://audit-{kind}"),
            },
        );
        sent.ok();
        assert_event(
            &sent.receipt,
            d,
            &D::AuditRecorded {
                id,
                kind,
                passed: true,
                reportHash: hash(0xa0 + kind),
                reportUri: format!("ipfs://audit-{kind}"),
                auditor,
                round: u64::from(kind),
            },
        );
    }

    // The vote: 2 of 3. The first approval does not decide.
    let [ana, ben, _] = team();
    let sent = s.send(ana, d, &D::voteCall { id, approve: true });
    sent.ok();
    assert_event(
        &sent.receipt,
        d,
        &D::VoteCast {
            id,
            member: ana,
            approve: true,
            round: 3,
            approvals: 1,
            rejections: 0,
        },
    );
    assert!(events::<D::DeviceLicenseGranted>(&sent.receipt, d).is_empty());
    assert!(!s.view(d, &D::isDeviceLicenseActiveCall { id })._0);
    let sent = s.send(ben, d, &D::voteCall { id, approve: true });
    sent.ok();
    assert_event(
        &sent.receipt,
        d,
        &D::DeviceLicenseGranted {
            id,
            manufacturer: ACME,
            supersedes: U256::ZERO,
        },
    );
    assert!(s.view(d, &D::isDeviceLicenseActiveCall { id })._0);
    assert_eq!(s.view(d, &D::deviceLicenseManufacturerCall { id })._0, ACME);

    // The certificate contract now mints under it.
    let call = s.mint_call(ACME, id, &[Device::new(1, 0)]);
    let c = s.certificates;
    assert_eq!(s.ok(acme(), c, &call)._0, U256::from(1));
}

#[test]
fn a_manage_licenses_delegate_stakes_and_applies_but_only_the_holder_accepts_the_mou() {
    let mut s = Stack::deployed();
    let (m, d, registry) = (s.manufacturing, s.devices, s.registry);
    let ops = account("acme operations");
    let expires_at = s.now() + 86_400;
    s.ok(
        acme(),
        registry,
        &R::grantPrivilegeCall {
            node: ACME,
            operator: ops,
            privilege: privileges::MANAGE_LICENSES,
            expiresAt: expires_at,
        },
    );
    let erc20 = s.erc20;
    s.ok(
        ops,
        erc20,
        &crate::stack::erc20::ITestErc20::mintCall {
            to: ops,
            amount: DEFAULT_MINIMUM_STAKE,
        },
    );
    s.ok(
        ops,
        erc20,
        &crate::stack::erc20::ITestErc20::approveCall {
            spender: m,
            value: DEFAULT_MINIMUM_STAKE,
        },
    );
    s.ok(
        ops,
        m,
        &M::stakeCall {
            node: ACME,
            amount: DEFAULT_MINIMUM_STAKE,
        },
    );
    s.refused(
        ops,
        m,
        &M::acceptMouCall {
            node: ACME,
            version: 1,
        },
        &M::CallerNotNodeHolder {
            node: ACME,
            account: ops,
        },
    );
    s.accept_mou(ACME);
    s.grant(ACME);
    let sent = s.send(
        ops,
        d,
        &D::applyForDeviceLicenseCall {
            manufacturer: ACME,
            model: "Model Two".into(),
            hardwareRevision: "A".into(),
            designHash: hash(1),
            supersedes: U256::ZERO,
        },
    );
    let id = sent.ok()._0;
    assert_eq!(s.view(d, &D::deviceLicenseCall { id }).applicant, ops);
}

#[test]
// One story, start to end: splitting it would only scatter it.
#[allow(clippy::too_many_lines)]
fn each_licence_step_refuses_the_wrong_caller_and_the_wrong_order() {
    let mut s = Stack::deployed();
    let (m, d) = (s.manufacturing, s.devices);
    let stranger = account("stranger");
    let min = DEFAULT_MINIMUM_STAKE;

    s.refused(
        stranger,
        m,
        &M::stakeCall {
            node: ACME,
            amount: min,
        },
        &M::CallerNotAuthorized {
            node: ACME,
            account: stranger,
        },
    );
    // Another manufacturer's holder is a stranger to this node.
    s.refused(
        startup(),
        m,
        &M::stakeCall {
            node: ACME,
            amount: min,
        },
        &M::CallerNotAuthorized {
            node: ACME,
            account: startup(),
        },
    );
    let grant = M::grantManufacturingLicenseCall {
        node: ACME,
        expiresAt: 0,
        reason: hash(0x61),
    };
    // Not before the stake, not before the MOU, never by a stranger or the manufacturer.
    s.refused(
        manager(),
        m,
        &grant,
        &M::StakeBelowMinimum {
            node: ACME,
            stake: U256::ZERO,
            minimum: min,
        },
    );
    s.stake(ACME);
    s.refused(
        manager(),
        m,
        &grant,
        &M::MouNotAccepted {
            node: ACME,
            accepted: 0,
            current: 1,
        },
    );
    s.refused(
        acme(),
        m,
        &M::acceptMouCall {
            node: ACME,
            version: 2,
        },
        &M::MouVersionMismatch {
            version: 2,
            current: 1,
        },
    );
    s.refused(
        stranger,
        m,
        &M::acceptMouCall {
            node: ACME,
            version: 1,
        },
        &M::CallerNotNodeHolder {
            node: ACME,
            account: stranger,
        },
    );
    s.accept_mou(ACME);
    for caller in [stranger, acme()] {
        s.refused(
            caller,
            m,
            &grant,
            &M::CallerNotLicenseManager { account: caller },
        );
    }

    // No application before the licence.
    let apply = |node: U256| D::applyForDeviceLicenseCall {
        manufacturer: node,
        model: "Model One".into(),
        hardwareRevision: "rev B".into(),
        designHash: hash(0x44),
        supersedes: U256::ZERO,
    };
    s.refused(
        acme(),
        d,
        &apply(ACME),
        &D::ManufacturerNotLicensed { node: ACME },
    );
    s.grant(ACME);
    s.refused(
        manager(),
        m,
        &grant,
        &M::InvalidLicenseStatus {
            node: ACME,
            status: 1,
        },
    );
    s.refused(
        stranger,
        d,
        &apply(ACME),
        &D::CallerNotAuthorized {
            node: ACME,
            account: stranger,
        },
    );
    s.refused(
        startup(),
        d,
        &apply(STARTUP),
        &D::ManufacturerNotLicensed { node: STARTUP },
    );
    let id = s.apply(ACME, "Model One");

    // Audits: approved auditors only; votes: team members only, after three passed audits,
    // once per round.
    let audit = D::recordAuditCall {
        id,
        kind: 1,
        passed: true,
        reportHash: hash(0xa1),
        reportUri: "ipfs://audit-1".into(),
    };
    for caller in [stranger, acme(), team()[0]] {
        s.refused(caller, d, &audit, &D::NotAnAuditor { account: caller });
    }
    let vote = D::voteCall { id, approve: true };
    s.refused(team()[0], d, &vote, &D::AuditsIncomplete { id });
    s.audit(id, 1);
    s.audit(id, 2);
    s.refused(team()[0], d, &vote, &D::AuditsIncomplete { id });
    s.audit(id, 3);
    for caller in [stranger, auditors()[0], acme()] {
        s.refused(caller, d, &vote, &D::NotATeamMember { account: caller });
    }
    s.approve(id, 0);
    s.refused(
        team()[0],
        d,
        &vote,
        &D::AlreadyVoted {
            id,
            member: team()[0],
        },
    );
    s.approve(id, 1);
    s.refused(
        team()[2],
        d,
        &vote,
        &D::InvalidDeviceLicenseStatus { id, status: 3 },
    );
    // Suspension is the licence managers' (and admins') business only.
    for caller in [stranger, acme(), team()[0]] {
        s.refused(
            caller,
            d,
            &D::suspendDeviceLicenseCall {
                id,
                reason: hash(5),
            },
            &D::CallerNotLicenseManager { account: caller },
        );
        s.refused(
            caller,
            m,
            &M::suspendManufacturingLicenseCall {
                node: ACME,
                reason: hash(5),
            },
            &M::CallerNotLicenseManager { account: caller },
        );
    }
}

#[test]
fn the_rival_is_licensed_independently() {
    let mut s = Stack::licensed();
    let (m, d) = (s.manufacturing, s.devices);
    for node in [ACME, RIVAL] {
        assert!(s.view(m, &M::isManufacturerLicensedCall { node })._0);
    }
    assert!(
        !s.view(m, &M::isManufacturerLicensedCall { node: STARTUP })
            ._0
    );
    let ids = s.view(
        d,
        &D::deviceLicensesOfCall {
            manufacturer: RIVAL,
            offset: 0,
            limit: 10,
        },
    );
    assert_eq!((ids.ids, ids.total), (vec![U256::from(2)], 1));
    // Revoking one manufacturer's licence leaves the other's minting alone.
    s.ok(
        manager(),
        m,
        &M::revokeManufacturingLicenseCall {
            node: RIVAL,
            reason: hash(9),
        },
    );
    let c = s.certificates;
    let call = s.mint_call(ACME, crate::stack::ACME_LICENSE, &[Device::new(1, 0)]);
    s.ok(acme(), c, &call);
    let call = s.mint_call(RIVAL, crate::stack::RIVAL_LICENSE, &[Device::new(2, 0)]);
    s.refused(
        crate::stack::rival(),
        c,
        &call,
        &C::ManufacturerNotLicensed { node: RIVAL },
    );
}
