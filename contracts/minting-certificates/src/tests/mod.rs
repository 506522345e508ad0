//! Unit tests, by topic. This module holds the shared fixtures and helpers.
//!
//! Every test runs the certificate contract next to the real manufacturer registry, both
//! licence contracts (with an OpenZeppelin ERC-20 staked in the first) and the real
//! certificate token, all in motsu (block timestamp fixed at [`NOW`], chain id
//! [`CHAIN_ID`]). Device keys are real secp256k1 keys ([`DeviceKey`]) signing the EIP-712
//! messages as a device would.
//!
//! Calls expected to fail are made with [`assert_refused!`]: it checks the exact error and
//! that nothing observable changed ([`Observed`]: the views of both certificate contracts
//! over every key the tests use, and every event).
//!
//! The cast ([`World::new`] sets it up): `alice` is the top admin of every contract; `bob`
//! holds node 1 and `grace` node 2, both with a Manufacturing License and one active Hardware
//! Device License each ([`World::license1`], [`World::license2`]); `dave` is bob's
//! `MINT_DEVICES`, `OTA_UPDATE`, `FACTORY_RESET` and `END_OF_LIFE` delegate; `carol` is a
//! licence manager; `erin` and `ivan` auditors; `tm1`, `tm2` the team (threshold 2); `uma` and `vic`
//! are device owners; `oscar` an outsider.

use alloc::{format, string::String, vec::Vec};

use alloy_primitives::{Address, LogData, B256, U256};
use alloy_sol_types::{SolCall, SolEvent};
use certificate_token::CertificateToken;
use device_licenses::DeviceLicenses;
use dimo_interfaces::{
    certificates::{Claim, MintDevice, RotateKey},
    licenses::DEFAULT_MINIMUM_STAKE,
    privileges,
    signer::{self, DeviceKey},
};
use manufacturer_registry::ManufacturerRegistry;
use manufacturing_licenses::ManufacturingLicenses;
use motsu::prelude::*;
use openzeppelin_stylus::token::{erc20::IErc20, erc721::IErc721};
use stylus_sdk::abi::Bytes;
use test_erc20::TestErc20;

use contract_kit::{raw_string::RawString, returns::Encoded};

use crate::{CertificateView, DeviceCertificates, DeviceInput};

contract_kit::test_assertions!($, |world: &crate::tests::World| world.observe());

mod claims;
mod custody;
mod disputes;
mod errors;
mod lifecycle;
mod minting;
mod properties;

/// motsu's block timestamp, fixed at 2025-01-01T00:00:00Z.
pub(crate) const NOW: u64 = 1_735_689_600;
/// motsu's chain id.
pub(crate) const CHAIN_ID: u64 = 42_161;
/// How many fixture devices ([`Device::new`]) and rotation keys ([`rotation_key`]) the
/// observation covers.
const OBSERVED_DEVICES: u64 = 12;

/// The account motsu names `tag`.
pub(crate) fn who(tag: &str) -> Address {
    Address::from_tag(tag)
}

/// A recognisable non-zero hash.
pub(crate) fn hash(n: u8) -> B256 {
    B256::repeat_byte(n)
}

/// Node 1, held by `bob`.
pub(crate) fn node1() -> U256 {
    U256::from(1)
}

/// Node 2, held by `grace`.
pub(crate) fn node2() -> U256 {
    U256::from(2)
}

/// The certificate id of a device address.
pub(crate) fn id_of(device: Address) -> U256 {
    U256::from_be_slice(device.as_slice())
}

/// The 15-digit IMEI with body `body` (14 digits) and its Luhn check digit.
pub(crate) fn imei(body: u64) -> u64 {
    let mut sum = 0;
    let mut n = body;
    for i in 0..14 {
        let d = n % 10;
        n /= 10;
        let d = if i % 2 == 0 { d * 2 } else { d };
        sum += if d > 9 { d - 9 } else { d };
    }
    body * 10 + (10 - sum % 10) % 10
}

/// A rotation key: a device key no fixture device starts with.
pub(crate) fn rotation_key(n: u64) -> DeviceKey {
    DeviceKey::from_seed(&format!("rotated-{n}"))
}

/// Every event of type `E` in `logs`, in order.
pub(crate) fn decode<E: SolEvent>(logs: &[LogData]) -> Vec<E> {
    logs.iter()
        .filter_map(|log| E::decode_log_data(log, true).ok())
        .collect()
}

/// One physical device as the factory knows it.
#[derive(Clone)]
pub(crate) struct Device {
    /// The device's own key.
    pub(crate) key: DeviceKey,
    /// Serial number.
    pub(crate) serial: String,
    /// IMEI (0: no modem).
    pub(crate) imei: u64,
    /// Manufacturing date.
    pub(crate) manufactured_at: u64,
    /// In-circuit test passed.
    pub(crate) ict: bool,
    /// Mechanical test passed.
    pub(crate) mechanical: bool,
    /// QA passed.
    pub(crate) qa: bool,
    /// ICT, mechanical and QA report hashes.
    pub(crate) reports: [B256; 3],
    /// QA inspection date.
    pub(crate) qa_at: u64,
    /// Initial firmware.
    pub(crate) firmware: u64,
}

impl Device {
    /// Fixture device `n`: key from seed `device-n`, serial `SN-n`, a valid IMEI, all tests
    /// passed, firmware 1.0.0.0.
    pub(crate) fn new(n: u64) -> Self {
        Self {
            key: DeviceKey::from_seed(&format!("device-{n}")),
            serial: format!("SN-{n:05}"),
            imei: imei(35_209_900_000_000 + n),
            manufactured_at: NOW - 86_400,
            ict: true,
            mechanical: true,
            qa: true,
            reports: [hash(0xc1), hash(0xc2), hash(0xc3)],
            qa_at: NOW - 3_600,
            firmware: 1 << 48,
        }
    }

    /// The device's address.
    pub(crate) fn address(&self) -> Address {
        self.key.address()
    }

    /// Its certificate id.
    pub(crate) fn id(&self) -> U256 {
        id_of(self.address())
    }

    /// Its mint input for `manufacturer` under the node's fixture licence (licence `n` of
    /// node `n`), signed by its own key for `certificates`.
    pub(crate) fn input(&self, certificates: Address, manufacturer: U256) -> DeviceInput {
        self.signed_input(certificates, manufacturer, manufacturer)
    }

    /// Its mint input for `manufacturer` under Hardware Device License `license`, signed by
    /// its own key for `certificates` (`MintDevice::of` the input).
    pub(crate) fn signed_input(
        &self,
        certificates: Address,
        manufacturer: U256,
        license: U256,
    ) -> DeviceInput {
        let message = MintDevice::of(manufacturer, license, &self.named_input(Vec::new()));
        let signature = self
            .key
            .sign_typed(&signer::domain(CHAIN_ID, certificates), &message);
        self.input_with(signature)
    }

    /// Its mint input as the interface's named struct, with `signature`.
    pub(crate) fn named_input(
        &self,
        signature: Vec<u8>,
    ) -> dimo_interfaces::certificates::DeviceInput {
        let i = self.input_with(signature);
        dimo_interfaces::certificates::DeviceInput {
            serial: self.serial.clone(),
            imei: i.1,
            device: i.2,
            manufacturedAt: i.3,
            ictPassed: i.4,
            ictReport: i.5,
            mechanicalPassed: i.6,
            mechanicalReport: i.7,
            qaPassed: i.8,
            qaReport: i.9,
            qaInspectedAt: i.10,
            firmware: i.11,
            signature: i.12 .0.into(),
        }
    }

    /// Its mint input with `signature` as is.
    pub(crate) fn input_with(&self, signature: Vec<u8>) -> DeviceInput {
        (
            RawString::from(self.serial.as_str()),
            self.imei,
            self.address(),
            self.manufactured_at,
            self.ict,
            self.reports[0],
            self.mechanical,
            self.reports[1],
            self.qa,
            self.reports[2],
            self.qa_at,
            self.firmware,
            Bytes::from(signature),
        )
    }
}

/// A certificate as `certificate(id)` returns it, with named fields.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct View {
    pub(crate) device: Address,
    pub(crate) manufacturer: U256,
    pub(crate) serial: String,
    pub(crate) imei: u64,
    pub(crate) batch: U256,
    pub(crate) device_license: U256,
    pub(crate) manufactured_at: u64,
    pub(crate) ict: bool,
    pub(crate) mechanical: bool,
    pub(crate) qa: bool,
    pub(crate) qa_at: u64,
    pub(crate) initial_firmware: u64,
    pub(crate) firmware: u64,
    pub(crate) provisioned_at: u64,
    pub(crate) status: u8,
    pub(crate) retired_at: u64,
    pub(crate) ota: u64,
    pub(crate) resets: u64,
    pub(crate) head: B256,
}

impl From<Encoded<CertificateView>> for View {
    /// Decodes the view as the interface declares it (alloy, strict): the contract's own
    /// encoding is checked against the declared return type on every read.
    fn from(encoded: Encoded<CertificateView>) -> Self {
        let v = dimo_interfaces::certificates::IDeviceCertificates::certificateCall::abi_decode_returns(encoded.as_bytes(), true)
            .expect("certificate(id) decodes as the interface declares it");
        Self {
            device: v.device,
            manufacturer: v.manufacturer,
            serial: v.serial,
            imei: v.imei,
            batch: v.batch,
            device_license: v.deviceLicense,
            manufactured_at: v.manufacturedAt,
            ict: v.ictPassed,
            mechanical: v.mechanicalPassed,
            qa: v.qaPassed,
            qa_at: v.qaInspectedAt,
            initial_firmware: v.initialFirmware,
            firmware: v.firmware,
            provisioned_at: v.provisionedAt,
            status: v.status,
            retired_at: v.retiredAt,
            ota: v.otaUpdates,
            resets: v.factoryResets,
            head: v.historyHead,
        }
    }
}

/// A batch record as `batch(n)` returns it.
pub(crate) type BatchView = (U256, U256, u64, u64, u64, u64);

/// What [`Observed`] keeps per key: look-ups by address, serial (nodes 1 and 2) and IMEI;
/// the certificate view, claim nonce and history head; the token owner, retired flag and
/// organizations.
type DeviceSeen = (
    U256,
    U256,
    U256,
    U256,
    Option<View>,
    U256,
    B256,
    Option<Address>,
    bool,
    Vec<Address>,
);

/// Everything observable about the two certificate contracts. A refused call must leave it
/// unchanged.
#[derive(Debug, PartialEq)]
pub(crate) struct Observed {
    /// Batches so far and each batch record (and one past the last).
    batches: (U256, Vec<BatchView>),
    /// Per fixture device and rotation key: look-ups by address, serial (node 1 and 2) and
    /// IMEI; the certificate view (when it exists), claim nonce, history head; the token
    /// owner, retired flag and organizations.
    devices: Vec<DeviceSeen>,
    /// Token balances of the cast.
    balances: Vec<U256>,
    /// Every event of both contracts so far.
    events: (Vec<LogData>, Vec<LogData>),
}

/// The six contracts of one test.
pub(crate) struct World {
    pub(crate) registry: Contract<ManufacturerRegistry>,
    pub(crate) manufacturing: Contract<ManufacturingLicenses>,
    pub(crate) devices: Contract<DeviceLicenses>,
    pub(crate) erc20: Contract<TestErc20>,
    pub(crate) token: Contract<CertificateToken>,
    pub(crate) certificates: Contract<DeviceCertificates>,
}

impl World {
    /// Everything deployed and configured by `alice` (see the module docs).
    pub(crate) fn new() -> Self {
        let [alice, bob, carol, dave, grace] = ["alice", "bob", "carol", "dave", "grace"].map(who);
        let world = Self {
            registry: Contract::new(),
            manufacturing: Contract::new(),
            devices: Contract::new(),
            erc20: Contract::new(),
            token: Contract::new(),
            certificates: Contract::new(),
        };
        let registry = &world.registry;
        registry.sender(alice).constructor(alice).motsu_unwrap();
        for (holder, name) in [(bob, "AutoPi"), (grace, "Ruptela")] {
            registry.sender(alice).add_controller(holder).motsu_unwrap();
            registry
                .sender(alice)
                .mint_manufacturer(holder, name.into())
                .motsu_unwrap();
        }
        for privilege in [
            privileges::MINT_DEVICES,
            privileges::OTA_UPDATE,
            privileges::FACTORY_RESET,
            privileges::END_OF_LIFE,
        ] {
            registry
                .sender(bob)
                .grant_privilege(node1(), dave, privilege, u64::MAX)
                .motsu_unwrap();
        }

        let manufacturing = &world.manufacturing;
        manufacturing
            .sender(alice)
            .constructor(alice, registry.address())
            .motsu_unwrap();
        manufacturing
            .sender(alice)
            .set_staking_token(world.erc20.address())
            .motsu_unwrap();
        manufacturing
            .sender(alice)
            .add_license_manager(carol)
            .motsu_unwrap();
        manufacturing
            .sender(alice)
            .publish_mou(hash(0x30), "ipfs://mou-1".into())
            .motsu_unwrap();
        for (holder, node) in [(bob, node1()), (grace, node2())] {
            world
                .erc20
                .sender(holder)
                .mint(holder, DEFAULT_MINIMUM_STAKE)
                .motsu_unwrap();
            world
                .erc20
                .sender(holder)
                .approve(manufacturing.address(), U256::MAX)
                .motsu_unwrap();
            manufacturing
                .sender(holder)
                .stake(node, DEFAULT_MINIMUM_STAKE)
                .motsu_unwrap();
            manufacturing
                .sender(holder)
                .accept_mou(node, 1)
                .motsu_unwrap();
            manufacturing
                .sender(carol)
                .grant_manufacturing_license(node, 0, hash(0x31))
                .motsu_unwrap();
        }

        world.set_up_device_licenses();
        world.token.sender(alice).constructor(alice).motsu_unwrap();
        world
            .certificates
            .sender(alice)
            .constructor(
                world.token.address(),
                registry.address(),
                manufacturing.address(),
                world.devices.address(),
            )
            .motsu_unwrap();
        world
            .token
            .sender(alice)
            .set_issuer(world.certificates.address())
            .motsu_unwrap();
        world
    }

    /// The device-licence contract: deployed, with two auditors, a team of two (threshold 2)
    /// and one active licence for each node.
    fn set_up_device_licenses(&self) {
        let [alice, bob, grace] = ["alice", "bob", "grace"].map(who);
        let devices = &self.devices;
        devices
            .sender(alice)
            .constructor(alice, self.registry.address(), self.manufacturing.address())
            .motsu_unwrap();
        for auditor in ["erin", "ivan"] {
            devices
                .sender(alice)
                .add_auditor(who(auditor), "Acme Test Labs".into())
                .motsu_unwrap();
        }
        for member in ["tm1", "tm2"] {
            devices
                .sender(alice)
                .add_team_member(who(member))
                .motsu_unwrap();
        }
        devices
            .sender(alice)
            .set_approval_threshold(2)
            .motsu_unwrap();
        for (holder, node) in [(bob, node1()), (grace, node2())] {
            self.grant_device_license(holder, node);
        }
    }

    /// Takes a device licence of `node` (applied for by `holder`) through the audits and two
    /// approvals; returns its id.
    pub(crate) fn grant_device_license(&self, holder: Address, node: U256) -> U256 {
        let id = self
            .devices
            .sender(holder)
            .apply_for_device_license(node, "AP-1".into(), "rev A".into(), hash(0xd1), U256::ZERO)
            .motsu_unwrap();
        for kind in 1..=3 {
            self.devices
                .sender(who(if kind == 3 { "ivan" } else { "erin" }))
                .record_audit(id, kind, true, hash(0xa0 + kind), "ipfs://report".into())
                .motsu_unwrap();
        }
        for member in ["tm1", "tm2"] {
            self.devices
                .sender(who(member))
                .vote(id, true)
                .motsu_unwrap();
        }
        assert!(self.devices.sender(holder).is_device_license_active(id));
        id
    }

    /// Node 1's device licence.
    pub(crate) fn license1() -> U256 {
        U256::from(1)
    }

    /// Node 2's device licence.
    pub(crate) fn license2() -> U256 {
        U256::from(2)
    }

    /// The certificate contract's address.
    pub(crate) fn at(&self) -> Address {
        self.certificates.address()
    }

    /// `by` mints `devices` for `node` under `license`; returns the batch number.
    pub(crate) fn mint_as(
        &self,
        by: Address,
        node: U256,
        license: U256,
        devices: &[Device],
    ) -> U256 {
        let inputs = devices
            .iter()
            .map(|d| d.signed_input(self.at(), node, license))
            .collect();
        self.certificates
            .sender(by)
            .mint_certificates(node, license, inputs)
            .motsu_unwrap()
    }

    /// `bob` mints fixture devices `range` for node 1; returns them.
    pub(crate) fn mint(&self, range: core::ops::Range<u64>) -> Vec<Device> {
        let devices: Vec<Device> = range.map(Device::new).collect();
        self.mint_as(who("bob"), node1(), Self::license1(), &devices);
        devices
    }

    /// The certificate view of `id`.
    pub(crate) fn view(&self, id: U256) -> View {
        self.certificates
            .sender(Address::ZERO)
            .certificate(id)
            .motsu_unwrap()
            .into()
    }

    /// The token owner of `id`.
    pub(crate) fn owner(&self, id: U256) -> Address {
        self.token.sender(Address::ZERO).owner_of(id).motsu_unwrap()
    }

    /// The device key's `Claim` signature of `id` for `owner`.
    pub(crate) fn claim_signature(
        &self,
        key: &DeviceKey,
        id: U256,
        owner: Address,
        nonce: u64,
        deadline: U256,
    ) -> Bytes {
        let message = Claim {
            certificate: id,
            owner,
            nonce: U256::from(nonce),
            deadline,
        };
        key.sign_typed(&signer::domain(CHAIN_ID, self.at()), &message)
            .into()
    }

    /// `signer`'s `RotateKey` signature (65 bytes) of `id` rotating to `new` after `resets`
    /// factory resets.
    pub(crate) fn rotate_half(
        &self,
        signer: &DeviceKey,
        new: Address,
        id: U256,
        resets: u64,
    ) -> Vec<u8> {
        let message = RotateKey {
            certificate: id,
            device: new,
            nonce: U256::from(resets),
        };
        signer.sign_typed(&signer::domain(CHAIN_ID, self.at()), &message)
    }

    /// The rotation signature `factoryReset` takes: the current key's `RotateKey`
    /// signature followed by the new key's (130 bytes).
    pub(crate) fn rotate_signature(
        &self,
        current: &DeviceKey,
        new: &DeviceKey,
        id: U256,
        resets: u64,
    ) -> Bytes {
        let mut both = self.rotate_half(current, new.address(), id, resets);
        both.extend(self.rotate_half(new, new.address(), id, resets));
        both.into()
    }

    /// `uma` claims fixture device `device` out of factory custody (nonce 0).
    pub(crate) fn claim_to(&self, device: &Device, owner: Address) {
        let nonce = self
            .certificates
            .sender(owner)
            .claim_nonce(device.id())
            .to::<u64>();
        let signature = self.claim_signature(&device.key, device.id(), owner, nonce, U256::MAX);
        self.certificates
            .sender(owner)
            .claim(device.id(), owner, U256::from(nonce), U256::MAX, signature)
            .motsu_unwrap();
    }

    /// Every event of both contracts so far: (certificates, token).
    pub(crate) fn logs(&self) -> (Vec<LogData>, Vec<LogData>) {
        (self.certificates.all_events(), self.token.all_events())
    }

    /// A snapshot of everything observable (see [`Observed`]).
    pub(crate) fn observe(&self) -> Observed {
        let call = self.certificates.sender(Address::ZERO);
        let view: &DeviceCertificates = &call;
        let total = view.total_batches();
        let batches = (0..=total.to::<u64>() + 1)
            .map(|n| view.batch(U256::from(n)))
            .collect();
        let token_call = self.token.sender(Address::ZERO);
        let token: &CertificateToken = &token_call;
        let keys = (0..OBSERVED_DEVICES)
            .map(|n| {
                (
                    Device::new(n).key,
                    Device::new(n).serial,
                    Device::new(n).imei,
                )
            })
            .chain((0..4).map(|n| (rotation_key(n), String::new(), 0)));
        let devices = keys
            .map(|(key, serial, imei)| {
                let id = id_of(key.address());
                (
                    view.id_by_device_address(key.address()),
                    view.id_by_serial(node1(), serial.clone().into()),
                    view.id_by_serial(node2(), serial.into()),
                    view.id_by_imei(imei),
                    view.certificate(id).ok().map(View::from),
                    token.owner_changes(id),
                    view.history_head(id),
                    token.owner_of(id).ok(),
                    token.is_retired(id),
                    token.authorized_organizations(id),
                )
            })
            .collect();
        let balances = ["bob", "grace", "uma", "vic", "oscar"]
            .map(|tag| token.balance_of(who(tag)).unwrap_or_default())
            .to_vec();
        drop(call);
        drop(token_call);
        Observed {
            batches: (total, batches),
            devices,
            balances,
            events: self.logs(),
        }
    }
}

#[motsu::test]
fn supports_erc165_and_its_own_interface_only() {
    use openzeppelin_stylus::utils::introspection::erc165::IErc165;
    let world = World::new();
    let call = world.certificates.sender(Address::ZERO);
    for (id, expected) in [
        (dimo_interfaces::interface_id::ERC165, true),
        (dimo_interfaces::interface_id::DEVICE_CERTIFICATES, true),
        (dimo_interfaces::interface_id::ERC721, false),
        (dimo_interfaces::interface_id::CERTIFICATE_TOKEN, false),
        (alloy_primitives::FixedBytes([0xff; 4]), false),
    ] {
        assert_eq!(call.supports_interface(id), expected, "{id}");
    }
}

#[motsu::test]
fn configuration_views_name_the_other_contracts() {
    let world = World::new();
    let call = world.certificates.sender(Address::ZERO);
    assert_eq!(call.token(), world.token.address());
    assert_eq!(call.registry(), world.registry.address());
    assert_eq!(call.manufacturing_licenses(), world.manufacturing.address());
    assert_eq!(call.device_licenses(), world.devices.address());
    assert_eq!(
        call.domain_separator(),
        signer::domain(CHAIN_ID, world.at()).separator()
    );
    assert_eq!(call.total_batches(), U256::ZERO);
}
