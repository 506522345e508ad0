//! The contract's storage and its own public functions (two-step ownership and ERC-165 are
//! in [`crate::standard`]).

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, B256, U16, U256, U32, U64, U8};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::licenses::{
    AuditResult, DeviceStatus, IDeviceLicenses as D, MAX_MODEL_LEN, MAX_PAGE, MAX_REVISION_LEN,
};
use openzeppelin_stylus::access::ownable_two_step::Ownable2Step;
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageArray, StorageB256, StorageBool, StorageMap, StorageU16,
        StorageU256, StorageU32, StorageU64, StorageU8, StorageVec,
    },
};

use contract_kit::admins::AdminList;
use contract_kit::returns::Returns;
use contract_kit::{event::Event, host::now, text};

use crate::{error::Error, internal::check_uri};

/// The device-licence contract.
///
/// Per licence: one [`DeviceLicense`] with its three [`Audit`]s. Per manufacturer node: the
/// list of its licence ids. Per account: admin, auditor ([`Auditor`]) and team flags. Per
/// `(licence, round, member)`: whether the member voted.
#[entrypoint]
#[storage]
pub struct DeviceLicenses {
    /// The top admin (`owner`) and its two-step hand-over (OpenZeppelin).
    pub(crate) ownable: Ownable2Step,
    /// Admins added by the top admin (the top admin itself is not listed).
    pub(crate) admins: contract_kit::admins::Admins,
    /// The manufacturer registry (node holders and delegations), set at construction.
    pub(crate) registry: StorageAddress,
    /// The number of team members (packed with `registry`).
    pub(crate) team_size: StorageU64,
    /// The manufacturing-licence contract, set at construction.
    pub(crate) manufacturing: StorageAddress,
    /// Approvals needed to grant a licence; 0 until an admin sets it (packed with
    /// `manufacturing`).
    pub(crate) threshold: StorageU64,
    /// Approved auditors.
    pub(crate) auditors: StorageMap<Address, Auditor>,
    /// Hardware Integration Team members.
    pub(crate) team: StorageMap<Address, StorageBool>,
    /// Licences applied for; also the highest id.
    pub(crate) license_count: StorageU256,
    /// Licence records by id.
    pub(crate) licenses: StorageMap<U256, DeviceLicense>,
    /// Each manufacturer node's licence ids, in order of application.
    pub(crate) by_manufacturer: StorageMap<U256, StorageVec<StorageU256>>,
    /// Votes cast: [`Self::_vote_key`] → true.
    pub(crate) votes: StorageMap<B256, StorageBool>,
}

/// An approved auditor. Layout: word 0 packs `approved` and `uri_len`; words 1-8 the URI.
#[storage]
pub struct Auditor {
    /// Whether the auditor is approved now.
    pub(crate) approved: StorageBool,
    /// Byte length of the URI.
    pub(crate) uri_len: StorageU16,
    /// The auditor's name or URI ([`text`] layout).
    pub(crate) uri: StorageArray<StorageB256, 8>,
}

/// One Hardware Device License.
///
/// Layout (from the licence's base slot): word 0 the manufacturer; word 1 packs `status`,
/// the two text lengths, `round` and the three times; word 2 packs the applicant and the
/// tallies; words 3-5 the design hash and the two licence links; words 6-8 the texts; then
/// three audits of 10 words each. An application writes 8 words.
#[storage]
pub struct DeviceLicense {
    /// The manufacturer node.
    pub(crate) manufacturer: StorageU256,
    /// The status ([`DeviceStatus`]).
    pub(crate) status: StorageU8,
    /// Byte length of the model name.
    pub(crate) model_len: StorageU8,
    /// Byte length of the hardware revision.
    pub(crate) revision_len: StorageU8,
    /// The voting round: the number of audit records so far.
    pub(crate) round: StorageU32,
    /// When it was applied for.
    pub(crate) applied_at: StorageU64,
    /// When the team granted or rejected it (0: not yet).
    pub(crate) decided_at: StorageU64,
    /// When its status last changed.
    pub(crate) changed_at: StorageU64,
    /// Who applied (the holder or a delegate).
    pub(crate) applicant: StorageAddress,
    /// Approvals in the current round.
    pub(crate) approvals: StorageU32,
    /// Rejections in the current round.
    pub(crate) rejections: StorageU32,
    /// Hash of the design documents.
    pub(crate) design_hash: StorageB256,
    /// The licence this one is to replace (0: none).
    pub(crate) supersedes: StorageU256,
    /// The licence that replaced this one (0: none).
    pub(crate) superseded_by: StorageU256,
    /// Model name ([`text`] layout).
    pub(crate) model: StorageArray<StorageB256, 2>,
    /// Hardware revision ([`text`] layout).
    pub(crate) revision: StorageArray<StorageB256, 1>,
    /// The current record of each assessment, by `kind - 1`.
    pub(crate) audits: StorageArray<Audit, 3>,
}

impl DeviceLicense {
    /// The status.
    pub(crate) fn status(&self) -> DeviceStatus {
        match self.status.get().as_limbs()[0] {
            1 => DeviceStatus::Pending,
            2 => DeviceStatus::Rejected,
            3 => DeviceStatus::Active,
            4 => DeviceStatus::Superseded,
            5 => DeviceStatus::Suspended,
            6 => DeviceStatus::Revoked,
            _ => DeviceStatus::None,
        }
    }

    /// Sets the status and the time of the change.
    pub(crate) fn set_status(&mut self, status: DeviceStatus) {
        self.status.set(U8::from(status as u8));
        self.changed_at.set(U64::from(now()));
    }

    /// Whether all three assessments passed.
    pub(crate) fn audits_passed(&self) -> bool {
        (0..3).all(|i| {
            self.audits
                .get(i)
                .is_some_and(|a| a.result.get() == U8::from(AuditResult::Passed as u8))
        })
    }
}

/// The current record of one assessment. Layout: word 0 packs `result`, `uri_len`, `auditor`
/// and `recorded_at`; word 1 the report hash; words 2-9 the report URI.
#[storage]
pub struct Audit {
    /// [`AuditResult`].
    pub(crate) result: StorageU8,
    /// Byte length of the report URI.
    pub(crate) uri_len: StorageU16,
    /// The auditor who recorded it.
    pub(crate) auditor: StorageAddress,
    /// When it was recorded.
    pub(crate) recorded_at: StorageU64,
    /// Hash of the report.
    pub(crate) report_hash: StorageB256,
    /// Where the report is published ([`text`] layout).
    pub(crate) report_uri: StorageArray<StorageB256, 8>,
}

/// The stored length of a text (at most 256 bytes, checked by the caller).
#[allow(clippy::cast_possible_truncation)]
fn len16(text: &str) -> U16 {
    U16::from(text.len() as u16)
}

/// A stored length as `usize`.
fn as_len<const B: usize, const L: usize>(len: alloy_primitives::Uint<B, L>) -> usize {
    usize::try_from(len.as_limbs()[0]).unwrap_or_default()
}

// ABI entry points receive owned, decoded arguments.
#[allow(clippy::needless_pass_by_value)]
#[public]
#[implements(
    openzeppelin_stylus::access::ownable_two_step::IOwnable2Step<Error = Error>,
    openzeppelin_stylus::utils::introspection::erc165::IErc165
)]
impl DeviceLicenses {
    /// Sets the top admin, the registry and the manufacturing-licence contract.
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableInvalidOwner`] - If `initial_owner` is the zero address.
    /// * [`Error::InvalidAccount`] - If `registry` or `manufacturing_licenses` is the zero
    ///   address.
    ///
    /// # Events
    ///
    /// * `OwnershipTransferred`.
    #[constructor]
    pub fn constructor(
        &mut self,
        initial_owner: Address,
        registry: Address,
        manufacturing_licenses: Address,
    ) -> Result<(), Error> {
        self.ownable.constructor(initial_owner)?;
        for account in [registry, manufacturing_licenses] {
            if account.is_zero() {
                return Err(Adm::InvalidAccount { account }.into());
            }
        }
        self.registry.set(registry);
        self.manufacturing.set(manufacturing_licenses);
        Ok(())
    }

    // ----- admins ---------------------------------------------------------------------------

    /// Whether `account` is an admin: the top admin or an added admin.
    pub fn is_admin(&self, account: Address) -> bool {
        self._is_admin(account)
    }

    /// Top admin only: makes `account` an admin.
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableUnauthorizedAccount`] - If the caller is not the top admin.
    /// * [`Error::InvalidAccount`] - If `account` is the zero address.
    /// * [`Error::AdminAlreadyAdded`] - If `account` is already listed.
    ///
    /// # Events
    ///
    /// * [`Adm::AdminAdded`].
    pub fn add_admin(&mut self, account: Address) -> Result<(), Error> {
        let by = self._only_top_admin()?;
        self.admins.add(account, by)
    }

    /// Top admin only: removes `account` from the admins.
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableUnauthorizedAccount`] - If the caller is not the top admin.
    /// * [`Error::NotAnAdmin`] - If `account` is not listed.
    ///
    /// # Events
    ///
    /// * [`Adm::AdminRemoved`].
    pub fn remove_admin(&mut self, account: Address) -> Result<(), Error> {
        let by = self._only_top_admin()?;
        self.admins.remove::<Error>(account, by)?;
        Ok(())
    }

    /// The manufacturer registry.
    pub fn registry(&self) -> Address {
        self.registry.get()
    }

    /// The manufacturing-licence contract.
    pub fn manufacturing_licenses(&self) -> Address {
        self.manufacturing.get()
    }

    // ----- auditors -------------------------------------------------------------------------

    /// Admin only: approves `auditor`, described by `uri` (a name or a document).
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAccount`] - If `auditor` is the zero address.
    /// * [`Error::AuditorAlreadyAdded`] - If `auditor` is already approved.
    /// * [`Error::UriTooLong`] - If `uri` is longer than 256 bytes.
    ///
    /// # Events
    ///
    /// * [`D::AuditorAdded`].
    pub fn add_auditor(&mut self, auditor: Address, uri: String) -> Result<(), Error> {
        let by = self._only_admin()?;
        if auditor.is_zero() {
            return Err(Adm::InvalidAccount { account: auditor }.into());
        }
        let mut record = self.auditors.setter(auditor);
        if record.approved.get() {
            return Err(D::AuditorAlreadyAdded { auditor }.into());
        }
        check_uri(&uri)?;
        record.approved.set(true);
        let old_len = as_len(record.uri_len.get());
        text::write(&mut record.uri, old_len, &uri);
        record.uri_len.set(len16(&uri));
        D::AuditorAdded { auditor, uri, by }.emit();
        Ok(())
    }

    /// Admin only: removes `auditor` from the approved auditors. The records it made stay.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::NotAnAuditor`] - If `auditor` is not approved.
    ///
    /// # Events
    ///
    /// * [`D::AuditorRemoved`].
    pub fn remove_auditor(&mut self, auditor: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        let mut record = self.auditors.setter(auditor);
        if !record.approved.get() {
            return Err(D::NotAnAuditor { account: auditor }.into());
        }
        record.approved.set(false);
        D::AuditorRemoved { auditor, by }.emit();
        Ok(())
    }

    /// Whether `account` is an approved auditor.
    pub fn is_auditor(&self, account: Address) -> bool {
        self.auditors.get(account).approved.get()
    }

    /// The name or URI of the approved auditor `auditor`, "" for any other account.
    pub fn auditor_uri(&self, auditor: Address) -> String {
        let record = self.auditors.get(auditor);
        if !record.approved.get() {
            return String::new();
        }
        text::read(&record.uri, as_len(record.uri_len.get()))
    }

    // ----- Hardware Integration Team --------------------------------------------------------

    /// Admin only: adds `member` to the team.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAccount`] - If `member` is the zero address.
    /// * [`Error::TeamMemberAlreadyAdded`] - If `member` is already in the team.
    ///
    /// # Events
    ///
    /// * [`D::TeamMemberAdded`].
    pub fn add_team_member(&mut self, member: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if member.is_zero() {
            return Err(Adm::InvalidAccount { account: member }.into());
        }
        if self.team.get(member) {
            return Err(D::TeamMemberAlreadyAdded { member }.into());
        }
        self.team.setter(member).set(true);
        let size = self.team_size() + 1;
        self.team_size.set(U64::from(size));
        D::TeamMemberAdded {
            member,
            teamSize: size,
            by,
        }
        .emit();
        Ok(())
    }

    /// Admin only: removes `member` from the team, unless fewer members than the threshold
    /// would remain (lower the threshold first). Votes it cast stay counted.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::NotATeamMember`] - If `member` is not in the team.
    /// * [`Error::InvalidThreshold`] - If the threshold would exceed the team size.
    ///
    /// # Events
    ///
    /// * [`D::TeamMemberRemoved`].
    pub fn remove_team_member(&mut self, member: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if !self.team.get(member) {
            return Err(D::NotATeamMember { account: member }.into());
        }
        let size = self.team_size() - 1;
        let threshold = self.approval_threshold();
        if threshold > size {
            return Err(D::InvalidThreshold {
                threshold,
                teamSize: size,
            }
            .into());
        }
        self.team.delete(member);
        self.team_size.set(U64::from(size));
        D::TeamMemberRemoved {
            member,
            teamSize: size,
            by,
        }
        .emit();
        Ok(())
    }

    /// Admin only: sets the number of approvals that grants a licence, 1 to the team size.
    /// It applies from the next vote.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidThreshold`] - If `threshold` is 0 or above the team size.
    ///
    /// # Events
    ///
    /// * [`D::ApprovalThresholdSet`].
    pub fn set_approval_threshold(&mut self, threshold: u64) -> Result<(), Error> {
        let by = self._only_admin()?;
        let size = self.team_size();
        if threshold == 0 || threshold > size {
            return Err(D::InvalidThreshold {
                threshold,
                teamSize: size,
            }
            .into());
        }
        self.threshold.set(U64::from(threshold));
        D::ApprovalThresholdSet {
            threshold,
            teamSize: size,
            by,
        }
        .emit();
        Ok(())
    }

    /// Whether `account` is a team member.
    pub fn is_team_member(&self, account: Address) -> bool {
        self.team.get(account)
    }

    /// The number of team members.
    pub fn team_size(&self) -> u64 {
        self.team_size.get().as_limbs()[0]
    }

    /// Approvals needed to grant a licence (0 before an admin set it).
    pub fn approval_threshold(&self) -> u64 {
        self.threshold.get().as_limbs()[0]
    }

    // ----- applications ---------------------------------------------------------------------

    /// The holder of `manufacturer` or its `MANAGE_LICENSES` delegate applies for the licence
    /// of one device design. For a changed design, `supersedes` names the licence it is to
    /// replace: an active or suspended licence of the same manufacturer. Returns the new id.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAuthorized`] - If the caller may not manage `manufacturer`'s
    ///   licences (or the node does not exist).
    /// * [`Error::ManufacturerNotLicensed`] - If `manufacturer` has no valid Manufacturing
    ///   License.
    /// * [`Error::InvalidModelName`] - If `model` is empty or longer than 64 bytes.
    /// * [`Error::InvalidHardwareRevision`] - If `hardware_revision` is empty or longer than
    ///   32 bytes.
    /// * [`Error::InvalidHash`] - If `design_hash` is zero.
    /// * [`Error::InvalidSupersededLicense`] - If `supersedes` is not 0 and not an active or
    ///   suspended licence of `manufacturer`.
    ///
    /// # Events
    ///
    /// * [`D::DeviceLicenseApplied`].
    pub fn apply_for_device_license(
        &mut self,
        manufacturer: U256,
        model: String,
        hardware_revision: String,
        design_hash: B256,
        supersedes: U256,
    ) -> Result<U256, Error> {
        let applicant = self._only_authorized(manufacturer)?;
        self._require_licensed(manufacturer)?;
        if model.is_empty() || model.len() > MAX_MODEL_LEN {
            return Err(D::InvalidModelName {
                length: U256::from(model.len()),
                max: U256::from(MAX_MODEL_LEN),
            }
            .into());
        }
        if hardware_revision.is_empty() || hardware_revision.len() > MAX_REVISION_LEN {
            return Err(D::InvalidHardwareRevision {
                length: U256::from(hardware_revision.len()),
                max: U256::from(MAX_REVISION_LEN),
            }
            .into());
        }
        if design_hash.is_zero() {
            return Err(D::InvalidHash {}.into());
        }
        if !supersedes.is_zero() {
            let old = self.licenses.get(supersedes);
            if old.manufacturer.get() != manufacturer
                || !matches!(old.status(), DeviceStatus::Active | DeviceStatus::Suspended)
            {
                return Err(D::InvalidSupersededLicense {
                    supersedes,
                    manufacturer,
                }
                .into());
            }
        }
        let id = self.license_count.get() + U256::from(1);
        self.license_count.set(id);
        let now = now();
        let mut record = self.licenses.setter(id);
        record.manufacturer.set(manufacturer);
        record.set_status(DeviceStatus::Pending);
        record.applied_at.set(U64::from(now));
        record.applicant.set(applicant);
        record.design_hash.set(design_hash);
        record.supersedes.set(supersedes);
        text::write(&mut record.model, 0, &model);
        text::write(&mut record.revision, 0, &hardware_revision);
        // Both lengths were checked above (at most 64 and 32 bytes).
        #[allow(clippy::cast_possible_truncation)]
        {
            record.model_len.set(U8::from(model.len() as u8));
            record
                .revision_len
                .set(U8::from(hardware_revision.len() as u8));
        }
        self.by_manufacturer.setter(manufacturer).push(id);
        D::DeviceLicenseApplied {
            id,
            manufacturer,
            model,
            hardwareRevision: hardware_revision,
            designHash: design_hash,
            supersedes,
            applicant,
        }
        .emit();
        Ok(id)
    }

    // ----- audits ---------------------------------------------------------------------------

    /// Approved auditor only: records assessment `kind` (1 hardware and security, 2 customer
    /// experience, 3 integration testing and quality control) of the pending licence `id`,
    /// replacing an earlier record of the same kind. Every record opens a new voting round:
    /// votes cast on the earlier reports no longer count.
    ///
    /// # Errors
    ///
    /// * [`Error::NotAnAuditor`] - If the caller is not an approved auditor.
    /// * [`Error::InvalidAuditKind`] - If `kind` is not 1 to 3.
    /// * [`Error::InvalidHash`] - If `report_hash` is zero.
    /// * [`Error::UriTooLong`] - If `report_uri` is longer than 256 bytes.
    /// * [`Error::UnknownDeviceLicense`] - If `id` does not exist.
    /// * [`Error::InvalidDeviceLicenseStatus`] - If the licence is no longer pending.
    /// * [`Error::ConflictOfInterest`] - If the auditor is the applicant, or holds the node or
    ///   a privilege on it.
    /// * [`Error::SoleAuditor`] - If it holds the other two current assessments.
    ///
    /// # Events
    ///
    /// * [`D::AuditRecorded`].
    pub fn record_audit(
        &mut self,
        id: U256,
        kind: u8,
        passed: bool,
        report_hash: B256,
        report_uri: String,
    ) -> Result<(), Error> {
        let auditor = self._only_auditor()?;
        if !(1..=3).contains(&kind) {
            return Err(D::InvalidAuditKind { kind }.into());
        }
        if report_hash.is_zero() {
            return Err(D::InvalidHash {}.into());
        }
        check_uri(&report_uri)?;
        self._status_in(id, &[DeviceStatus::Pending])?;
        let manufacturer = self.licenses.get(id).manufacturer.get();
        self._require_independent(id, manufacturer, auditor)?;
        {
            let record = self.licenses.get(id);
            let others = (1..=3u8)
                .filter(|k| *k != kind)
                .filter_map(|k| record.audits.get(usize::from(k - 1)))
                .filter(|a| a.auditor.get() == auditor && !a.result.get().is_zero())
                .count();
            if others == 2 {
                return Err(D::SoleAuditor { id, auditor }.into());
            }
        }
        let mut record = self.licenses.setter(id);
        let round = record.round.get().as_limbs()[0] + 1;
        // One round per audit record: a u32 does not run out.
        #[allow(clippy::cast_possible_truncation)]
        record.round.set(U32::from(round as u32));
        record.approvals.set(U32::ZERO);
        record.rejections.set(U32::ZERO);
        if let Some(mut audit) = record.audits.setter(usize::from(kind - 1)) {
            let result = if passed {
                AuditResult::Passed
            } else {
                AuditResult::Failed
            };
            audit.result.set(U8::from(result as u8));
            audit.auditor.set(auditor);
            audit.recorded_at.set(U64::from(now()));
            audit.report_hash.set(report_hash);
            let old_len = as_len(audit.uri_len.get());
            text::write(&mut audit.report_uri, old_len, &report_uri);
            audit.uri_len.set(len16(&report_uri));
        }
        D::AuditRecorded {
            id,
            kind,
            passed,
            reportHash: report_hash,
            reportUri: report_uri,
            auditor,
            round,
        }
        .emit();
        Ok(())
    }

    /// The current record of assessment `kind` of licence `id`: result (0 none, 1 passed,
    /// 2 failed), auditor, time, report hash and URI. Zeros for an unknown licence or kind.
    /// Encoded as Solidity encodes it ([`Returns`]).
    pub fn device_license_audit(
        &self,
        id: U256,
        kind: u8,
    ) -> Returns<(u8, Address, u64, B256, String)> {
        let record = self.licenses.get(id);
        let Some(audit) = record.audits.get(usize::from(kind.wrapping_sub(1))) else {
            return Returns((0, Address::ZERO, 0, B256::ZERO, String::new()));
        };
        Returns((
            u8::try_from(audit.result.get().as_limbs()[0]).unwrap_or_default(),
            audit.auditor.get(),
            audit.recorded_at.get().as_limbs()[0],
            audit.report_hash.get(),
            text::read(&audit.report_uri, as_len(audit.uri_len.get())),
        ))
    }

    // ----- final approval -------------------------------------------------------------------

    /// Team member only: votes on the pending licence `id`, once per round, after all three
    /// assessments passed. After the vote is counted, the licence is granted if the round's
    /// approvals reach the threshold (its manufacturer must still be licensed; the licence it
    /// supersedes ends), else rejected if the rejections leave fewer possible approvals
    /// (team size minus rejections) than the threshold. The threshold and team size are read
    /// at each vote, so a changed threshold applies from the next vote.
    ///
    /// # Errors
    ///
    /// * [`Error::NotATeamMember`] - If the caller is not a team member.
    /// * [`Error::ThresholdNotSet`] - If no threshold is set.
    /// * [`Error::UnknownDeviceLicense`] - If `id` does not exist.
    /// * [`Error::InvalidDeviceLicenseStatus`] - If the licence is no longer pending.
    /// * [`Error::AuditsIncomplete`] - If an assessment is missing or failed.
    /// * [`Error::AlreadyVoted`] - If the caller voted in this round.
    /// * [`Error::ConflictOfInterest`] - If the member is the applicant, or holds the node or
    ///   a privilege on it.
    /// * [`Error::ManufacturerNotLicensed`] - If the deciding approval finds the
    ///   manufacturer without a valid Manufacturing License.
    ///
    /// # Events
    ///
    /// * [`D::VoteCast`]; then [`D::DeviceLicenseGranted`] (and [`D::DeviceLicenseSuperseded`]
    ///   for the licence it replaces) or [`D::DeviceLicenseRejected`] when the vote decides.
    pub fn vote(&mut self, id: U256, approve: bool) -> Result<(), Error> {
        let member = self._only_member()?;
        let threshold = self.approval_threshold();
        if threshold == 0 {
            return Err(D::ThresholdNotSet {}.into());
        }
        self._status_in(id, &[DeviceStatus::Pending])?;
        let record = self.licenses.get(id);
        if !record.audits_passed() {
            return Err(D::AuditsIncomplete { id }.into());
        }
        let round = record.round.get().as_limbs()[0];
        let manufacturer = record.manufacturer.get();
        self._require_independent(id, manufacturer, member)?;
        // The round fits a u32: it is stored as one.
        #[allow(clippy::cast_possible_truncation)]
        let key = Self::_vote_key(id, round as u32, member);
        if self.votes.get(key) {
            return Err(D::AlreadyVoted { id, member }.into());
        }
        let mut approvals = record.approvals.get().as_limbs()[0];
        let mut rejections = record.rejections.get().as_limbs()[0];
        if approve {
            approvals += 1;
        } else {
            rejections += 1;
        }
        let grants = approvals >= threshold;
        let rejects = rejections > self.team_size().saturating_sub(threshold);
        if grants {
            self._require_licensed(manufacturer)?;
        }
        self.votes.setter(key).set(true);
        let mut record = self.licenses.setter(id);
        // Tallies never exceed the number of votes in a round, far below u32::MAX.
        #[allow(clippy::cast_possible_truncation)]
        {
            record.approvals.set(U32::from(approvals as u32));
            record.rejections.set(U32::from(rejections as u32));
        }
        D::VoteCast {
            id,
            member,
            approve,
            round,
            approvals,
            rejections,
        }
        .emit();
        if grants {
            record.set_status(DeviceStatus::Active);
            record.decided_at.set(U64::from(now()));
            let supersedes = record.supersedes.get();
            D::DeviceLicenseGranted {
                id,
                manufacturer,
                supersedes,
            }
            .emit();
            if !supersedes.is_zero() {
                self._supersede(supersedes, id);
            }
        } else if rejects {
            record.set_status(DeviceStatus::Rejected);
            record.decided_at.set(U64::from(now()));
            D::DeviceLicenseRejected { id, manufacturer }.emit();
        }
        Ok(())
    }

    /// Whether `member` voted on licence `id` in its current round.
    pub fn has_voted(&self, id: U256, member: Address) -> bool {
        let round = self.licenses.get(id).round.get().as_limbs()[0];
        #[allow(clippy::cast_possible_truncation)]
        self.votes.get(Self::_vote_key(id, round as u32, member))
    }

    // ----- afterwards -----------------------------------------------------------------------

    /// Licence manager only: suspends the active licence `id`: no new devices of its design
    /// until it is reinstated. Certificates already minted are not touched.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither an admin nor a
    ///   licence manager.
    /// * [`Error::UnknownDeviceLicense`] - If `id` does not exist.
    /// * [`Error::InvalidDeviceLicenseStatus`] - If the licence is not active.
    ///
    /// # Events
    ///
    /// * [`D::DeviceLicenseStatusChanged`] with status 5.
    pub fn suspend_device_license(&mut self, id: U256, reason: B256) -> Result<(), Error> {
        self._change_status(id, &[DeviceStatus::Active], DeviceStatus::Suspended, reason)
    }

    /// Licence manager only: reinstates the suspended licence `id`.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither an admin nor a
    ///   licence manager.
    /// * [`Error::UnknownDeviceLicense`] - If `id` does not exist.
    /// * [`Error::InvalidDeviceLicenseStatus`] - If the licence is not suspended.
    ///
    /// # Events
    ///
    /// * [`D::DeviceLicenseStatusChanged`] with status 3.
    pub fn reinstate_device_license(&mut self, id: U256, reason: B256) -> Result<(), Error> {
        self._change_status(id, &[DeviceStatus::Suspended], DeviceStatus::Active, reason)
    }

    /// Licence manager only: revokes licence `id` for good, whether pending (the application
    /// is closed), active or suspended. Certificates already minted are not touched.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither an admin nor a
    ///   licence manager.
    /// * [`Error::UnknownDeviceLicense`] - If `id` does not exist.
    /// * [`Error::InvalidDeviceLicenseStatus`] - If the licence was rejected, superseded or
    ///   revoked.
    ///
    /// # Events
    ///
    /// * [`D::DeviceLicenseStatusChanged`] with status 6.
    pub fn revoke_device_license(&mut self, id: U256, reason: B256) -> Result<(), Error> {
        self._change_status(
            id,
            &[
                DeviceStatus::Pending,
                DeviceStatus::Active,
                DeviceStatus::Suspended,
            ],
            DeviceStatus::Revoked,
            reason,
        )
    }

    // ----- views ----------------------------------------------------------------------------

    /// Licence `id`: manufacturer, status, model, hardware revision, design hash, the
    /// licences it supersedes and that superseded it, applicant, application, decision and
    /// last-change times, and the current round with its tallies. Zeros for an unknown id.
    /// Encoded as Solidity encodes it ([`Returns`]).
    #[allow(clippy::type_complexity)]
    pub fn device_license(
        &self,
        id: U256,
    ) -> Returns<(
        U256,
        u8,
        String,
        String,
        B256,
        U256,
        U256,
        Address,
        u64,
        u64,
        u64,
        u64,
        u64,
        u64,
    )> {
        let r = self.licenses.get(id);
        Returns((
            r.manufacturer.get(),
            r.status() as u8,
            text::read(&r.model, as_len(r.model_len.get())),
            text::read(&r.revision, as_len(r.revision_len.get())),
            r.design_hash.get(),
            r.supersedes.get(),
            r.superseded_by.get(),
            r.applicant.get(),
            r.applied_at.get().as_limbs()[0],
            r.decided_at.get().as_limbs()[0],
            r.changed_at.get().as_limbs()[0],
            r.round.get().as_limbs()[0],
            r.approvals.get().as_limbs()[0],
            r.rejections.get().as_limbs()[0],
        ))
    }

    /// Whether licence `id` is active: granted, and neither suspended, superseded nor
    /// revoked.
    pub fn is_device_license_active(&self, id: U256) -> bool {
        self.licenses.get(id).status() == DeviceStatus::Active
    }

    /// The manufacturer node of licence `id`, or 0 when it does not exist.
    pub fn device_license_manufacturer(&self, id: U256) -> U256 {
        self.licenses.get(id).manufacturer.get()
    }

    /// [`Self::device_license_manufacturer`] and [`Self::is_device_license_active`] in one
    /// call: what the certificate contract checks before each mint.
    pub fn device_license_check(&self, id: U256) -> (U256, bool) {
        (
            self.device_license_manufacturer(id),
            self.is_device_license_active(id),
        )
    }

    /// Up to `limit` (capped at 100) of `manufacturer`'s licence ids from position `offset`,
    /// oldest first, and how many it has in all. Encoded as Solidity encodes it
    /// ([`Returns`]).
    pub fn device_licenses_of(
        &self,
        manufacturer: U256,
        offset: u64,
        limit: u64,
    ) -> Returns<(Vec<U256>, u64)> {
        let ids = self.by_manufacturer.get(manufacturer);
        let total = ids.len() as u64;
        let end = total.min(offset.saturating_add(limit.min(MAX_PAGE)));
        let page = (offset..end)
            .filter_map(|i| ids.get(usize::try_from(i).ok()?))
            .collect();
        Returns((page, total))
    }

    /// The number of licences applied for; ids run from 1 to this number.
    pub fn total_device_licenses(&self) -> U256 {
        self.license_count.get()
    }
}

impl DeviceLicenses {
    /// Licence manager only: moves licence `id` from one of `from` to `to`.
    fn _change_status(
        &mut self,
        id: U256,
        from: &[DeviceStatus],
        to: DeviceStatus,
        reason: B256,
    ) -> Result<(), Error> {
        let by = self._only_manager()?;
        self._status_in(id, from)?;
        self.licenses.setter(id).set_status(to);
        D::DeviceLicenseStatusChanged {
            id,
            status: to as u8,
            reason,
            by,
        }
        .emit();
        Ok(())
    }

    /// The newly granted licence `by` replaces `id`: an active or suspended `id` ends as
    /// superseded. One already revoked (or superseded by another grant) stays as it is.
    fn _supersede(&mut self, id: U256, by: U256) {
        let mut old = self.licenses.setter(id);
        if matches!(old.status(), DeviceStatus::Active | DeviceStatus::Suspended) {
            old.set_status(DeviceStatus::Superseded);
            old.superseded_by.set(by);
            D::DeviceLicenseSuperseded {
                id,
                supersededBy: by,
            }
            .emit();
        }
    }
}
