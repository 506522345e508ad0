//! Internal helpers: access checks, the licence checks and the per-device work of a mint, key
//! indexes, signatures and the calls to the token.

use alloy_primitives::{keccak256, Address, B256, U256};
use dimo_interfaces::{
    certificates::{IDeviceCertificates as C, EIP712_NAME, EIP712_VERSION, MAX_BATCH},
    encode::AbiWriter,
    privileges,
    views::OwnerState,
};

use contract_kit::{
    event::Event,
    host::{caller, now, this},
    signature,
};

use crate::{
    calls,
    contract::{DeviceCertificates, DeviceInput},
    error::Error,
    identity,
    storage::{id_of, results, BatchRecord, Minted},
};

/// `MintDevice`'s EIP-712 type hash (compile time: the mint loop hashes no constant).
const MINT_TYPEHASH: B256 = signature::type_hash(
    b"MintDevice(uint256 manufacturer,uint256 deviceLicense,address device,string serial,\
uint64 imei,uint64 manufacturedAt,bool ictPassed,bytes32 ictReport,bool mechanicalPassed,\
bytes32 mechanicalReport,bytes32 qaReport,uint64 qaInspectedAt,uint64 firmware)",
);
/// `Claim`'s EIP-712 type hash.
const CLAIM_TYPEHASH: B256 = signature::type_hash(
    b"Claim(uint256 certificate,address owner,uint256 nonce,uint256 deadline)",
);
/// `RotateKey`'s EIP-712 type hash.
const ROTATE_TYPEHASH: B256 =
    signature::type_hash(b"RotateKey(uint256 certificate,address device,uint256 nonce)");

/// The EIP-712 struct hash of a `Claim` message.
pub(crate) fn claim_hash(id: U256, owner: Address, nonce: U256, deadline: U256) -> B256 {
    keccak256(
        AbiWriter::new()
            .word(&CLAIM_TYPEHASH)
            .uint(&id)
            .address(&owner)
            .uint(&nonce)
            .uint(&deadline)
            .finish(),
    )
}

/// The EIP-712 struct hash of a `RotateKey` message.
pub(crate) fn rotate_key_hash(id: U256, device: Address, nonce: u64) -> B256 {
    keccak256(
        AbiWriter::new()
            .word(&ROTATE_TYPEHASH)
            .uint(&id)
            .address(&device)
            .small(nonce)
            .finish(),
    )
}

/// A date must be non-zero, not before `earliest` and not after `now`.
pub(crate) fn check_date(date: u64, earliest: u64, now: u64) -> Result<(), Error> {
    if date == 0 || date > now {
        return Err(C::InvalidDate { date, bound: now }.into());
    }
    if date < earliest {
        return Err(C::InvalidDate {
            date,
            bound: earliest,
        }
        .into());
    }
    Ok(())
}

/// The checks on one device's fields that need no storage: grammar, dates, hashes, QA and
/// firmware.
///
/// # Errors
///
/// * [`Error::InvalidSerial`], [`Error::InvalidImei`], [`Error::InvalidDeviceAddress`],
///   [`Error::InvalidDate`], [`Error::InvalidHash`], [`Error::QaNotPassed`],
///   [`Error::InvalidFirmwareVersion`].
fn validate_device(device: &DeviceInput) -> Result<(), Error> {
    let (
        serial,
        imei,
        address,
        manufactured_at,
        _,
        ict_report,
        _,
        mechanical_report,
        qa_passed,
        qa_report,
        qa_inspected_at,
        firmware,
        _,
    ) = device;
    let (imei, address, firmware) = (*imei, *address, *firmware);
    let serial_bytes = serial.as_bytes();
    if !identity::is_valid_serial(serial_bytes) {
        return Err(Error::InvalidSerial(serial.clone()));
    }
    if imei != 0 && !identity::is_valid_imei(imei) {
        return Err(C::InvalidImei { imei }.into());
    }
    if address.is_zero() {
        return Err(C::InvalidDeviceAddress { device: address }.into());
    }
    let now = now();
    check_date(*manufactured_at, 0, now)?;
    check_date(*qa_inspected_at, *manufactured_at, now)?;
    if ict_report.is_zero() || mechanical_report.is_zero() || qa_report.is_zero() {
        return Err(C::InvalidHash {}.into());
    }
    if !qa_passed {
        return Err(C::QaNotPassed { device: address }.into());
    }
    if firmware == 0 {
        return Err(C::InvalidFirmwareVersion { version: firmware }.into());
    }
    Ok(())
}

impl DeviceCertificates {
    /// The EIP-712 domain separator: this contract on this chain.
    pub(crate) fn _domain() -> B256 {
        #[allow(deprecated)]
        let chain_id = stylus_sdk::block::chainid();
        signature::domain_separator(EIP712_NAME, EIP712_VERSION, chain_id, this())
    }

    /// Whether certificate `id` exists (every minted record has a batch number).
    pub(crate) fn _exists(&self, id: U256) -> bool {
        self.certificates.get(id).minted().batch != 0
    }

    /// Certificate `id` must exist.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`] - If it does not.
    pub(crate) fn _require_exists(&self, id: U256) -> Result<(), Error> {
        if !self._exists(id) {
            return Err(C::UnknownCertificate { id }.into());
        }
        Ok(())
    }

    /// Certificate `id` must exist and be in service.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`].
    pub(crate) fn _require_active(&self, id: U256) -> Result<(), Error> {
        self._require_exists(id)?;
        if !self.certificates.get(id).life().is_active() {
            return Err(C::CertificateRetired { id }.into());
        }
        Ok(())
    }

    /// The token owner of certificate `id` (zero when the token call fails).
    pub(crate) fn _owner_of(&self, id: U256) -> Address {
        calls::owner_of(self.token.get(), id)
    }

    /// Calls the token (a hook only this contract may call), with the storage cache flushed
    /// and cleared around it.
    ///
    /// # Errors
    ///
    /// * [`Error::TokenReverted`] - The token refused; its revert data is passed on.
    pub(crate) fn _token_call(&mut self, calldata: &[u8]) -> Result<(), Error> {
        contract_kit::calls::call(self.token.get(), calldata)
            .map(|_| ())
            .map_err(Error::TokenReverted)
    }

    /// Asks the token to announce a change of `id`'s record (ERC-4906).
    ///
    /// # Errors
    ///
    /// * [`Error::TokenReverted`] - The token refused.
    pub(crate) fn _notify_update(&mut self, id: U256) -> Result<(), Error> {
        self._token_call(&calls::notify_update_calldata(id))
    }

    /// Ends certificate `id`'s service (end of life) or voids it: stores `status`, the
    /// retirement date if it was in service, and the history `head`; then retires its token
    /// (in service) or announces the change (already retired). The one external call comes
    /// last.
    ///
    /// # Errors
    ///
    /// * [`Error::TokenReverted`] - The token refused.
    pub(crate) fn _close(&mut self, id: U256, status: u8, head: B256) -> Result<(), Error> {
        let mut cert = self.certificates.setter(id);
        let mut life = cert.life();
        let was_active = life.is_active();
        life.status = status;
        cert.set_life(&life);
        if was_active {
            let mut changes = cert.changes();
            changes.retired_at = now();
            cert.set_changes(&changes);
        }
        cert.head.set(head);
        if was_active {
            self._token_call(&calls::retire_calldata(id))
        } else {
            self._notify_update(id)
        }
    }

    /// The caller, which must own certificate `id` (existing, in service).
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownCertificate`], [`Error::CertificateRetired`],
    ///   [`Error::CallerNotOwner`].
    pub(crate) fn _only_certificate_owner(&self, id: U256) -> Result<Address, Error> {
        self._require_active(id)?;
        let account = caller();
        if account != self._owner_of(id) {
            return Err(C::CallerNotOwner { id, account }.into());
        }
        Ok(account)
    }

    /// The manufacturer node of certificate `id`.
    pub(crate) fn _manufacturer_of(&self, id: U256) -> U256 {
        let batch = self.certificates.get(id).minted().batch;
        U256::from(BatchRecord::read(self.batches.get(U256::from(batch))).manufacturer)
    }

    /// Whether `account` may use `privilege` on `manufacturer` (the registry's `nodeAccess`).
    fn _authorized(&self, manufacturer: U256, account: Address, privilege: u8) -> bool {
        calls::node_access(self.registry.get(), manufacturer, account, privilege).authorized
    }

    /// The manufacturer of certificate `id` and the caller, which must hold `privilege` on it.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAuthorized`] - If it does not.
    pub(crate) fn _only_manufacturer(
        &self,
        id: U256,
        privilege: u8,
    ) -> Result<(U256, Address), Error> {
        let (manufacturer, account) = (self._manufacturer_of(id), caller());
        if !self._authorized(manufacturer, account, privilege) {
            return Err(C::CallerNotAuthorized {
                node: manufacturer,
                account,
            }
            .into());
        }
        Ok((manufacturer, account))
    }

    /// The manufacturer of certificate `id` and the caller, which must own it or hold
    /// `privilege` on its manufacturer.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotOwnerOrManufacturer`] - If it does neither.
    pub(crate) fn _owner_or_manufacturer(
        &self,
        id: U256,
        privilege: u8,
    ) -> Result<(U256, Address), Error> {
        let (manufacturer, account) = (self._manufacturer_of(id), caller());
        if account != self._owner_of(id) && !self._authorized(manufacturer, account, privilege) {
            return Err(C::CallerNotOwnerOrManufacturer { id, account }.into());
        }
        Ok((manufacturer, account))
    }

    /// Checks that `signature` over the EIP-712 message `struct_hash` was made by `expected`.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidSignature`] - Malformed, high `s`, or recovering to no address.
    /// * [`Error::WrongSigner`] - Made by another key.
    pub(crate) fn _check_signature(
        struct_hash: &B256,
        signature: &[u8],
        expected: Address,
    ) -> Result<(), Error> {
        let digest = signature::typed_data_digest(&Self::_domain(), struct_hash);
        Self::_check_digest(&digest, signature, expected)
    }

    /// [`Self::_check_signature`] for a ready digest.
    fn _check_digest(digest: &B256, signature: &[u8], expected: Address) -> Result<(), Error> {
        let Some(recovered) = signature::recover(digest, signature) else {
            return Err(C::InvalidSignature {}.into());
        };
        if recovered != expected {
            return Err(C::WrongSigner {
                expected,
                recovered,
            }
            .into());
        }
        Ok(())
    }

    /// The claim nonce of certificate `id` (its factory resets plus its token's changes of
    /// owner), with the token's owner and changes of owner (one `ownerState` call).
    pub(crate) fn _claim_nonce(&self, id: U256) -> (U256, OwnerState) {
        let state = calls::owner_state(self.token.get(), id);
        (
            U256::from(self.certificates.get(id).changes().reset_count) + state.changes,
            state,
        )
    }

    /// A batch of `len` devices or ids must hold 1 to [`MAX_BATCH`].
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidBatchSize`] - If it does not.
    pub(crate) fn _check_batch_size(len: usize) -> Result<(), Error> {
        if len == 0 || len > MAX_BATCH {
            return Err(C::InvalidBatchSize {
                size: U256::from(len),
                max: U256::from(MAX_BATCH),
            }
            .into());
        }
        Ok(())
    }

    /// The owner of certificate `id` (its token's `state`), which must be in factory
    /// custody: the token has not moved since its mint, wherever it is (in a previous
    /// holder's wallet after a node transfer), or its manufacturer node's current holder
    /// holds it (a returned device; the registry is asked only then).
    ///
    /// # Errors
    ///
    /// * [`Error::NotInFactoryCustody`] - If it is not in factory custody.
    pub(crate) fn _custody(&self, id: U256, state: OwnerState) -> Result<Address, Error> {
        let owner = state.owner;
        if state.changes.is_zero()
            || owner == calls::owner_of(self.registry.get(), self._manufacturer_of(id))
        {
            return Ok(owner);
        }
        Err(C::NotInFactoryCustody { id, owner }.into())
    }

    /// The certificate that uses or used `device` as its key, or 0: a key once used (an
    /// original key, or one rotated in, even if rotated away since) stays taken forever.
    pub(crate) fn _key_holder(&self, device: Address) -> U256 {
        let rotated = self.rotated_to_id.get(device);
        if !rotated.is_zero() {
            return rotated;
        }
        let id = id_of(device);
        if !device.is_zero() && self._exists(id) {
            return id;
        }
        U256::ZERO
    }

    /// The certificate whose current key is `device`, or 0.
    pub(crate) fn _id_by_device(&self, device: Address) -> U256 {
        let id = self._key_holder(device);
        if !id.is_zero() && self.certificates.get(id).current_device(id) == device {
            return id;
        }
        U256::ZERO
    }

    /// The checks a mint makes once per call, one view per contract (`nodeAccess`,
    /// `manufacturingLicenseCheck`, `deviceLicenseCheck`). Returns the node's holder (the
    /// recipient) and the Manufacturing License's grant number and expiry.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAuthorized`], [`Error::ManufacturerNotLicensed`],
    ///   [`Error::DeviceLicenseNotOwned`], [`Error::DeviceLicenseNotActive`].
    pub(crate) fn _check_can_mint(
        &self,
        manufacturer: U256,
        device_license: U256,
        minter: Address,
    ) -> Result<(Address, u64, u64), Error> {
        let access = calls::node_access(
            self.registry.get(),
            manufacturer,
            minter,
            privileges::MINT_DEVICES,
        );
        if !access.authorized {
            return Err(C::CallerNotAuthorized {
                node: manufacturer,
                account: minter,
            }
            .into());
        }
        let licence = calls::manufacturing_license_check(self.manufacturing.get(), manufacturer);
        if !licence.licensed {
            return Err(C::ManufacturerNotLicensed { node: manufacturer }.into());
        }
        let device = calls::device_license_check(self.devices.get(), device_license);
        let owner = device.manufacturer;
        if owner != manufacturer {
            return Err(C::DeviceLicenseNotOwned {
                license: device_license,
                owner,
                manufacturer,
            }
            .into());
        }
        if !device.active {
            return Err(C::DeviceLicenseNotActive {
                license: device_license,
            }
            .into());
        }
        Ok((access.holder, licence.grant, licence.expires_at))
    }

    /// Validates one device of a mint and records it. Returns its id and its leaf of the
    /// batch digest.
    ///
    /// # Errors
    ///
    /// The per-device errors of [`DeviceCertificates::mint_certificates`].
    pub(crate) fn _mint_one(
        &mut self,
        manufacturer: U256,
        device_license: U256,
        batch: U256,
        device: &DeviceInput,
        domain: &B256,
    ) -> Result<(U256, B256), Error> {
        let (
            serial,
            imei,
            address,
            manufactured_at,
            ict_passed,
            ict_report,
            mechanical_passed,
            mechanical_report,
            _,
            qa_report,
            qa_inspected_at,
            firmware,
            signature,
        ) = device;
        let (imei, address, firmware) = (*imei, *address, *firmware);
        let serial_bytes = serial.as_bytes();
        validate_device(device)?;
        let id = id_of(address);
        // The `MintDevice` message's encoding; from the fourth word on it is the device's
        // leaf of the batch digest (the id is the device address, encoded alike).
        let message = AbiWriter::new()
            .word(&MINT_TYPEHASH)
            .uint(&manufacturer)
            .uint(&device_license)
            .uint(&id)
            .word(&keccak256(serial_bytes))
            .small(imei)
            .small(*manufactured_at)
            .small((*ict_passed).into())
            .word(ict_report)
            .small((*mechanical_passed).into())
            .word(mechanical_report)
            .word(qa_report)
            .small(*qa_inspected_at)
            .small(firmware)
            .finish();
        Self::_check_digest(
            &signature::typed_data_digest(domain, &keccak256(&message)),
            signature,
            address,
        )?;

        let taken = self._key_holder(address);
        if !taken.is_zero() {
            return Err(C::DeviceAddressTaken {
                device: address,
                id: taken,
            }
            .into());
        }
        let word = identity::serial_word(serial_bytes);
        let key = identity::serial_key(manufacturer, &word);
        let taken = self.serial_to_id.get(key);
        if !taken.is_zero() {
            return Err(C::SerialTaken {
                manufacturer,
                serial: serial.to_ascii_string(),
                id: taken,
            }
            .into());
        }
        if imei != 0 {
            let taken = self.imei_to_id.get(imei);
            if !taken.is_zero() {
                return Err(C::ImeiTaken { imei, id: taken }.into());
            }
            self.imei_to_id.setter(imei).set(id);
        }
        self.serial_to_id.setter(key).set(id);
        let mut cert = self.certificates.setter(id);
        cert.serial.set(word);
        cert.set_minted(&Minted {
            imei,
            batch: batch.as_limbs()[0],
            manufactured_at: *manufactured_at,
            qa_inspected_at: *qa_inspected_at,
            initial_firmware: firmware,
            results: results::of(*ict_passed, *mechanical_passed),
        });

        let event = C::CertificateMinted {
            id,
            manufacturer,
            batch,
            serial: serial.to_ascii_string(),
            imei,
            manufacturedAt: *manufactured_at,
            ictPassed: *ict_passed,
            ictReport: *ict_report,
            mechanicalPassed: *mechanical_passed,
            mechanicalReport: *mechanical_report,
            qaReport: *qa_report,
            qaInspectedAt: *qa_inspected_at,
            firmware,
        };
        let leaf = keccak256(&message[96..]);
        event.emit();
        Ok((id, leaf))
    }
}
