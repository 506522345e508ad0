//! M1 on the wasm: an IMEI squatted by a rival manufacturer is recovered by the foundation's
//! dispute (`voidCertificate`), the victim's other devices mint meanwhile, and the squatter's
//! stake stays slashable.

use alloy_primitives::U256;
use dimo_interfaces::{
    certificates::{status, ICertificateToken as T, IDeviceCertificates as C},
    licenses::{IManufacturingLicenses as M, DEFAULT_MINIMUM_STAKE},
};

use super::{assert_event, events};
use crate::registry::account;
use crate::stack::{
    acme, hash, manager, owner, rival, treasury, Device, Stack, ACME, ACME_LICENSE, RIVAL,
    RIVAL_LICENSE,
};

#[test]
fn the_foundation_voids_a_certificate_squatting_another_makers_imei() {
    let mut s = Stack::licensed();
    let (c, m, token) = (s.certificates, s.manufacturing, s.token);
    let victims: Vec<Device> = (0..3).map(|i| Device::new(1, i)).collect();
    // The rival mints a throw-away device carrying the victim's first IMEI.
    let squat = Device {
        imei: victims[0].imei,
        ..Device::new(2, 9)
    };
    let call = s.mint_call(RIVAL, RIVAL_LICENSE, std::slice::from_ref(&squat));
    s.ok(rival(), c, &call);

    // The victim's batch is refused; the same batch without the squatted device mints.
    let call = s.mint_call(ACME, ACME_LICENSE, &victims);
    s.refused(
        acme(),
        c,
        &call,
        &C::ImeiTaken {
            imei: squat.imei,
            id: squat.id(),
        },
    );
    s.mint(&victims[1..]);

    // Only the foundation (a registry admin) voids.
    let void = C::voidCertificateCall {
        id: squat.id(),
        reason: hash(0xd5),
    };
    for caller in [rival(), acme(), manager(), account("stranger")] {
        s.refused(
            caller,
            c,
            &void,
            &C::CallerNotRegistryAdmin { account: caller },
        );
    }
    let sent = s.send(owner(), c, &void);
    assert!(sent.is_ok(), "{:?}", sent.revert_data());
    let voided = events::<C::CertificateVoided>(&sent.receipt, c);
    assert_eq!(voided.len(), 1);
    assert_eq!(
        (
            voided[0].id,
            voided[0].manufacturer,
            voided[0].imei,
            voided[0].by
        ),
        (squat.id(), RIVAL, squat.imei, owner())
    );
    assert_event(&sent.receipt, token, &T::TokenRetired { id: squat.id() });
    let record = s.view(c, &C::certificateCall { id: squat.id() });
    assert_eq!(record.status, status::VOIDED);
    assert_eq!(record.historyHead, voided[0].head);
    assert_eq!(
        s.view(c, &C::idByImeiCall { imei: squat.imei })._0,
        U256::ZERO
    );
    assert_eq!(
        s.view(
            c,
            &C::idBySerialCall {
                manufacturer: RIVAL,
                serial: squat.serial.clone()
            }
        )
        ._0,
        U256::ZERO
    );
    s.refused(owner(), c, &void, &C::CertificateRetired { id: squat.id() });

    // The rightful device mints with its IMEI.
    s.mint(&victims[..1]);
    assert_eq!(
        s.view(c, &C::idByImeiCall { imei: squat.imei })._0,
        victims[0].id()
    );

    // The squatter's stake is still there to slash.
    let stake = s.view(m, &M::stakeOfCall { node: RIVAL })._0;
    assert_eq!(stake, DEFAULT_MINIMUM_STAKE);
    let sent = s.send(
        owner(),
        m,
        &M::slashCall {
            node: RIVAL,
            amount: stake,
            reason: hash(0xd5),
        },
    );
    assert_event(
        &sent.receipt,
        m,
        &M::StakeSlashed {
            node: RIVAL,
            treasury: treasury(),
            amount: stake,
            stake: U256::ZERO,
            reason: hash(0xd5),
            by: owner(),
        },
    );
}
