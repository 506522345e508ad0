//! The Device Minting Certificate contract's interface, and the EIP-712 messages device keys
//! sign.
//!
//! A certificate's id is its device's **original** address as a `uint256`
//! (`uint256(uint160(device))`): the address is already unique across the registry, so the id
//! needs no counter and no id → address index. After a key rotation the id stays and
//! `idByDeviceAddress` follows the new key. An address that once named a certificate cannot be
//! the original key of a new one.
//!
//! Look-ups answer 0 for "none"; 0 never names a certificate (the zero address is refused).
#![allow(missing_docs)]

/// The most devices one `mintCertificates` call takes. 100 devices stay far below Arbitrum's
/// block gas limit (see `docs/gas.md`); the bound keeps the loop's cost predictable.
pub const MAX_BATCH: usize = 100;
/// The most organizations a certificate's owner can authorize at once.
pub const MAX_ORGANIZATIONS: usize = 8;
/// The longest base URI for `tokenURI`, in bytes.
pub const MAX_BASE_URI_LEN: usize = 256;
/// The longest serial number, in bytes.
pub const MAX_SERIAL_LEN: usize = 32;

/// The EIP-712 domain name of the certificate contract.
pub const EIP712_NAME: &str = "DIMO Device Minting Certificates";
/// The EIP-712 domain version of the certificate contract.
pub const EIP712_VERSION: &str = "1";

/// Lifecycle status of a certificate (`certificate(id).status`).
pub mod status {
    /// In service: every operation is open.
    pub const ACTIVE: u8 = 0;
    /// End of life: decommissioned.
    pub const DECOMMISSIONED: u8 = 1;
    /// End of life: recycled.
    pub const RECYCLED: u8 = 2;
    /// End of life: disposed of.
    pub const DISPOSED: u8 = 3;
    /// Voided by the foundation after a dispute (`voidCertificate`): its serial and IMEI
    /// were freed; its device key stays taken. Terminal, as end of life is.
    pub const VOIDED: u8 = 4;
}

/// The kinds of link folded into a certificate's history chain (see `historyHead`).
pub mod link {
    /// An over-the-air firmware update (`FirmwareUpdated`).
    pub const OTA_UPDATE: u8 = 1;
    /// A factory reset (`FactoryReset`).
    pub const FACTORY_RESET: u8 = 2;
    /// End of life (`EndOfLife`).
    pub const END_OF_LIFE: u8 = 3;
    /// Voided after a dispute (`CertificateVoided`).
    pub const VOIDED: u8 = 4;
}

solidity! {
    /// What a device key signs at mint: everything its certificate records about it, bound
    /// to the manufacturer and the Hardware Device License, so no minter (a second
    /// `MINT_DEVICES` wallet included) can alter a record. The fields from `device` on are,
    /// word for word, the device's leaf of the batch digest (see `batch`). `qaPassed` is not
    /// signed: only `true` is accepted.
    struct MintDevice {
        uint256 manufacturer;
        uint256 deviceLicense;
        address device;
        string serial;
        uint64 imei;
        uint64 manufacturedAt;
        bool ictPassed;
        bytes32 ictReport;
        bool mechanicalPassed;
        bytes32 mechanicalReport;
        bytes32 qaReport;
        uint64 qaInspectedAt;
        uint64 firmware;
    }

    /// What a device key signs to hand its certificate from factory custody to `owner`.
    struct Claim {
        uint256 certificate;
        address owner;
        uint256 nonce;
        uint256 deadline;
    }

    /// What a device signs when a factory reset rotates its key to `device`: both the
    /// current key (proof of possession: the device agrees) and the new key sign it. `nonce`
    /// is the certificate's factory-reset count before the reset.
    struct RotateKey {
        uint256 certificate;
        address device;
        uint256 nonce;
    }

    /// One device of a mint call.
    struct DeviceInput {
        /// 1 to 32 bytes of `[A-Za-z0-9._-]`, unique within the manufacturer.
        string serial;
        /// The IMEI as a number (15 digits, zero-padded, valid Luhn check digit), or 0 for a
        /// device without a modem. Unique across the registry.
        uint64 imei;
        /// The device's own key. Non-zero, unique; becomes the certificate id.
        address device;
        /// Unix seconds; not in the future.
        uint64 manufacturedAt;
        bool ictPassed;
        /// Hash of the in-circuit test report (non-zero).
        bytes32 ictReport;
        bool mechanicalPassed;
        /// Hash of the mechanical test report (non-zero).
        bytes32 mechanicalReport;
        /// Must be true: a device that did not pass QA is refused.
        bool qaPassed;
        /// Hash of the QA report (non-zero).
        bytes32 qaReport;
        /// Unix seconds; not before `manufacturedAt`, not in the future.
        uint64 qaInspectedAt;
        /// Initial firmware: `major << 48 | minor << 32 | patch << 16 | build`, non-zero.
        uint64 firmware;
        /// The device key's EIP-712 signature of `MintDevice` (65 bytes, low s), over this
        /// input's fields, the manufacturer and the Hardware Device License
        /// (`MintDevice::of`).
        bytes signature;
    }

    /// Device Minting Certificates: one ERC-721 token per physical device, minted by licensed
    /// manufacturers, with its identity, manufacturing, test, firmware, provisioning and
    /// lifecycle records.
    interface IDeviceCertificates {
        // ----- errors -----------------------------------------------------------------------

        /// `account` may not act for manufacturer `node` (not its holder, no privilege).
        error CallerNotAuthorized(uint256 node, address account);
        /// `account` is neither the certificate's owner nor authorized by its manufacturer.
        error CallerNotOwnerOrManufacturer(uint256 id, address account);
        /// `account` is not the certificate's owner.
        error CallerNotOwner(uint256 id, address account);
        /// Manufacturer `node` has no active Manufacturing License.
        error ManufacturerNotLicensed(uint256 node);
        /// Hardware Device License `license` is not active.
        error DeviceLicenseNotActive(uint256 license);
        /// Hardware Device License `license` belongs to `owner`, not to `manufacturer`.
        error DeviceLicenseNotOwned(uint256 license, uint256 owner, uint256 manufacturer);
        /// A mint call with no device, or more than `max`.
        error InvalidBatchSize(uint256 size, uint256 max);
        /// `serial` is empty, longer than 32 bytes or has a byte outside `[A-Za-z0-9._-]`.
        error InvalidSerial(string serial);
        /// `serial` already names certificate `id` of manufacturer `manufacturer`.
        error SerialTaken(uint256 manufacturer, string serial, uint256 id);
        /// `imei` is not 15 digits with a valid Luhn check digit.
        error InvalidImei(uint64 imei);
        /// `imei` already belongs to certificate `id`.
        error ImeiTaken(uint64 imei, uint256 id);
        /// The zero address cannot be a device key.
        error InvalidDeviceAddress(address device);
        /// `device` is, or was, the key of certificate `id`.
        error DeviceAddressTaken(address device, uint256 id);
        /// A date is zero, in the future or out of order (`bound` is the limit it broke).
        error InvalidDate(uint64 date, uint64 bound);
        /// A report, image or reason hash is zero.
        error InvalidHash();
        /// Device `device` did not pass QA.
        error QaNotPassed(address device);
        /// A firmware version of 0.
        error InvalidFirmwareVersion(uint64 version);
        /// A signature that is not 65 bytes, has a `v` other than 27 or 28, a high `s`, or
        /// recovers to no address.
        error InvalidSignature();
        /// The signature was made by `recovered`, not by the device key `expected`.
        error WrongSigner(address expected, address recovered);
        /// The claim's deadline has passed.
        error SignatureExpired(uint256 deadline, uint64 now);
        /// The claim's nonce is not the certificate's next one.
        error InvalidNonce(uint256 nonce, uint256 expected);
        /// The certificate is not in factory custody: `owner` holds it, it moved since its
        /// mint, and `owner` is not its manufacturer's node holder.
        error NotInFactoryCustody(uint256 id, address owner);
        /// A claim for the zero address.
        error InvalidNewOwner(address owner);
        /// No certificate has id `id`.
        error UnknownCertificate(uint256 id);
        /// The certificate reached end of life or was voided: it can no longer change.
        error CertificateRetired(uint256 id);
        /// The device was already marked provisioned at `provisionedAt`.
        error AlreadyProvisioned(uint256 id, uint64 provisionedAt);
        /// An OTA update that is not newer than `current` (or, for a rollback, not older).
        error InvalidFirmwareChange(uint64 current, uint64 next, bool rollback);
        /// An end-of-life kind other than 1 (decommissioned), 2 (recycled) or 3 (disposed).
        error InvalidEndOfLifeKind(uint8 kind);
        /// `account` is not an admin of the manufacturer registry (the foundation).
        error CallerNotRegistryAdmin(address account);
        /// A constructor address is zero.
        error InvalidConfiguration(address account);

        // ----- minting ----------------------------------------------------------------------

        /// A mint call created batch `batch` of `count` certificates for `manufacturer` under
        /// Hardware Device License `deviceLicense`, while its Manufacturing License was grant
        /// `licenseGrant`, valid until `licenseExpiresAt` (0: no expiry). `digest` commits to
        /// every device's mint record: it is `d_n` where `d_0 = 0` and
        /// `d_i = keccak256(d_{i-1} ‖ leaf_i)`, `leaf_i` being the keccak256 of the ABI
        /// encoding of the i-th `CertificateMinted` event's id and data fields (the serial as
        /// its keccak256). Minter and digest are not stored: the `batch` view has the rest.
        event BatchMinted(uint256 indexed batch, uint256 indexed manufacturer, uint256 indexed deviceLicense, uint64 licenseGrant, uint64 licenseExpiresAt, uint256 count, bytes32 digest, address minter);
        /// Certificate `id` (the device's address) was minted in batch `batch`.
        event CertificateMinted(uint256 indexed id, uint256 indexed manufacturer, uint256 indexed batch, string serial, uint64 imei, uint64 manufacturedAt, bool ictPassed, bytes32 ictReport, bool mechanicalPassed, bytes32 mechanicalReport, bytes32 qaReport, uint64 qaInspectedAt, uint64 firmware);

        /// Mints one certificate per device to the manufacturer node's holder. The caller is
        /// the holder or holds the `MINT_DEVICES` privilege; the Manufacturing License and the
        /// Hardware Device License (the manufacturer's own) must be active. Returns the batch.
        function mintCertificates(uint256 manufacturer, uint256 deviceLicense, DeviceInput[] devices) external returns (uint256);
        /// The mint record of batch `batch` (zeros for an unknown batch). Its minter and
        /// digest are in its `BatchMinted` event only.
        function batch(uint256 batch) external view returns (uint256 manufacturer, uint256 deviceLicense, uint64 licenseGrant, uint64 licenseExpiresAt, uint64 mintedAt, uint64 count);
        /// Batches minted so far; also the highest batch number.
        function totalBatches() external view returns (uint256);

        // ----- claims, provisioning, organizations -------------------------------------------

        /// Certificate `id` left factory custody for `owner`, with claim nonce `nonce`.
        event CertificateClaimed(uint256 indexed id, address indexed owner, uint256 nonce);
        /// The owner marked the device provisioned at `provisionedAt`.
        event DeviceProvisioned(uint256 indexed id, uint64 provisionedAt, address indexed by);

        /// Moves certificate `id` from factory custody to `owner`, with the device key's
        /// EIP-712 `Claim` signature. Anyone may send it; the signature fixes the owner, the
        /// nonce and the deadline. Factory custody: the token has not moved since its mint,
        /// wherever it is (after a node transfer, in the previous holder's wallet: a node
        /// transfer strands no device), or its manufacturer node's current holder holds it
        /// (a returned device).
        function claim(uint256 id, address owner, uint256 nonce, uint256 deadline, bytes signature) external;
        /// The nonce the next claim of certificate `id` must carry: its factory resets plus
        /// its token's changes of owner (`ownerChanges`), so every reset and every change of
        /// owner kills the outstanding claim signatures.
        function claimNonce(uint256 id) external view returns (uint256);
        /// Owner only: marks the device provisioned at `provisionedAt` (once).
        function markProvisioned(uint256 id, uint64 provisionedAt) external;

        // ----- lifecycle --------------------------------------------------------------------

        /// An OTA update from firmware `from` to `to` (image `imageHash`); `count` is the
        /// certificate's OTA count after it and `head` its new history head.
        event FirmwareUpdated(uint256 indexed id, uint256 indexed manufacturer, uint64 from, uint64 to, bytes32 imageHash, bool rollback, uint64 count, bytes32 head, address by);
        /// A factory reset; `newDevice` is the device key after it (equal to `oldDevice` when
        /// the key did not rotate).
        event FactoryReset(uint256 indexed id, uint256 indexed manufacturer, address oldDevice, address newDevice, uint64 count, bytes32 head, address by);
        /// The device reached end of life (`kind`: 1 decommissioned, 2 recycled, 3 disposed).
        event EndOfLife(uint256 indexed id, uint256 indexed manufacturer, uint8 kind, bytes32 reason, bytes32 head, address by);

        /// Manufacturer (holder or `OTA_UPDATE` privilege): records an OTA update to
        /// `version`. A version not newer than the current one needs `rollback` (and must then
        /// be older).
        function updateFirmware(uint256 id, uint64 version, bytes32 imageHash, bool rollback) external;
        /// Owner or manufacturer (`FACTORY_RESET`): records a factory reset. A non-zero
        /// `newDevice` rotates the device key to it: `signature` is the current key's
        /// `RotateKey` signature followed by the new key's (130 bytes). A rotation moves the
        /// claim nonce on. A key once used is never usable again.
        function factoryReset(uint256 id, address newDevice, bytes signature) external;
        /// Owner or manufacturer (`END_OF_LIFE`): ends the device's life. Terminal.
        function endOfLife(uint256 id, uint8 kind, bytes32 reason) external;
        /// The foundation voided certificate `id` after a dispute (`reason`): its serial and
        /// IMEI are free again; `imei` is the freed IMEI (0 for none).
        event CertificateVoided(uint256 indexed id, uint256 indexed manufacturer, uint64 imei, bytes32 reason, bytes32 head, address by);
        /// A registry admin (the foundation) voids certificate `id` after a dispute (for
        /// example an IMEI squatted by another manufacturer): status 4, token retired, serial
        /// and IMEI freed, device key kept taken. Also for a certificate at end of life.
        function voidCertificate(uint256 id, bytes32 reason) external;
        /// The history head: 0 at mint, then for each lifecycle event
        /// `keccak256(abi.encode(head, kind, id, fields…, by))` as documented per event.
        function historyHead(uint256 id) external view returns (bytes32);

        // ----- queries ----------------------------------------------------------------------

        /// Every stored field of certificate `id` (the test report hashes are committed in
        /// its batch's digest and carried by `CertificateMinted`).
        function certificate(uint256 id) external view returns (address device, uint256 manufacturer, string serial, uint64 imei, uint256 batch, uint256 deviceLicense, uint64 manufacturedAt, bool ictPassed, bool mechanicalPassed, bool qaPassed, uint64 qaInspectedAt, uint64 initialFirmware, uint64 firmware, uint64 provisionedAt, uint8 status, uint64 retiredAt, uint64 otaUpdates, uint64 factoryResets, bytes32 historyHead);
        /// The certificate whose current device key is `device`, or 0.
        function idByDeviceAddress(address device) external view returns (uint256);
        /// The certificate of `manufacturer` with serial `serial`, or 0.
        function idBySerial(uint256 manufacturer, string serial) external view returns (uint256);
        /// The certificate with IMEI `imei`, or 0.
        function idByImei(uint64 imei) external view returns (uint256);
        /// The EIP-712 domain separator device keys sign under.
        function domainSeparator() external view returns (bytes32);

        // ----- configuration ----------------------------------------------------------------

        /// The certificate token (ERC-721) this contract issues.
        function token() external view returns (address);
        /// The manufacturer registry.
        function registry() external view returns (address);
        /// The manufacturing-licence contract.
        function manufacturingLicenses() external view returns (address);
        /// The device-licence contract.
        function deviceLicenses() external view returns (address);
    }

    /// The certificate token's own functions besides ERC-721, its metadata and ERC-4906:
    /// the issuer's hooks, organizations and the base URI.
    interface ICertificateToken {
        /// The caller is not the issuer (the certificate contract).
        error CallerNotIssuer(address account);
        /// The issuer is already set, or the zero address was given.
        error InvalidIssuer(address issuer);
        /// `account` is not the certificate's owner.
        error CallerNotOwner(uint256 id, address account);
        /// The certificate reached end of life: it can no longer move or change.
        error CertificateRetired(uint256 id);
        /// The zero address cannot be an organization.
        error InvalidOrganization(address org);
        /// `org` is already authorized for the certificate.
        error OrganizationAlreadyAuthorized(uint256 id, address org);
        /// `org` is not authorized for the certificate.
        error OrganizationNotAuthorized(uint256 id, address org);
        /// The certificate already has `max` authorized organizations.
        error TooManyOrganizations(uint256 id, uint256 max);
        /// The base URI is longer than `max` bytes.
        error UriTooLong(uint256 length, uint256 max);
        /// An `issue` of more than `max` ids.
        error InvalidBatchSize(uint256 size, uint256 max);

        /// The owner set the issuer, once.
        event IssuerSet(address indexed issuer, address indexed by);
        /// The owner set the base of `tokenURI` (`tokenURI(id)` is the base followed by the
        /// device's original address in lowercase hex).
        event BaseUriSet(string uri, address indexed by);
        /// Certificate `id` reached end of life: it can no longer move.
        event TokenRetired(uint256 indexed id);
        /// `org` may now access and manage the device.
        event OrganizationAuthorized(uint256 indexed id, address indexed org, address indexed by);
        /// `org` may no longer access the device.
        event OrganizationRevoked(uint256 indexed id, address indexed org, address indexed by);
        /// A change of owner cleared the certificate's authorized organizations.
        event OrganizationsCleared(uint256 indexed id);

        /// Owner only, once: sets the issuer, the only address that mints.
        function setIssuer(address issuer) external;
        /// The issuer (the certificate contract).
        function issuer() external view returns (address);
        /// Owner only: sets the base of `tokenURI`.
        function setBaseUri(string uri) external;
        /// Issuer only: mints each of `ids` to `to`.
        function issue(address to, uint256[] ids) external;
        /// Issuer only: moves `id` from `from` (its owner) to `to` (a claim).
        function issuerTransfer(address from, address to, uint256 id) external;
        /// Issuer only: marks `id` retired (once); it can no longer move.
        function retire(uint256 id) external;
        /// Issuer only: announces a change of `id`'s record (ERC-4906 `MetadataUpdate`).
        function notifyUpdate(uint256 id) external;
        /// Whether `id` is retired.
        function isRetired(uint256 id) external view returns (bool);
        /// How many times `id` changed owner since its mint (its `Transfer` events with a
        /// non-zero `from`; a claim counts even to the same owner).
        function ownerChanges(uint256 id) external view returns (uint256);
        /// The owner of `id` (the zero address when it does not exist) and its
        /// `ownerChanges`, in one call.
        function ownerState(uint256 id) external view returns (address owner, uint256 changes);

        /// Owner only: authorizes `org` for the device.
        function authorizeOrganization(uint256 id, address org) external;
        /// Owner only: revokes `org`.
        function revokeOrganization(uint256 id, address org) external;
        /// The organizations currently authorized for certificate `id`.
        function authorizedOrganizations(uint256 id) external view returns (address[]);
        /// Whether `org` is currently authorized for certificate `id`.
        function isAuthorizedOrganization(uint256 id, address org) external view returns (bool);
    }

    /// The certificate token's constructor.
    contract CertificateTokenDeployment {
        constructor(address initialOwner);
    }

    /// The certificate contract's constructor (it has no owner: nothing in it is configurable).
    contract DeviceCertificatesDeployment {
        constructor(address token, address registry, address manufacturingLicenses, address deviceLicenses);
    }
}

impl MintDevice {
    /// The message device `input` signs to be minted under `manufacturer` and Hardware
    /// Device License `device_license`: every field of the input but `qaPassed` and the
    /// signature.
    #[must_use]
    pub fn of(
        manufacturer: alloy_primitives::U256,
        device_license: alloy_primitives::U256,
        input: &DeviceInput,
    ) -> Self {
        Self {
            manufacturer,
            deviceLicense: device_license,
            device: input.device,
            serial: input.serial.clone(),
            imei: input.imei,
            manufacturedAt: input.manufacturedAt,
            ictPassed: input.ictPassed,
            ictReport: input.ictReport,
            mechanicalPassed: input.mechanicalPassed,
            mechanicalReport: input.mechanicalReport,
            qaReport: input.qaReport,
            qaInspectedAt: input.qaInspectedAt,
            firmware: input.firmware,
        }
    }
}

crate::encode::log_encoding! {
    IDeviceCertificates::BatchMinted => |e, t, d| (
        t.uint(&e.batch).uint(&e.manufacturer).uint(&e.deviceLicense),
        d.small(e.licenseGrant)
            .small(e.licenseExpiresAt)
            .uint(&e.count)
            .word(&e.digest)
            .address(&e.minter)
    );
    IDeviceCertificates::CertificateMinted => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer).uint(&e.batch),
        d.string(&e.serial)
            .small(e.imei)
            .small(e.manufacturedAt)
            .small(e.ictPassed.into())
            .word(&e.ictReport)
            .small(e.mechanicalPassed.into())
            .word(&e.mechanicalReport)
            .word(&e.qaReport)
            .small(e.qaInspectedAt)
            .small(e.firmware)
    );
    IDeviceCertificates::CertificateClaimed => |e, t, d| (
        t.uint(&e.id).address(&e.owner),
        d.uint(&e.nonce)
    );
    IDeviceCertificates::DeviceProvisioned => |e, t, d| (
        t.uint(&e.id).address(&e.by),
        d.small(e.provisionedAt)
    );
    ICertificateToken::OrganizationAuthorized => |e, t, d| (
        t.uint(&e.id).address(&e.org).address(&e.by),
        d
    );
    ICertificateToken::OrganizationRevoked => |e, t, d| (
        t.uint(&e.id).address(&e.org).address(&e.by),
        d
    );
    ICertificateToken::OrganizationsCleared => |e, t, d| (t.uint(&e.id), d);
    IDeviceCertificates::FirmwareUpdated => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer),
        d.small(e.from)
            .small(e.to)
            .word(&e.imageHash)
            .small(e.rollback.into())
            .small(e.count)
            .word(&e.head)
            .address(&e.by)
    );
    IDeviceCertificates::FactoryReset => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer),
        d.address(&e.oldDevice)
            .address(&e.newDevice)
            .small(e.count)
            .word(&e.head)
            .address(&e.by)
    );
    IDeviceCertificates::EndOfLife => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer),
        d.small(e.kind.into()).word(&e.reason).word(&e.head).address(&e.by)
    );
    IDeviceCertificates::CertificateVoided => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer),
        d.small(e.imei).word(&e.reason).word(&e.head).address(&e.by)
    );
    ICertificateToken::BaseUriSet => |e, t, d| (t.address(&e.by), d.string(&e.uri));
    ICertificateToken::IssuerSet => |e, t, d| (t.address(&e.issuer).address(&e.by), d);
    ICertificateToken::TokenRetired => |e, t, d| (t.uint(&e.id), d);
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_primitives::{address, B256, U256};

    use super::{ICertificateToken as T, IDeviceCertificates as C};
    use crate::encode::assert_log_matches_alloy as same;

    #[test]
    fn every_event_encodes_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("b0b0000000000000000000000000000000000b0b");
        let id = U256::from_be_slice(b.as_slice());
        let n = U256::from(7) << 200;
        let h = B256::repeat_byte(0xab);
        for text in ["", "A", &"x".repeat(32), &"y".repeat(33)] {
            let text = String::from(text);
            same(&C::CertificateMinted {
                id,
                manufacturer: n,
                batch: U256::from(3),
                serial: text.clone(),
                imei: 490154203237518,
                manufacturedAt: 1,
                ictPassed: true,
                ictReport: h,
                mechanicalPassed: false,
                mechanicalReport: h,
                qaReport: h,
                qaInspectedAt: 2,
                firmware: u64::MAX,
            });
            same(&T::BaseUriSet { uri: text, by: a });
        }
        same(&C::BatchMinted {
            batch: U256::from(1),
            manufacturer: n,
            deviceLicense: U256::from(2),
            licenseGrant: 4,
            licenseExpiresAt: u64::MAX,
            count: U256::from(100),
            digest: h,
            minter: a,
        });
        same(&C::CertificateClaimed {
            id,
            owner: a,
            nonce: n,
        });
        same(&C::DeviceProvisioned {
            id,
            provisionedAt: 9,
            by: a,
        });
        same(&T::OrganizationAuthorized { id, org: a, by: b });
        same(&T::OrganizationRevoked { id, org: b, by: a });
        same(&T::OrganizationsCleared { id });
        same(&T::IssuerSet { issuer: a, by: b });
        same(&T::TokenRetired { id });
        for rollback in [false, true] {
            same(&C::FirmwareUpdated {
                id,
                manufacturer: n,
                from: 1,
                to: 2,
                imageHash: h,
                rollback,
                count: 5,
                head: h,
                by: a,
            });
        }
        same(&C::FactoryReset {
            id,
            manufacturer: n,
            oldDevice: a,
            newDevice: b,
            count: 1,
            head: h,
            by: b,
        });
        same(&C::EndOfLife {
            id,
            manufacturer: n,
            kind: 3,
            reason: h,
            head: h,
            by: a,
        });
        same(&C::CertificateVoided {
            id,
            manufacturer: n,
            imei: u64::MAX,
            reason: h,
            head: h,
            by: a,
        });
    }
}
