//! Properties over random sequences of mints, key rotations, OTA updates and ends of life:
//! device address ↔ id stays a bijection, serials (per manufacturer) and IMEIs stay unique,
//! end of life is terminal, the history head recomputed from the events equals the stored
//! one, and a refused operation changes nothing.

use alloc::{collections::BTreeMap, format, vec::Vec};

use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::{SolEvent, SolValue};
use dimo_interfaces::{
    certificates::{link, IDeviceCertificates as C},
    signer::DeviceKey,
};
use motsu::prelude::*;
use proptest::{collection::vec, prelude::*, test_runner::TestCaseError};

use super::{hash, imei, node1, node2, rotation_key, who, Device, World};

/// Device keys the operations pick from: fixture devices 0 to 5.
const DEVICES: u64 = 6;
/// Rotation keys the operations pick from.
const ROTATIONS: u64 = 3;

/// One operation; any of them may be refused.
#[derive(Clone, Debug)]
enum Op {
    /// Mint devices `(device, serial, imei)` (indexes into small pools) for node 1 or 2.
    Mint {
        node2: bool,
        devices: Vec<(u64, u64, u64)>,
    },
    /// Rotate certificate `device`'s key to key `to` (device keys first, then rotation keys).
    Rotate { device: u64, to: u64 },
    /// OTA update of certificate `device` to firmware `version`.
    Ota { device: u64, version: u64 },
    /// End of life of certificate `device`.
    EndOfLife { device: u64 },
}

/// Any operation.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (any::<bool>(), vec((0..DEVICES, 0..4u64, 0..4u64), 1..4))
            .prop_map(|(node2, devices)| Op::Mint { node2, devices }),
        3 => (0..DEVICES, 0..DEVICES + ROTATIONS).prop_map(|(device, to)| Op::Rotate { device, to }),
        2 => (0..DEVICES, 1..4u64).prop_map(|(device, version)| Op::Ota { device, version: version << 48 }),
        1 => (0..DEVICES).prop_map(|device| Op::EndOfLife { device }),
    ]
}

/// Key `index`: fixture device keys, then rotation keys.
fn key(index: u64) -> DeviceKey {
    if index < DEVICES {
        Device::new(index).key
    } else {
        rotation_key(index - DEVICES)
    }
}

/// Applies `op` (as the manufacturer's holder); whether it succeeded.
fn apply(world: &World, op: &Op) -> bool {
    match op {
        Op::Mint {
            node2: second,
            devices,
        } => {
            let (node, license, by) = if *second {
                (node2(), World::license2(), who("grace"))
            } else {
                (node1(), World::license1(), who("bob"))
            };
            let inputs = devices
                .iter()
                .map(|&(device, serial, code)| {
                    let mut d = Device::new(device);
                    d.serial = format!("S{serial}");
                    d.imei = if code == 0 {
                        0
                    } else {
                        imei(35_000_000_000_000 + code)
                    };
                    d.input(world.at(), node)
                })
                .collect();
            world
                .certificates
                .sender(by)
                .mint_certificates(node, license, inputs)
                .motsu_res()
                .is_ok()
        }
        Op::Rotate { device, to } => {
            let id = Device::new(*device).id();
            let new = key(*to);
            let resets = world
                .certificates
                .sender(Address::ZERO)
                .certificate(id)
                .motsu_res()
                .map_or(0, |v| super::View::from(v).resets);
            let Some(current) = world
                .certificates
                .sender(Address::ZERO)
                .certificate(id)
                .motsu_res()
                .ok()
                .and_then(|v| {
                    (0..DEVICES + ROTATIONS)
                        .map(key)
                        .find(|k| k.address() == super::View::from(v.clone()).device)
                })
            else {
                return false;
            };
            let signature = world.rotate_signature(&current, &new, id, resets);
            [who("bob"), who("grace")].into_iter().any(|by| {
                world
                    .certificates
                    .sender(by)
                    .factory_reset(id, new.address(), signature.clone())
                    .motsu_res()
                    .is_ok()
            })
        }
        Op::Ota { device, version } => {
            let id = Device::new(*device).id();
            [who("bob"), who("grace")].into_iter().any(|by| {
                world
                    .certificates
                    .sender(by)
                    .update_firmware(id, *version, hash(7), false)
                    .motsu_res()
                    .is_ok()
            })
        }
        Op::EndOfLife { device } => {
            let id = Device::new(*device).id();
            [who("bob"), who("grace")].into_iter().any(|by| {
                world
                    .certificates
                    .sender(by)
                    .end_of_life(id, 1, hash(8))
                    .motsu_res()
                    .is_ok()
            })
        }
    }
}

/// The history heads recomputed from the events alone, per certificate id.
fn heads_from_events(world: &World) -> BTreeMap<U256, B256> {
    let mut heads: BTreeMap<U256, B256> = BTreeMap::new();
    for log in world.logs().0 {
        if let Ok(e) = C::FirmwareUpdated::decode_log_data(&log, true) {
            let head = heads.entry(e.id).or_default();
            *head = keccak256(
                (
                    *head,
                    U256::from(link::OTA_UPDATE),
                    e.id,
                    U256::from(e.from),
                    U256::from(e.to),
                    e.imageHash,
                    e.rollback,
                    e.by,
                )
                    .abi_encode(),
            );
        } else if let Ok(e) = C::FactoryReset::decode_log_data(&log, true) {
            let head = heads.entry(e.id).or_default();
            *head = keccak256(
                (
                    *head,
                    U256::from(link::FACTORY_RESET),
                    e.id,
                    e.oldDevice,
                    e.newDevice,
                    e.by,
                )
                    .abi_encode(),
            );
        } else if let Ok(e) = C::EndOfLife::decode_log_data(&log, true) {
            let head = heads.entry(e.id).or_default();
            *head = keccak256(
                (
                    *head,
                    U256::from(link::END_OF_LIFE),
                    e.id,
                    U256::from(e.kind),
                    e.reason,
                    e.by,
                )
                    .abi_encode(),
            );
        }
    }
    heads
}

/// The invariants; `retired` holds the view of every certificate at its end of life.
fn check(world: &World, retired: &mut BTreeMap<U256, super::View>) -> Result<(), TestCaseError> {
    let call = world.certificates.sender(Address::ZERO);
    let existing: Vec<(U256, super::View)> = (0..DEVICES)
        .map(|n| Device::new(n).id())
        .filter_map(|id| {
            call.certificate(id)
                .ok()
                .map(|v| (id, super::View::from(v)))
        })
        .collect();
    // (1) address <-> id: every certificate's current key looks up to it, and every key
    // that looks up to a certificate is its current key.
    for (id, v) in &existing {
        prop_assert_eq!(call.id_by_device_address(v.device), *id);
    }
    for index in 0..DEVICES + ROTATIONS {
        let address = key(index).address();
        let found = call.id_by_device_address(address);
        if !found.is_zero() {
            let v = super::View::from(call.certificate(found).ok().unwrap());
            prop_assert_eq!(v.device, address);
        }
    }
    // (2) serials per manufacturer and IMEIs are unique and look up to their certificate.
    let mut serials = BTreeMap::new();
    let mut imeis = BTreeMap::new();
    for (id, v) in &existing {
        prop_assert!(serials
            .insert((v.manufacturer, v.serial.clone()), *id)
            .is_none());
        prop_assert_eq!(
            call.id_by_serial(v.manufacturer, v.serial.clone().into()),
            *id
        );
        if v.imei != 0 {
            prop_assert!(imeis.insert(v.imei, *id).is_none());
            prop_assert_eq!(call.id_by_imei(v.imei), *id);
        }
    }
    // (3) end of life is terminal: a retired certificate never changes again.
    for (id, v) in &existing {
        if v.status != 0 {
            let first = retired.entry(*id).or_insert_with(|| v.clone());
            prop_assert_eq!(first, v);
        }
    }
    drop(call);
    // (4) the stored heads are the heads recomputed from the events.
    let heads = heads_from_events(world);
    for (id, v) in &existing {
        prop_assert_eq!(heads.get(id).copied().unwrap_or_default(), v.head);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sequences_keep_the_invariants(ops in vec(op(), 1..12)) {
        // What `#[motsu::test]` does: motsu's `ecrecover` precompile, for this case.
        let _precompiles = motsu::prelude::deploy_precompiles();
        let world = World::new();
        let mut retired = BTreeMap::new();
        let mut before = world.observe();
        for (step, op) in ops.iter().enumerate() {
            let ok = apply(&world, op);
            let now = world.observe();
            if !ok {
                prop_assert!(now == before, "step {}: refused {:?} changed the state", step, op);
            }
            check(&world, &mut retired)
                .map_err(|e| TestCaseError::fail(format!("step {step}: {op:?}: {e}")))?;
            before = now;
        }
    }
}

#[test]
fn rotation_keys_are_not_device_keys() {
    let devices: Vec<Address> = (0..DEVICES).map(|n| key(n).address()).collect();
    for n in 0..ROTATIONS {
        assert!(!devices.contains(&rotation_key(n).address()));
    }
}
