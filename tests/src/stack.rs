//! Every contract deployed and wired together in one world, the way the DIMO Foundation would
//! deploy them: the test ERC-20 (the staking token), the manufacturer registry, the
//! manufacturing-licence and device-licence contracts, the certificate token and the
//! certificate contract, with the token's issuer set to the certificate contract.
//!
//! [`Stack::deployed`] is the configured deployment with three manufacturers and no licence;
//! [`Stack::licensed`] has gone through the whole licence flow for two of them. Device keys
//! are real secp256k1 keys ([`DeviceKey`]) that sign the certificate contract's EIP-712
//! messages; [`Stack::device`] builds a full, signed `DeviceInput`.
//!
//! The cast (every account is [`account`] of its name):
//!
//! | who | role |
//! |---|---|
//! | [`owner`] | top admin of every contract, deployer |
//! | [`manager`] | licence manager |
//! | [`treasury`] | receives slashed stakes |
//! | [`auditors`] | the three approved auditors (one per assessment kind) |
//! | [`team`] | the Hardware Integration Team, threshold 2 of 3 |
//! | [`acme`] | holds [`ACME`], licensed in [`Stack::licensed`], device licence [`ACME_LICENSE`] |
//! | [`rival`] | holds [`RIVAL`], licensed in [`Stack::licensed`], device licence [`RIVAL_LICENSE`] |
//! | [`startup`] | holds [`STARTUP`], never licensed |

use std::fmt;
use std::sync::OnceLock;

use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{Eip712Domain, SolCall, SolError, SolValue};
use dimo_interfaces::{
    certificates::{
        Claim, DeviceInput, ICertificateToken as T, IDeviceCertificates as C, MintDevice, RotateKey,
    },
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M, DEFAULT_MINIMUM_STAKE},
    registry::IManufacturerRegistry as R,
    signer::{domain, DeviceKey},
};
use stylus_runtime::World;

use crate::artifacts::program;
use crate::calls::{self, Sent};
use crate::registry::account;

/// The test ERC-20's functions and OpenZeppelin's ERC-20 errors (the contract is test only,
/// so the interfaces crate does not declare it).
#[allow(missing_docs)]
pub mod erc20 {
    alloy_sol_types::sol! {
        #![sol(all_derives)]
        /// `contracts/test-erc20`: OpenZeppelin's ERC-20 with a mint open to anyone.
        interface ITestErc20 {
            function mint(address to, uint256 amount) external;
            function approve(address spender, uint256 value) external returns (bool);
            function transfer(address to, uint256 value) external returns (bool);
            function balanceOf(address account) external view returns (uint256);
            function allowance(address owner, address spender) external view returns (uint256);
            function totalSupply() external view returns (uint256);

            error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
            error ERC20InvalidSender(address sender);
            error ERC20InvalidReceiver(address receiver);
            error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
            error ERC20InvalidApprover(address approver);
            error ERC20InvalidSpender(address spender);
        }
    }
}

use erc20::ITestErc20 as Erc20;

/// Artifact name of the test ERC-20.
pub const TEST_ERC20: &str = "test-erc20";
/// Artifact name of the manufacturing-licence contract.
pub const MANUFACTURING: &str = "manufacturing-licenses";
/// Artifact name of the device-licence contract.
pub const DEVICE_LICENSES: &str = "device-licenses";
/// Artifact name of the certificate token.
pub const CERTIFICATE_TOKEN: &str = "certificate-token";
/// Artifact name of the certificate contract.
pub const CERTIFICATES: &str = "minting-certificates";

/// Node of [`acme`].
pub const ACME: U256 = U256::from_limbs([1, 0, 0, 0]);
/// Node of [`rival`].
pub const RIVAL: U256 = U256::from_limbs([2, 0, 0, 0]);
/// Node of [`startup`] (never licensed).
pub const STARTUP: U256 = U256::from_limbs([3, 0, 0, 0]);
/// ACME's Hardware Device License in [`Stack::licensed`].
pub const ACME_LICENSE: U256 = U256::from_limbs([1, 0, 0, 0]);
/// The rival's Hardware Device License in [`Stack::licensed`].
pub const RIVAL_LICENSE: U256 = U256::from_limbs([2, 0, 0, 0]);

/// The top admin of every contract (and their deployer).
pub fn owner() -> Address {
    account("owner")
}

/// The licence manager.
pub fn manager() -> Address {
    account("licence manager")
}

/// The treasury.
pub fn treasury() -> Address {
    account("treasury")
}

/// The approved auditors, for assessment kinds 1, 2 and 3.
pub fn auditors() -> [Address; 3] {
    [
        account("hardware security auditor"),
        account("customer experience auditor"),
        account("integration quality auditor"),
    ]
}

/// The Hardware Integration Team (threshold 2).
pub fn team() -> [Address; 3] {
    [
        account("team ana"),
        account("team ben"),
        account("team cyd"),
    ]
}

/// The holder of [`ACME`].
pub fn acme() -> Address {
    account("acme")
}

/// The holder of [`RIVAL`].
pub fn rival() -> Address {
    account("rival")
}

/// The holder of [`STARTUP`].
pub fn startup() -> Address {
    account("startup")
}

/// A node's holder in the stack.
pub fn holder(node: U256) -> Address {
    match node.as_limbs()[0] {
        1 => acme(),
        2 => rival(),
        _ => startup(),
    }
}

/// A recognisable non-zero hash.
pub fn hash(n: u8) -> B256 {
    B256::repeat_byte(n)
}

/// The certificate id of a device key: `uint256(uint160(device))`.
pub fn id_of(device: Address) -> U256 {
    U256::from_be_slice(device.as_slice())
}

/// `body` (14 digits at most) followed by its Luhn check digit: a valid IMEI.
pub fn luhn_imei(body: u64) -> u64 {
    let mut sum = 0;
    let mut n = body;
    // From the right, the body's digits are doubled at even positions (the check digit is
    // position 0 once appended).
    for i in 0..14 {
        let d = n % 10;
        n /= 10;
        let d = if i % 2 == 0 { d * 2 } else { d };
        sum += if d > 9 { d - 9 } else { d };
    }
    body * 10 + (10 - sum % 10) % 10
}

/// One physical device: its key, serial and IMEI.
#[derive(Clone)]
pub struct Device {
    /// The device's key.
    pub key: DeviceKey,
    /// Its serial number (16 characters, like DIMO's measured serials).
    pub serial: String,
    /// Its IMEI (15 digits, Luhn valid).
    pub imei: u64,
}

impl fmt::Debug for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Device")
            .field("address", &self.key.address())
            .field("serial", &self.serial)
            .field("imei", &self.imei)
            .finish()
    }
}

impl Device {
    /// Device `i` of production line `line`: a deterministic key, serial `DMC<line>-<i>` (16
    /// characters) and a Luhn-valid IMEI, all distinct across lines and indexes.
    pub fn new(line: u64, i: u64) -> Self {
        Self {
            key: DeviceKey::from_seed(&format!("device {line}/{i}")),
            serial: format!("DMC{line:03}-{i:09}"),
            imei: luhn_imei(35_000_000_000_000 + line * 1_000_000_000 + i),
        }
    }

    /// The device's address.
    pub fn address(&self) -> Address {
        self.key.address()
    }

    /// Its certificate id.
    pub fn id(&self) -> U256 {
        id_of(self.address())
    }
}

/// The initial firmware of minted devices: 1.4.0 build 7.
pub const FIRMWARE: u64 = 1 << 48 | 4 << 32 | 7;

/// Every contract of the project, deployed and configured.
#[derive(Clone)]
pub struct Stack {
    /// The world.
    pub world: World,
    /// The staking token (test ERC-20).
    pub erc20: Address,
    /// The manufacturer registry.
    pub registry: Address,
    /// The manufacturing-licence contract.
    pub manufacturing: Address,
    /// The device-licence contract.
    pub devices: Address,
    /// The certificate token.
    pub token: Address,
    /// The certificate contract.
    pub certificates: Address,
}

impl fmt::Debug for Stack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stack")
            .field("registry", &self.registry)
            .field("certificates", &self.certificates)
            .finish_non_exhaustive()
    }
}

/// Deploys artifact `name` from the owner with `args` (ABI-encoded constructor parameters,
/// or `None` for a program without a constructor).
fn deploy(world: &mut World, name: &str, args: Option<&[u8]>) -> Address {
    world
        .deploy_with(owner(), &program(name), args, U256::ZERO)
        .unwrap_or_else(|e| panic!("deploying {name} failed: {e}"))
        .address
}

impl Stack {
    /// A fresh deployment: every contract configured (staking token, treasury, MOU version
    /// 1, licence manager, three auditors, a team of three with threshold 2, the token's
    /// issuer), three manufacturers registered, each holding ten times the minimum stake
    /// in tokens and an allowance for the manufacturing contract. Nothing is licensed.
    ///
    /// # Panics
    ///
    /// If an artifact is missing or a deployment or configuration call fails.
    pub fn deployed() -> Self {
        static CACHE: OnceLock<Stack> = OnceLock::new();
        CACHE.get_or_init(Self::deploy).clone()
    }

    /// [`Self::deployed`] after the whole licence flow for [`ACME`] and [`RIVAL`]: each
    /// staked the minimum, accepted the MOU and holds a Manufacturing License, and each has
    /// one active Hardware Device License ([`ACME_LICENSE`], [`RIVAL_LICENSE`]).
    ///
    /// # Panics
    ///
    /// If a step of the flow fails.
    pub fn licensed() -> Self {
        static CACHE: OnceLock<Stack> = OnceLock::new();
        CACHE
            .get_or_init(|| {
                let mut s = Self::deployed();
                for node in [ACME, RIVAL] {
                    s.license_manufacturer(node);
                    let id = s.device_license(node, "Model One");
                    assert_eq!(
                        id,
                        if node == ACME {
                            ACME_LICENSE
                        } else {
                            RIVAL_LICENSE
                        }
                    );
                }
                s
            })
            .clone()
    }

    fn deploy() -> Self {
        let mut world = World::new();
        let o = owner();
        let erc20 = deploy(&mut world, TEST_ERC20, None);
        let registry = deploy(
            &mut world,
            crate::artifacts::REGISTRY,
            Some(&(o,).abi_encode_params()),
        );
        let manufacturing = deploy(
            &mut world,
            MANUFACTURING,
            Some(&(o, registry).abi_encode_params()),
        );
        let devices = deploy(
            &mut world,
            DEVICE_LICENSES,
            Some(&(o, registry, manufacturing).abi_encode_params()),
        );
        let token = deploy(
            &mut world,
            CERTIFICATE_TOKEN,
            Some(&(o,).abi_encode_params()),
        );
        let certificates = deploy(
            &mut world,
            CERTIFICATES,
            Some(&(token, registry, manufacturing, devices).abi_encode_params()),
        );
        let mut s = Self {
            world,
            erc20,
            registry,
            manufacturing,
            devices,
            token,
            certificates,
        };
        s.configure();
        s
    }

    /// The configuration calls of [`Self::deployed`].
    fn configure(&mut self) {
        let s = self;
        let o = owner();
        let (m, d) = (s.manufacturing, s.devices);
        let (erc20, token, certificates, registry, manufacturing) = (
            s.erc20,
            s.token,
            s.certificates,
            s.registry,
            s.manufacturing,
        );
        s.ok(o, m, &M::setStakingTokenCall { token: erc20 });
        s.ok(
            o,
            m,
            &M::setTreasuryCall {
                treasury: treasury(),
            },
        );
        s.ok(
            o,
            m,
            &M::publishMouCall {
                hash: hash(0x4d),
                uri: "ipfs://dimo-mou-v1".into(),
            },
        );
        s.ok(o, m, &M::addLicenseManagerCall { account: manager() });
        for (auditor, name) in auditors().into_iter().zip(["HW Sec", "CX Lab", "IQ Test"]) {
            s.ok(
                o,
                d,
                &D::addAuditorCall {
                    auditor,
                    uri: name.into(),
                },
            );
        }
        for member in team() {
            s.ok(o, d, &D::addTeamMemberCall { member });
        }
        s.ok(o, d, &D::setApprovalThresholdCall { threshold: 2 });
        s.ok(
            o,
            token,
            &T::setIssuerCall {
                issuer: certificates,
            },
        );
        for (holder, name) in [
            (acme(), "Acme Devices"),
            (rival(), "Rival Telematics"),
            (startup(), "Startup Labs"),
        ] {
            s.ok(o, registry, &R::addControllerCall { controller: holder });
            s.ok(
                o,
                registry,
                &R::mintManufacturerCall {
                    owner: holder,
                    name: name.into(),
                },
            );
            let amount = DEFAULT_MINIMUM_STAKE * U256::from(10);
            s.ok(holder, erc20, &Erc20::mintCall { to: holder, amount });
            s.ok(
                holder,
                erc20,
                &Erc20::approveCall {
                    spender: manufacturing,
                    value: U256::MAX,
                },
            );
        }
    }

    // ----- calls ----------------------------------------------------------------------------

    /// Sends `call` to `to` from `from`.
    pub fn send<C: SolCall>(&mut self, from: Address, to: Address, call: &C) -> Sent<C> {
        calls::send(&mut self.world, from, to, call)
    }

    /// Sends `call` and returns its decoded result.
    ///
    /// # Panics
    ///
    /// If the call fails.
    pub fn ok<C: SolCall>(&mut self, from: Address, to: Address, call: &C) -> C::Return {
        self.send(from, to, call).ok()
    }

    /// A view call (not committed).
    pub fn view<C: SolCall>(&mut self, to: Address, call: &C) -> C::Return {
        calls::view(&mut self.world, to, call)
    }

    /// Sends `call`, which must revert with exactly `expected` (byte for byte), emit nothing
    /// and leave the world state byte-for-byte as it was.
    ///
    /// # Panics
    ///
    /// If the call does anything else.
    pub fn refused<C: SolCall, E: SolError + PartialEq + fmt::Debug>(
        &mut self,
        from: Address,
        to: Address,
        call: &C,
        expected: &E,
    ) {
        let before = self.world.state().clone();
        let sent = self.send(from, to, call);
        assert_eq!(&sent.error::<E>(), expected, "{}", C::SIGNATURE);
        assert_eq!(
            sent.revert_data(),
            expected.abi_encode(),
            "{}: revert bytes",
            C::SIGNATURE
        );
        assert!(sent.receipt.logs.is_empty());
        assert!(
            self.world.state() == &before,
            "{} reverted but changed the world state",
            C::SIGNATURE
        );
    }

    /// The block timestamp.
    pub fn now(&self) -> u64 {
        self.world.block().timestamp
    }

    // ----- licences -------------------------------------------------------------------------

    /// The holder of `node` stakes the minimum for it.
    pub fn stake(&mut self, node: U256) {
        let m = self.manufacturing;
        self.ok(
            holder(node),
            m,
            &M::stakeCall {
                node,
                amount: DEFAULT_MINIMUM_STAKE,
            },
        );
    }

    /// The holder of `node` accepts the current MOU.
    pub fn accept_mou(&mut self, node: U256) {
        let m = self.manufacturing;
        let version = self.view(m, &M::currentMouVersionCall {})._0;
        self.ok(holder(node), m, &M::acceptMouCall { node, version });
    }

    /// The licence manager grants `node` its Manufacturing License (no expiry).
    pub fn grant(&mut self, node: U256) {
        let m = self.manufacturing;
        self.ok(
            manager(),
            m,
            &M::grantManufacturingLicenseCall {
                node,
                expiresAt: 0,
                reason: hash(0x61),
            },
        );
    }

    /// Stake, MOU and grant: `node` is licensed.
    pub fn license_manufacturer(&mut self, node: U256) {
        self.stake(node);
        self.accept_mou(node);
        self.grant(node);
    }

    /// The holder of `node` applies for a device licence for `model`; returns its id.
    pub fn apply(&mut self, node: U256, model: &str) -> U256 {
        let d = self.devices;
        self.ok(
            holder(node),
            d,
            &D::applyForDeviceLicenseCall {
                manufacturer: node,
                model: model.into(),
                hardwareRevision: "rev B".into(),
                designHash: hash(0x44),
                supersedes: U256::ZERO,
            },
        )
        ._0
    }

    /// The auditor of `kind` (1 to 3) records a passed assessment of licence `id`.
    pub fn audit(&mut self, id: U256, kind: u8) {
        let d = self.devices;
        self.ok(
            auditors()[usize::from(kind - 1)],
            d,
            &D::recordAuditCall {
                id,
                kind,
                passed: true,
                reportHash: hash(0xa0 + kind),
                reportUri: format!("ipfs://audit-{kind}"),
            },
        );
    }

    /// Team member `member` (0 to 2) approves licence `id`.
    pub fn approve(&mut self, id: U256, member: usize) {
        let d = self.devices;
        self.ok(team()[member], d, &D::voteCall { id, approve: true });
    }

    /// Applies for, audits and approves a licence of `node` for `model`; returns its id.
    pub fn device_license(&mut self, node: U256, model: &str) -> U256 {
        let id = self.apply(node, model);
        for kind in 1..=3 {
            self.audit(id, kind);
        }
        self.approve(id, 0);
        self.approve(id, 1);
        id
    }

    // ----- devices --------------------------------------------------------------------------

    /// The certificate contract's EIP-712 domain in this world.
    pub fn domain(&self) -> Eip712Domain {
        domain(self.world.block().chain_id, self.certificates)
    }

    /// A full certificate input for `device` of `node` under [`ACME_LICENSE`]: IMEI, dates
    /// in the past, all tests passed with their report hashes, [`FIRMWARE`], and the device
    /// key's `MintDevice` signature.
    pub fn device(&self, node: U256, device: &Device) -> DeviceInput {
        self.device_under(node, ACME_LICENSE, device)
    }

    /// [`Self::device`] under Hardware Device License `license`.
    pub fn device_under(&self, node: U256, license: U256, device: &Device) -> DeviceInput {
        let now = self.now();
        let mut input = DeviceInput {
            serial: device.serial.clone(),
            imei: device.imei,
            device: device.address(),
            manufacturedAt: now - 30 * 86_400,
            ictPassed: true,
            ictReport: hash(0x11),
            mechanicalPassed: true,
            mechanicalReport: hash(0x22),
            qaPassed: true,
            qaReport: hash(0x33),
            qaInspectedAt: now - 29 * 86_400,
            firmware: FIRMWARE,
            signature: Bytes::new(),
        };
        input.signature = device
            .key
            .sign_typed(&self.domain(), &MintDevice::of(node, license, &input))
            .into();
        input
    }

    /// The `mintCertificates` call of `node` under `license` for `devices`.
    pub fn mint_call(
        &self,
        node: U256,
        license: U256,
        devices: &[Device],
    ) -> C::mintCertificatesCall {
        C::mintCertificatesCall {
            manufacturer: node,
            deviceLicense: license,
            devices: devices
                .iter()
                .map(|d| self.device_under(node, license, d))
                .collect(),
        }
    }

    /// The holder of [`ACME`] mints `devices` under [`ACME_LICENSE`]; returns the batch.
    pub fn mint(&mut self, devices: &[Device]) -> U256 {
        let call = self.mint_call(ACME, ACME_LICENSE, devices);
        let c = self.certificates;
        self.ok(acme(), c, &call)._0
    }

    /// The device key's `Claim` signature handing certificate `device` to `owner`.
    pub fn claim_signature(
        &self,
        device: &DeviceKey,
        owner: Address,
        nonce: u64,
        deadline: u64,
    ) -> Bytes {
        device
            .sign_typed(
                &self.domain(),
                &Claim {
                    certificate: id_of(device.address()),
                    owner,
                    nonce: U256::from(nonce),
                    deadline: U256::from(deadline),
                },
            )
            .into()
    }

    /// The `claim` call of `device`'s certificate for `owner` (nonce 0, deadline in a day).
    pub fn claim_call(&self, device: &Device, owner: Address) -> C::claimCall {
        let deadline = self.now() + 86_400;
        C::claimCall {
            id: device.id(),
            owner,
            nonce: U256::ZERO,
            deadline: U256::from(deadline),
            signature: self.claim_signature(&device.key, owner, 0, deadline),
        }
    }

    /// `signer`'s `RotateKey` signature (65 bytes) for certificate `id` rotating to `new`
    /// at reset count `nonce`.
    pub fn rotate_half(&self, signer: &DeviceKey, new: Address, id: U256, nonce: u64) -> Vec<u8> {
        signer.sign_typed(
            &self.domain(),
            &RotateKey {
                certificate: id,
                device: new,
                nonce: U256::from(nonce),
            },
        )
    }

    /// The rotation signature `factoryReset` takes to move certificate `id` from `current`
    /// to `new_key` at reset count `nonce`: the current key's `RotateKey` signature followed
    /// by the new key's (130 bytes).
    pub fn rotate_signature(
        &self,
        current: &DeviceKey,
        new_key: &DeviceKey,
        id: U256,
        nonce: u64,
    ) -> Bytes {
        let mut both = self.rotate_half(current, new_key.address(), id, nonce);
        both.extend(self.rotate_half(new_key, new_key.address(), id, nonce));
        both.into()
    }
}

/// The address that made `signature` (65 bytes, `r ‖ s ‖ v`) over `digest`, as `ecrecover`
/// finds it: what a contract's `WrongSigner` error reports for a signature made over other
/// data.
///
/// # Panics
///
/// If the signature does not recover.
pub fn recover(digest: &B256, signature: &[u8]) -> Address {
    use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
    let sig = Signature::from_slice(&signature[..64]).expect("a valid r and s");
    let recid = RecoveryId::from_byte(signature[64] - 27).expect("v is 27 or 28");
    let key = VerifyingKey::recover_from_prehash(digest.as_slice(), &sig, recid)
        .expect("the signature recovers");
    let point = key.to_encoded_point(false);
    Address::from_slice(&alloy_primitives::keccak256(&point.as_bytes()[1..])[12..])
}
