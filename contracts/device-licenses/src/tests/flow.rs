//! The whole path across the four contracts, as the README tells it: a new manufacturer
//! node, its delegate, the stake, the MOU, the Manufacturing License, the application, three
//! assessments, the team's votes, the granted licence, then suspension, a design change and
//! revocation.

use alloy_primitives::{Address, U256};
use dimo_interfaces::{
    licenses::{
        AuditKind, DeviceStatus as S, IDeviceLicenses as D, IManufacturingLicenses as M,
        DEFAULT_MINIMUM_STAKE,
    },
    privileges::MANAGE_LICENSES,
};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::IErc20;

use super::{hash, kind, status, World};

#[motsu::test]
#[allow(clippy::too_many_lines)]
fn from_stake_to_a_granted_device_licence_and_after(
    alice: Address,
    carol: Address,
    erin: Address,
    ivan: Address,
    heidi: Address,
    judy: Address,
) {
    let world = World::new();
    let (registry, manufacturing, devices) =
        (&world.registry, &world.manufacturing, &world.devices);

    // 1. Registry: an admin mints the manufacturer node to its controller, which delegates
    //    licence management to its operations wallet.
    registry.sender(alice).add_controller(heidi).motsu_unwrap();
    let node = registry
        .sender(alice)
        .mint_manufacturer(heidi, "Macaron Devices".into())
        .motsu_unwrap();
    registry
        .sender(heidi)
        .grant_privilege(node, judy, MANAGE_LICENSES, u64::MAX)
        .motsu_unwrap();

    // 2. Stake: the delegate approves and stakes the minimum from its own wallet.
    world
        .token
        .sender(judy)
        .mint(judy, DEFAULT_MINIMUM_STAKE)
        .motsu_unwrap();
    world
        .token
        .sender(judy)
        .approve(manufacturing.address(), DEFAULT_MINIMUM_STAKE)
        .motsu_unwrap();
    manufacturing
        .sender(judy)
        .stake(node, DEFAULT_MINIMUM_STAKE)
        .motsu_unwrap();
    manufacturing.assert_emitted(&M::Staked {
        node,
        from: judy,
        amount: DEFAULT_MINIMUM_STAKE,
        stake: DEFAULT_MINIMUM_STAKE,
    });

    // 3. MOU: the holder itself accepts the current version.
    let version = manufacturing.sender(heidi).current_mou_version();
    manufacturing
        .sender(heidi)
        .accept_mou(node, version)
        .motsu_unwrap();

    // 4. Manufacturing License: a licence manager grants it.
    manufacturing
        .sender(carol)
        .grant_manufacturing_license(node, 0, hash(0x11))
        .motsu_unwrap();
    assert!(manufacturing.sender(heidi).is_manufacturer_licensed(node));

    // 5. Application by the delegate.
    let licence = devices
        .sender(judy)
        .apply_for_device_license(
            node,
            "Macaron OBD-II".into(),
            "v1.0".into(),
            hash(0xd0),
            U256::ZERO,
        )
        .motsu_unwrap();
    assert_eq!(
        devices.sender(heidi).device_license_manufacturer(licence),
        node
    );

    // 6. Three assessments by approved auditors.
    devices
        .sender(erin)
        .record_audit(
            licence,
            kind(AuditKind::HardwareSecurity),
            true,
            hash(0xe1),
            "ipfs://hw-report".into(),
        )
        .motsu_unwrap();
    devices
        .sender(ivan)
        .record_audit(
            licence,
            kind(AuditKind::CustomerExperience),
            true,
            hash(0xe2),
            "ipfs://cx-report".into(),
        )
        .motsu_unwrap();
    devices
        .sender(erin)
        .record_audit(
            licence,
            kind(AuditKind::IntegrationQuality),
            true,
            hash(0xe3),
            "ipfs://qc-report".into(),
        )
        .motsu_unwrap();

    // 7. The team votes: 2 of 3 approvals grant it.
    world.vote("tm2", licence, true);
    world.vote("tm3", licence, true);
    devices.assert_emitted(&D::DeviceLicenseGranted {
        id: licence,
        manufacturer: node,
        supersedes: U256::ZERO,
    });
    assert!(devices.sender(heidi).is_device_license_active(licence));
    assert_eq!(
        devices.sender(heidi).device_licenses_of(node, 0, 10).0,
        (alloc::vec![licence], 1)
    );

    // 8. Suspension stops new devices of the design; reinstatement resumes them.
    devices
        .sender(carol)
        .suspend_device_license(licence, hash(0x51))
        .motsu_unwrap();
    assert!(!devices.sender(heidi).is_device_license_active(licence));
    devices
        .sender(carol)
        .reinstate_device_license(licence, hash(0x52))
        .motsu_unwrap();

    // 9. A design change: a new application superseding the licence.
    let revised = devices
        .sender(heidi)
        .apply_for_device_license(
            node,
            "Macaron OBD-II".into(),
            "v2.0".into(),
            hash(0xd2),
            licence,
        )
        .motsu_unwrap();
    world.pass_audits(revised);
    world.vote("tm1", revised, true);
    world.vote("tm3", revised, true);
    assert_eq!(world.status_of(licence), status(S::Superseded));
    assert!(devices.sender(heidi).is_device_license_active(revised));

    // 10. Revocation, and the holder takes its delegate's say away.
    devices
        .sender(carol)
        .revoke_device_license(revised, hash(0x66))
        .motsu_unwrap();
    assert!(!devices.sender(heidi).is_device_license_active(revised));
    registry
        .sender(heidi)
        .revoke_privilege(node, judy, MANAGE_LICENSES)
        .motsu_unwrap();
    assert_refused!(
        world,
        devices.sender(judy).apply_for_device_license(
            node,
            "Macaron OBD-II".into(),
            "v3.0".into(),
            hash(0xd3),
            U256::ZERO
        ),
        CallerNotAuthorized,
        D::CallerNotAuthorized {
            node,
            account: judy
        }
    );

    // 11. The Manufacturing License is revoked: no new applications at all.
    manufacturing
        .sender(carol)
        .revoke_manufacturing_license(node, hash(0x77))
        .motsu_unwrap();
    assert_refused!(
        world,
        devices.sender(heidi).apply_for_device_license(
            node,
            "Macaron OBD-II".into(),
            "v3.0".into(),
            hash(0xd3),
            U256::ZERO
        ),
        ManufacturerNotLicensed,
        D::ManufacturerNotLicensed { node }
    );
    // The former delegate has no say; the holder takes the stake back (the admin set the
    // cooldown to 0 for this story; its default is 30 days).
    manufacturing
        .sender(alice)
        .set_unstake_cooldown(0)
        .motsu_unwrap();
    let err = manufacturing
        .sender(judy)
        .unstake(node, DEFAULT_MINIMUM_STAKE)
        .motsu_unwrap_err();
    assert!(
        matches!(
            err,
            manufacturing_licenses::Error::CallerNotAuthorized(M::CallerNotAuthorized { account, .. })
                if account == judy
        ),
        "{err:?}"
    );
    manufacturing
        .sender(heidi)
        .unstake(node, DEFAULT_MINIMUM_STAKE)
        .motsu_unwrap();
    assert_eq!(
        world.token.sender(heidi).balance_of(heidi),
        DEFAULT_MINIMUM_STAKE
    );
}
