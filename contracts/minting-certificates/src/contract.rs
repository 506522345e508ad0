//! The contract's storage and its public functions, ERC-165 last (the certificates' ERC-721
//! is the certificate token's; this contract has no owner).
//!
//! # Storage per certificate, and why a full mint costs five new slots
//!
//! A mint of a device with an IMEI writes five storage slots that were empty:
//!
//! | slot | contract | why it is needed |
//! |---|---|---|
//! | ERC-721 owner of the id | token | the token itself (OpenZeppelin) |
//! | [`Certificate`] word 0: the serial | this | `certificate(id)` returns it |
//! | [`Certificate`] word 1: IMEI, batch, dates, firmware, test results | this | the rest of the record, packed; a non-zero batch also marks that the id exists |
//! | serial index `(manufacturer, serial) → id` | this | uniqueness per manufacturer, `idBySerial` |
//! | IMEI index `imei → id` (only with an IMEI) | this | uniqueness, `idByImei` |
//!
//! No slot is spent on the device address: the id **is** the original address, so word 1
//! doubles as the address index, and only a key rotation writes an entry (for the new key) in
//! the rotated-key index, which a mint reads once (one cold read) to keep rotated-in keys
//! unique. What every certificate of a batch shares (manufacturer, licences, date, size) sits
//! once in a [`BatchRecord`] (one word per call); the minter and the batch's digest are in its
//! `BatchMinted` event only. The test report hashes are committed in that digest and carried
//! by the `CertificateMinted` event rather than stored: three more words per device would
//! cost 66,300 gas. The holder's token balance and
//! the batch counter are rewritten, not created. Later changes write words 2 to 4 of
//! [`Certificate`] (provisioning, status, firmware, counters, history head); a claim writes none
//! of them (the token counts the change of owner, which moves the claim nonce on).

use alloc::{vec, vec::Vec};

use alloy_primitives::aliases::B32;
use alloy_primitives::{Address, B256, U256, U64};
use dimo_interfaces::{
    certificates::{status, IDeviceCertificates as C},
    encode::AbiWriter,
    interface_id, privileges,
};
use openzeppelin_stylus::utils::introspection::erc165::IErc165;
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageB256, StorageMap, StorageU256, StorageU64},
};

use contract_kit::{
    event::Event,
    host::{caller, now},
    raw_string::RawString,
    returns::Encoded,
};

use crate::{
    calls,
    error::Error,
    history, identity,
    storage::{BatchRecord, Certificate},
};

/// One device of a mint call, in the order of the interface's `DeviceInput` struct: serial,
/// IMEI, device, manufactured at, ICT passed, ICT report, mechanical passed, mechanical
/// report, QA passed, QA report, QA inspected at, firmware, signature.
pub type DeviceInput = (
    RawString,
    u64,
    Address,
    u64,
    bool,
    B256,
    bool,
    B256,
    bool,
    B256,
    u64,
    u64,
    Bytes,
);

/// Everything `certificate(id)` returns, in the interface's order (the Solidity type of its
/// [`Encoded`] return).
pub type CertificateView = (
    Address,
    U256,
    RawString,
    u64,
    U256,
    U256,
    u64,
    bool,
    bool,
    bool,
    u64,
    u64,
    u64,
    u64,
    u8,
    u64,
    u64,
    u64,
    B256,
);

/// Device Minting Certificates.
#[entrypoint]
#[storage]
pub struct DeviceCertificates {
    /// The certificate token (ERC-721) this contract issues.
    pub(crate) token: StorageAddress,
    /// The manufacturer registry.
    pub(crate) registry: StorageAddress,
    /// The manufacturing-licence contract.
    pub(crate) manufacturing: StorageAddress,
    /// The device-licence contract.
    pub(crate) devices: StorageAddress,
    /// Per-certificate records, by id.
    pub(crate) certificates: StorageMap<U256, Certificate>,
    /// Per-batch records ([`BatchRecord`]), by batch number (from 1).
    pub(crate) batches: StorageMap<U256, StorageB256>,
    /// Batches minted so far.
    pub(crate) batch_count: StorageU64,
    /// Serial index: [`identity::serial_key`] → id.
    pub(crate) serial_to_id: StorageMap<B256, StorageU256>,
    /// IMEI index: IMEI → id.
    pub(crate) imei_to_id: StorageMap<u64, StorageU256>,
    /// Rotated device keys → id. Original keys need no entry: they are the ids.
    pub(crate) rotated_to_id: StorageMap<Address, StorageU256>,
}

// ABI entry points receive owned, decoded arguments.
#[allow(clippy::needless_pass_by_value)]
#[public]
#[implements(IErc165)]
impl DeviceCertificates {
    /// Sets the four contracts this one works with. Nothing is configurable afterwards, so
    /// the contract has no owner, and a zero address is refused.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidConfiguration`] - If an address is zero.
    #[constructor]
    pub fn constructor(
        &mut self,
        token: Address,
        registry: Address,
        manufacturing_licenses: Address,
        device_licenses: Address,
    ) -> Result<(), Error> {
        for account in [token, registry, manufacturing_licenses, device_licenses] {
            if account.is_zero() {
                return Err(C::InvalidConfiguration { account }.into());
            }
        }
        self.token.set(token);
        self.registry.set(registry);
        self.manufacturing.set(manufacturing_licenses);
        self.devices.set(device_licenses);
        Ok(())
    }

    // ----- minting --------------------------------------------------------------------------

    /// Mints one certificate per device of `devices` to the holder of node `manufacturer`
    /// (factory custody) as batch number `totalBatches() + 1`, which it returns.
    ///
    /// The caller holds the node or its `MINT_DEVICES` privilege; the node's Manufacturing
    /// License and `device_license` (the node's own) are active. Checked once per call.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidBatchSize`] - If `devices` is empty or longer than
    ///   [`MAX_BATCH`](dimo_interfaces::certificates::MAX_BATCH).
    /// * [`Error::CallerNotAuthorized`] - If the caller may not mint for `manufacturer`.
    /// * [`Error::ManufacturerNotLicensed`] - Without an active Manufacturing License.
    /// * [`Error::DeviceLicenseNotOwned`] - If `device_license` is another manufacturer's.
    /// * [`Error::DeviceLicenseNotActive`] - If it is not active.
    /// * Per device: [`Error::InvalidSerial`], [`Error::InvalidImei`],
    ///   [`Error::InvalidDeviceAddress`], [`Error::InvalidDate`], [`Error::InvalidHash`],
    ///   [`Error::QaNotPassed`], [`Error::InvalidFirmwareVersion`],
    ///   [`Error::InvalidSignature`], [`Error::WrongSigner`], [`Error::SerialTaken`],
    ///   [`Error::ImeiTaken`], [`Error::DeviceAddressTaken`] (also between devices of the
    ///   call).
    ///
    /// # Events
    ///
    /// * Per device [`C::CertificateMinted`]; then [`C::BatchMinted`]; then the token's
    ///   `Transfer` per device.
    pub fn mint_certificates(
        &mut self,
        manufacturer: U256,
        device_license: U256,
        devices: Vec<DeviceInput>,
    ) -> Result<U256, Error> {
        Self::_check_batch_size(devices.len())?;
        let minter = caller();
        let (holder, grant, expires) =
            self._check_can_mint(manufacturer, device_license, minter)?;
        let batch = U256::from(self.batch_count.get().to::<u64>() + 1);
        let domain = Self::_domain();
        let mut digest = B256::ZERO;
        let mut ids = Vec::with_capacity(devices.len());
        for device in &devices {
            let (id, leaf) =
                self._mint_one(manufacturer, device_license, batch, device, &domain)?;
            digest = alloy_primitives::keccak256([digest.0, leaf.0].concat());
            ids.push(id);
        }
        self.batch_count.set(U64::from(batch.as_limbs()[0]));
        self.batches.setter(batch).set(
            BatchRecord {
                manufacturer: manufacturer.as_limbs()[0],
                device_license: device_license.as_limbs()[0],
                license_grant: grant,
                license_expires_at: expires,
                minted_at: now(),
                count: devices.len() as u64,
            }
            .word(),
        );
        C::BatchMinted {
            batch,
            manufacturer,
            deviceLicense: device_license,
            licenseGrant: grant,
            licenseExpiresAt: expires,
            count: U256::from(devices.len()),
            digest,
            minter,
        }
        .emit();
        // The one external call, after every record is written.
        self._token_call(&calls::issue_calldata(holder, &ids))?;
        Ok(batch)
    }

    /// The record of batch `batch`: manufacturer, device licence, Manufacturing License grant
    /// and expiry at mint, mint date and size. Zeros for an unknown batch. Its minter and
    /// digest are in its `BatchMinted` event ([`BatchRecord`] says why).
    pub fn batch(&self, batch: U256) -> (U256, U256, u64, u64, u64, u64) {
        let b = BatchRecord::read(self.batches.get(batch));
        (
            U256::from(b.manufacturer),
            U256::from(b.device_license),
            b.license_grant,
            b.license_expires_at,
            b.minted_at,
            b.count,
        )
    }

    /// Batches minted so far; also the highest batch number.
    pub fn total_batches(&self) -> U256 {
        U256::from(self.batch_count.get().to::<u64>())
    }

    // ----- claims, provisioning --------------------------------------------------------------

    /// Moves certificate `id` out of factory custody to `owner`, on the device key's EIP-712
    /// `Claim(id, owner, nonce, deadline)` signature. Anyone may send it: the signature fixes
    /// the new owner. Factory custody ([`Self::_custody`]): the token has not moved since its
    /// mint (wherever it is: a node transfer strands no device), or its manufacturer node's
    /// current holder holds it.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`].
    /// * [`Error::InvalidNewOwner`] - If `owner` is the zero address.
    /// * [`Error::SignatureExpired`] - If `deadline` has passed.
    /// * [`Error::InvalidNonce`] - If `nonce` is not [`Self::claim_nonce`].
    /// * [`Error::NotInFactoryCustody`] - If the certificate is not in factory custody.
    /// * [`Error::InvalidSignature`], [`Error::WrongSigner`].
    ///
    /// # Events
    ///
    /// * [`C::CertificateClaimed`]; the token's `Transfer` (and `OrganizationsCleared` with a
    ///   non-empty list).
    pub fn claim(
        &mut self,
        id: U256,
        owner: Address,
        nonce: U256,
        deadline: U256,
        signature: Bytes,
    ) -> Result<(), Error> {
        self._require_active(id)?;
        if owner.is_zero() {
            return Err(C::InvalidNewOwner { owner }.into());
        }
        let now = now();
        if deadline < U256::from(now) {
            return Err(C::SignatureExpired { deadline, now }.into());
        }
        let (expected, state) = self._claim_nonce(id);
        if nonce != expected {
            return Err(C::InvalidNonce { nonce, expected }.into());
        }
        let current = self._custody(id, state)?;
        let struct_hash = crate::internal::claim_hash(id, owner, nonce, deadline);
        let cert = self.certificates.get(id);
        Self::_check_signature(&struct_hash, &signature, cert.current_device(id))?;
        C::CertificateClaimed { id, owner, nonce }.emit();
        // The token counts the claim as a change of owner: the nonce moves on.
        self._token_call(&calls::issuer_transfer_calldata(current, owner, id))
    }

    /// The nonce the next claim of certificate `id` must carry: its factory resets plus its
    /// token's changes of owner, so a reset (a key rotation included) and every change of
    /// owner (a claim, a sale, a return) kill every outstanding `Claim` signature.
    pub fn claim_nonce(&self, id: U256) -> U256 {
        self._claim_nonce(id).0
    }

    /// Owner only: marks the device provisioned at `provisioned_at` (once; not before its
    /// manufacturing date, not in the future).
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`],
    ///   [`Error::CallerNotOwner`].
    /// * [`Error::AlreadyProvisioned`] - If it was marked before.
    /// * [`Error::InvalidDate`] - If the date is before manufacturing or in the future.
    ///
    /// # Events
    ///
    /// * [`C::DeviceProvisioned`]; the token's `MetadataUpdate`.
    pub fn mark_provisioned(&mut self, id: U256, provisioned_at: u64) -> Result<(), Error> {
        let by = self._only_certificate_owner(id)?;
        let cert = self.certificates.get(id);
        let mut life = cert.life();
        if life.provisioned_at != 0 {
            return Err(C::AlreadyProvisioned {
                id,
                provisionedAt: life.provisioned_at,
            }
            .into());
        }
        crate::internal::check_date(provisioned_at, cert.minted().manufactured_at, now())?;
        life.provisioned_at = provisioned_at;
        self.certificates.setter(id).set_life(&life);
        C::DeviceProvisioned {
            id,
            provisionedAt: provisioned_at,
            by,
        }
        .emit();
        self._notify_update(id)
    }

    // ----- lifecycle ------------------------------------------------------------------------

    /// Manufacturer only (holder or `OTA_UPDATE` privilege): records an OTA update from the
    /// current firmware to `version`, image `image_hash`. A version that is not newer needs
    /// `rollback`, and a rollback must go to an older version.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`].
    /// * [`Error::CallerNotAuthorized`] - If the caller may not update for the manufacturer.
    /// * [`Error::InvalidHash`] - If `image_hash` is zero.
    /// * [`Error::InvalidFirmwareChange`] - A downgrade without `rollback`, or the reverse.
    ///
    /// # Events
    ///
    /// * [`C::FirmwareUpdated`]; the token's `MetadataUpdate`.
    pub fn update_firmware(
        &mut self,
        id: U256,
        version: u64,
        image_hash: B256,
        rollback: bool,
    ) -> Result<(), Error> {
        self._require_active(id)?;
        let (manufacturer, by) = self._only_manufacturer(id, privileges::OTA_UPDATE)?;
        if image_hash.is_zero() {
            return Err(C::InvalidHash {}.into());
        }
        let cert = self.certificates.get(id);
        let mut changes = cert.changes();
        let from = changes.current_firmware(&cert.minted());
        if version == 0 || (version > from) == rollback || version == from {
            return Err(C::InvalidFirmwareChange {
                current: from,
                next: version,
                rollback,
            }
            .into());
        }
        changes.ota_count += 1;
        changes.firmware = version;
        let count = changes.ota_count;
        let head = history::ota(
            &cert.head.get(),
            id,
            from,
            version,
            &image_hash,
            rollback,
            by,
        );
        let mut cert = self.certificates.setter(id);
        cert.set_changes(&changes);
        cert.head.set(head);
        C::FirmwareUpdated {
            id,
            manufacturer,
            from,
            to: version,
            imageHash: image_hash,
            rollback,
            count,
            head,
            by,
        }
        .emit();
        self._notify_update(id)
    }

    /// Owner, or manufacturer with `FACTORY_RESET`: records a factory reset. A non-zero
    /// `new_device` rotates the device key to it. The device must agree: `signature` is the
    /// **current** key's EIP-712 `RotateKey(id, new_device, factoryResets)` signature (proof
    /// of possession, so no caller chooses the key that authorises claims) followed by the
    /// new key's signature of the same message (130 bytes). Every reset moves the claim
    /// nonce on (outstanding `Claim` signatures die); a rotated-away key stays taken.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`].
    /// * [`Error::CallerNotOwnerOrManufacturer`] - For any other caller.
    /// * [`Error::DeviceAddressTaken`] - If `new_device` is, or was, a certificate's key.
    /// * [`Error::InvalidSignature`] - Not 130 bytes, or either half malformed.
    /// * [`Error::WrongSigner`] - A half not made by the current, or the new, key.
    ///
    /// # Events
    ///
    /// * [`C::FactoryReset`]; the token's `MetadataUpdate`.
    pub fn factory_reset(
        &mut self,
        id: U256,
        new_device: Address,
        signature: Bytes,
    ) -> Result<(), Error> {
        self._require_active(id)?;
        let (manufacturer, by) = self._owner_or_manufacturer(id, privileges::FACTORY_RESET)?;
        let (mut life, mut changes, head) = {
            let cert = self.certificates.get(id);
            (cert.life(), cert.changes(), cert.head.get())
        };
        let (old, resets) = (life.current_device(id), changes.reset_count);
        let new = if new_device.is_zero() {
            old
        } else {
            let taken = self._key_holder(new_device);
            if !taken.is_zero() {
                return Err(C::DeviceAddressTaken {
                    device: new_device,
                    id: taken,
                }
                .into());
            }
            if signature.len() != 130 {
                return Err(C::InvalidSignature {}.into());
            }
            let struct_hash = crate::internal::rotate_key_hash(id, new_device, resets);
            Self::_check_signature(&struct_hash, &signature[..65], old)?;
            Self::_check_signature(&struct_hash, &signature[65..], new_device)?;
            self.rotated_to_id.setter(new_device).set(id);
            life.device = new_device;
            self.certificates.setter(id).set_life(&life);
            new_device
        };
        let head = history::reset(&head, id, old, new, by);
        changes.reset_count = resets + 1;
        let mut cert = self.certificates.setter(id);
        cert.set_changes(&changes);
        cert.head.set(head);
        C::FactoryReset {
            id,
            manufacturer,
            oldDevice: old,
            newDevice: new,
            count: resets + 1,
            head,
            by,
        }
        .emit();
        self._notify_update(id)
    }

    /// Owner, or manufacturer with `END_OF_LIFE`: ends the device's life as `kind`
    /// (1 decommissioned, 2 recycled, 3 disposed) for `reason`. Terminal: the certificate can
    /// no longer move or change; it stays readable.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`].
    /// * [`Error::CallerNotOwnerOrManufacturer`] - For any other caller.
    /// * [`Error::InvalidEndOfLifeKind`] - For another `kind`.
    /// * [`Error::InvalidHash`] - If `reason` is zero.
    ///
    /// # Events
    ///
    /// * [`C::EndOfLife`]; the token's `TokenRetired` and `MetadataUpdate`.
    pub fn end_of_life(&mut self, id: U256, kind: u8, reason: B256) -> Result<(), Error> {
        self._require_active(id)?;
        let (manufacturer, by) = self._owner_or_manufacturer(id, privileges::END_OF_LIFE)?;
        if !(status::DECOMMISSIONED..=status::DISPOSED).contains(&kind) {
            return Err(C::InvalidEndOfLifeKind { kind }.into());
        }
        if reason.is_zero() {
            return Err(C::InvalidHash {}.into());
        }
        let head =
            history::end_of_life(&self.certificates.get(id).head.get(), id, kind, &reason, by);
        C::EndOfLife {
            id,
            manufacturer,
            kind,
            reason,
            head,
            by,
        }
        .emit();
        self._close(id, kind, head)
    }

    /// Registry admin (the foundation) only: voids certificate `id` after a dispute, for
    /// example an IMEI or serial squatted by another manufacturer. The certificate gets
    /// status [`status::VOIDED`] (terminal, also over end of life), its token is retired,
    /// its serial and IMEI are freed for a rightful mint, and its device key stays taken.
    /// The `CertificateVoided` event names the manufacturer, whose stake the foundation may
    /// then slash on the manufacturing-licence contract.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotRegistryAdmin`] - If the caller is not a registry admin.
    /// * [`Error::UnknownCertificate`] - If no certificate has id `id`.
    /// * [`Error::CertificateRetired`] - If it was voided before.
    /// * [`Error::InvalidHash`] - If `reason` is zero.
    ///
    /// # Events
    ///
    /// * [`C::CertificateVoided`]; the token's `TokenRetired` and `MetadataUpdate` (while
    ///   in service) or `MetadataUpdate` (after end of life).
    pub fn void_certificate(&mut self, id: U256, reason: B256) -> Result<(), Error> {
        let by = caller();
        if !calls::is_admin(self.registry.get(), by) {
            return Err(C::CallerNotRegistryAdmin { account: by }.into());
        }
        self._require_exists(id)?;
        let cert = self.certificates.get(id);
        if cert.life().status == status::VOIDED {
            return Err(C::CertificateRetired { id }.into());
        }
        if reason.is_zero() {
            return Err(C::InvalidHash {}.into());
        }
        let (imei, word, head) = (cert.minted().imei, cert.serial.get(), cert.head.get());
        let manufacturer = self._manufacturer_of(id);
        if imei != 0 {
            self.imei_to_id.delete(imei);
        }
        self.serial_to_id
            .delete(identity::serial_key(manufacturer, &word));
        let head = history::void(&head, id, &reason, by);
        C::CertificateVoided {
            id,
            manufacturer,
            imei,
            reason,
            head,
            by,
        }
        .emit();
        self._close(id, status::VOIDED, head)
    }

    /// The history head of certificate `id` ([`history`]); 0 before any lifecycle event.
    pub fn history_head(&self, id: U256) -> B256 {
        self.certificates.get(id).head.get()
    }

    // ----- queries --------------------------------------------------------------------------

    /// Every stored field of certificate `id`, in the interface's order, encoded as Solidity
    /// encodes it ([`Encoded`], written with the shared [`AbiWriter`]).
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`] - If no certificate has id `id`.
    pub fn certificate(&self, id: U256) -> Result<Encoded<CertificateView>, Error> {
        self._require_exists(id)?;
        let c = self.certificates.get(id);
        let (minted, life, changes) = (c.minted(), c.life(), c.changes());
        let licences = BatchRecord::read(self.batches.get(U256::from(minted.batch)));
        let bit = |b: u8| u64::from(minted.results & b != 0);
        Ok(Encoded::new(
            AbiWriter::new()
                .address(&life.current_device(id))
                .small(licences.manufacturer)
                .bytes(identity::serial_bytes(&c.serial.get()))
                .small(minted.imei)
                .small(minted.batch)
                .small(licences.device_license)
                .small(minted.manufactured_at)
                .small(bit(crate::storage::results::ICT))
                .small(bit(crate::storage::results::MECHANICAL))
                .small(bit(crate::storage::results::QA))
                .small(minted.qa_inspected_at)
                .small(minted.initial_firmware)
                .small(changes.current_firmware(&minted))
                .small(life.provisioned_at)
                .small(life.status.into())
                .small(changes.retired_at)
                .small(changes.ota_count)
                .small(changes.reset_count)
                .word(&c.head.get())
                .finish(),
        ))
    }

    /// The certificate whose current device key is `device`, or 0.
    pub fn id_by_device_address(&self, device: Address) -> U256 {
        self._id_by_device(device)
    }

    /// The certificate of `manufacturer` with serial `serial`, or 0.
    pub fn id_by_serial(&self, manufacturer: U256, serial: RawString) -> U256 {
        if !identity::is_valid_serial(serial.as_bytes()) {
            return U256::ZERO;
        }
        let word = identity::serial_word(serial.as_bytes());
        self.serial_to_id
            .get(identity::serial_key(manufacturer, &word))
    }

    /// The certificate with IMEI `imei`, or 0.
    pub fn id_by_imei(&self, imei: u64) -> U256 {
        if imei == 0 {
            return U256::ZERO;
        }
        self.imei_to_id.get(imei)
    }

    /// The EIP-712 domain separator device keys sign under.
    pub fn domain_separator(&self) -> B256 {
        Self::_domain()
    }

    // ----- configuration --------------------------------------------------------------------

    /// The certificate token (ERC-721) this contract issues.
    pub fn token(&self) -> Address {
        self.token.get()
    }

    /// The manufacturer registry.
    pub fn registry(&self) -> Address {
        self.registry.get()
    }

    /// The manufacturing-licence contract.
    pub fn manufacturing_licenses(&self) -> Address {
        self.manufacturing.get()
    }

    /// The device-licence contract.
    pub fn device_licenses(&self) -> Address {
        self.devices.get()
    }
}

#[public]
impl IErc165 for DeviceCertificates {
    fn supports_interface(&self, interface_id: B32) -> bool {
        [interface_id::ERC165, interface_id::DEVICE_CERTIFICATES].contains(&interface_id)
    }
}
