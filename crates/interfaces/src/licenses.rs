//! The two licence contracts' interfaces, and the ERC-20 functions the first one calls.
//!
//! * [`IManufacturingLicenses`]: one Manufacturing License per manufacturer node, backed by a
//!   $DIMO stake and the acceptance of the Memorandum of Understanding (MOU).
//!   `isManufacturerLicensed(node)` is what the device-licence contract calls,
//!   `manufacturingLicenseCheck(node)` what a mint calls.
//! * [`IDeviceLicenses`]: one Hardware Device License per device design, granted after three
//!   audits by approved auditors and a k-of-n vote of the Hardware Integration Team.
//!   `deviceLicenseCheck(id)` is what a mint calls.
//!
//! The flow, who does what with which call, is in `contracts/device-licenses/README.md`.
//! Node ids are the manufacturer registry's; device licence ids start at 1, so 0 never names a
//! licence.
#![allow(missing_docs)]

use alloy_primitives::U256;

solidity! {
    /// The ERC-20 functions the manufacturing-licence contract calls on its staking token.
    interface IStakingToken {
        function transfer(address to, uint256 value) external returns (bool);
        function transferFrom(address from, address to, uint256 value) external returns (bool);
        function balanceOf(address account) external view returns (uint256);
    }

    /// DIMO Manufacturing Licenses: a $DIMO stake per manufacturer node, MOU versions and
    /// their acceptance, and the licence each node is granted by a licence manager.
    interface IManufacturingLicenses {
        // ----- admins and licence managers --------------------------------------------------

        /// An admin made `account` a licence manager (for both licence contracts).
        event LicenseManagerAdded(address indexed account, address indexed by);
        /// An admin removed `account` from the licence managers.
        event LicenseManagerRemoved(address indexed account, address indexed by);

        /// `account` is neither an admin nor a licence manager.
        error CallerNotLicenseManager(address account);
        /// `account` is already a licence manager.
        error LicenseManagerAlreadyAdded(address account);
        /// `account` is not a licence manager.
        error NotALicenseManager(address account);

        /// Whether `account` is a listed licence manager. Admins may act as licence managers
        /// without being listed.
        function isLicenseManager(address account) external view returns (bool);
        /// Admin only: makes `account` a licence manager.
        function addLicenseManager(address account) external;
        /// Admin only: removes `account` from the licence managers.
        function removeLicenseManager(address account) external;

        // ----- staking configuration --------------------------------------------------------

        /// An admin set the staking token (an ERC-20: $DIMO).
        event StakingTokenSet(address indexed token, address indexed by);
        /// An admin set the minimum stake of a licensed manufacturer.
        event MinimumStakeSet(uint256 amount, address indexed by);
        /// An admin set the cooldown between the end of a licence and an unstake below the
        /// minimum, in seconds.
        event UnstakeCooldownSet(uint64 cooldown, address indexed by);
        /// An admin set the treasury that receives slashed stakes.
        event TreasurySet(address indexed treasury, address indexed by);

        /// The staking token cannot change while `totalStaked` tokens are staked.
        error StakesOutstanding(uint256 totalStaked);
        /// No staking token has been set yet.
        error StakingTokenNotSet();
        /// No treasury has been set yet.
        error TreasuryNotSet();
        /// `amount` is not a valid amount here (zero).
        error InvalidAmount(uint256 amount);

        /// Admin only: sets the staking token; only while nothing is staked.
        function setStakingToken(address token) external;
        /// Admin only: sets the minimum stake (not zero).
        function setMinimumStake(uint256 amount) external;
        /// Admin only: sets the unstake cooldown, in seconds.
        function setUnstakeCooldown(uint64 cooldown) external;
        /// Admin only: sets the treasury that receives slashed stakes.
        function setTreasury(address treasury) external;
        /// The manufacturer registry this contract reads node holders and delegations from.
        function registry() external view returns (address);
        /// The staking token, or the zero address before an admin set it.
        function stakingToken() external view returns (address);
        /// The minimum stake (100,000 tokens of 18 decimals until an admin changes it).
        function minimumStake() external view returns (uint256);
        /// The unstake cooldown, in seconds (30 days until an admin changes it).
        function unstakeCooldown() external view returns (uint64);
        /// The treasury that receives slashed stakes, or the zero address.
        function treasury() external view returns (address);
        /// The sum of every node's stake: the tokens this contract holds for stakers.
        function totalStaked() external view returns (uint256);

        // ----- stakes -----------------------------------------------------------------------

        /// `from` staked `amount` for `node`, whose stake is now `stake`.
        event Staked(uint256 indexed node, address indexed from, uint256 amount, uint256 stake);
        /// `amount` of `node`'s stake, now `stake`, went back to the node's holder `to`, at the
        /// request of `by`.
        event Unstaked(uint256 indexed node, address indexed to, uint256 amount, uint256 stake, address by);
        /// An admin slashed `amount` of `node`'s stake, now `stake`, to `treasury`.
        event StakeSlashed(uint256 indexed node, address indexed treasury, uint256 amount, uint256 stake, bytes32 reason, address by);

        /// `account` neither holds `node` nor holds the `MANAGE_LICENSES` privilege on it (or the
        /// node does not exist).
        error CallerNotAuthorized(uint256 node, address account);
        /// `node` does not exist in the registry.
        error UnknownManufacturer(uint256 node);
        /// `node`'s stake `stake` is less than `amount`.
        error InsufficientStake(uint256 node, uint256 stake, uint256 amount);
        /// `node`'s licence is active or suspended: its stake may not drop to `remaining`,
        /// below `minimum`.
        error StakeLocked(uint256 node, uint256 remaining, uint256 minimum);
        /// `node`'s licence ended too recently: its stake may drop below the minimum from
        /// `unlocksAt` on.
        error UnstakeCooldownActive(uint256 node, uint64 unlocksAt);
        /// The token call failed: it reverted, returned false, or `token` has no code.
        error SafeErc20FailedOperation(address token);
        /// A staking function was entered again while it was calling the token.
        error ReentrantCall();

        /// The holder of `node` or its `MANAGE_LICENSES` delegate adds `amount` to the node's
        /// stake, pulled from the caller with `transferFrom` (approve this contract first).
        function stake(uint256 node, uint256 amount) external;
        /// The holder of `node` or its `MANAGE_LICENSES` delegate takes `amount` of the node's
        /// stake back; the tokens go to the node's holder.
        function unstake(uint256 node, uint256 amount) external;
        /// Admin only: moves `amount` of `node`'s stake to the treasury.
        function slash(uint256 node, uint256 amount, bytes32 reason) external;
        /// The stake of `node`.
        function stakeOf(uint256 node) external view returns (uint256);
        /// From when `node`'s stake may drop below the minimum: 0 for now, `type(uint64).max`
        /// while its licence is active or suspended.
        function unstakeUnlocksAt(uint256 node) external view returns (uint64);

        // ----- Memorandum of Understanding --------------------------------------------------

        /// An admin published MOU version `version` (numbered from 1): its document hash and URI.
        event MouPublished(uint64 indexed version, bytes32 hash, string uri, address indexed by);
        /// `holder`, the holder of `node`, accepted MOU version `version`.
        event MouAccepted(uint256 indexed node, uint64 indexed version, address indexed holder);

        /// A zero document hash.
        error InvalidHash();
        /// A URI of `length` bytes; the limit is `max`.
        error UriTooLong(uint256 length, uint256 max);
        /// No MOU version has been published yet.
        error NoMouPublished();
        /// `version` is not the current MOU version `current`.
        error MouVersionMismatch(uint64 version, uint64 current);
        /// `account` does not hold `node`.
        error CallerNotNodeHolder(uint256 node, address account);

        /// Admin only: publishes the next MOU version; returns its number.
        function publishMou(bytes32 hash, string uri) external returns (uint64);
        /// The current MOU version, 0 before the first.
        function currentMouVersion() external view returns (uint64);
        /// MOU version `version`: its document hash, URI and publication time (zeros if none).
        function mou(uint64 version) external view returns (bytes32 hash, string uri, uint64 publishedAt);
        /// Holder only: `node` accepts MOU version `version`, which must be the current one.
        function acceptMou(uint256 node, uint64 version) external;

        // ----- Manufacturing License --------------------------------------------------------

        /// A licence manager granted `node` its licence, grant number `grant` (from 1), until
        /// `expiresAt` (0: no expiry).
        event ManufacturingLicenseGranted(uint256 indexed node, uint64 grant, uint64 expiresAt, bytes32 reason, address indexed by);
        /// A licence manager changed `node`'s licence to `status` (2 suspended, 1 reinstated,
        /// 3 revoked).
        event ManufacturingLicenseStatusChanged(uint256 indexed node, uint8 status, bytes32 reason, address indexed by);

        /// `node`'s licence is in `status`, from which this change is not allowed.
        error InvalidLicenseStatus(uint256 node, uint8 status);
        /// `node`'s stake `stake` is below `minimum`.
        error StakeBelowMinimum(uint256 node, uint256 stake, uint256 minimum);
        /// `node` accepted MOU version `accepted`, not the current `current`.
        error MouNotAccepted(uint256 node, uint64 accepted, uint64 current);
        /// `expiresAt` is not after the current block time `now`.
        error InvalidExpiry(uint64 expiresAt, uint64 now);

        /// Licence manager only: grants `node` its licence (from none or revoked), while its
        /// stake is at least the minimum and it accepted the current MOU. `expiresAt` 0 for none.
        function grantManufacturingLicense(uint256 node, uint64 expiresAt, bytes32 reason) external;
        /// Licence manager only: suspends `node`'s active licence.
        function suspendManufacturingLicense(uint256 node, bytes32 reason) external;
        /// Licence manager only: reinstates `node`'s suspended licence.
        function reinstateManufacturingLicense(uint256 node, bytes32 reason) external;
        /// Licence manager only: revokes `node`'s active or suspended licence (final for that
        /// grant; a new grant is a new decision).
        function revokeManufacturingLicense(uint256 node, bytes32 reason) external;
        /// `node`'s whole record: licence status (0 none, 1 active, 2 suspended, 3 revoked),
        /// grant number, grant, expiry (0: none) and last-change times, stake, and the MOU
        /// version it accepted with the time.
        function manufacturingLicense(uint256 node) external view returns (uint8 status, uint64 grant, uint64 grantedAt, uint64 expiresAt, uint64 changedAt, uint256 stake, uint64 mouVersion, uint64 mouAcceptedAt);
        /// Whether `node` is licensed now: active, unexpired, and staked at least the minimum.
        function isManufacturerLicensed(uint256 node) external view returns (bool);
        /// `isManufacturerLicensed(node)` with the grant number and expiry (0: none) of
        /// `node`'s licence: what a mint records, in one call.
        function manufacturingLicenseCheck(uint256 node) external view returns (bool licensed, uint64 grant, uint64 expiresAt);
    }

    /// Deployment of the manufacturing-licence contract: the top admin and the registry.
    contract ManufacturingLicensesDeployment {
        constructor(address initialOwner, address registry);
    }

    /// DIMO Hardware Device Licenses: one per device design, applied for by a licensed
    /// manufacturer, audited three ways by approved auditors and approved by a k-of-n vote of
    /// the Hardware Integration Team.
    interface IDeviceLicenses {
        // ----- admins -----------------------------------------------------------------------


        /// `account` is neither an admin here nor a licence manager of the
        /// manufacturing-licence contract.
        error CallerNotLicenseManager(address account);

        /// The manufacturer registry.
        function registry() external view returns (address);
        /// The manufacturing-licence contract (manufacturer licences, licence managers).
        function manufacturingLicenses() external view returns (address);

        // ----- auditors ---------------------------------------------------------------------

        /// An admin approved `auditor`, described by `uri` (name or document).
        event AuditorAdded(address indexed auditor, string uri, address indexed by);
        /// An admin removed `auditor` from the approved auditors.
        event AuditorRemoved(address indexed auditor, address indexed by);

        /// `auditor` is already approved.
        error AuditorAlreadyAdded(address auditor);
        /// `account` is not an approved auditor.
        error NotAnAuditor(address account);
        /// A URI of `length` bytes; the limit is `max`.
        error UriTooLong(uint256 length, uint256 max);

        /// Admin only: approves `auditor`, described by `uri`.
        function addAuditor(address auditor, string uri) external;
        /// Admin only: removes `auditor`; the audits it recorded stay.
        function removeAuditor(address auditor) external;
        /// Whether `account` is an approved auditor.
        function isAuditor(address account) external view returns (bool);
        /// The name or URI of the approved auditor `auditor`, "" for others.
        function auditorUri(address auditor) external view returns (string);

        // ----- Hardware Integration Team ----------------------------------------------------

        /// An admin added `member` to the team, now `teamSize` members.
        event TeamMemberAdded(address indexed member, uint64 teamSize, address indexed by);
        /// An admin removed `member` from the team, now `teamSize` members.
        event TeamMemberRemoved(address indexed member, uint64 teamSize, address indexed by);
        /// An admin set the approval threshold to `threshold` of `teamSize` members.
        event ApprovalThresholdSet(uint64 threshold, uint64 teamSize, address indexed by);

        /// `member` is already in the team.
        error TeamMemberAlreadyAdded(address member);
        /// `account` is not a team member.
        error NotATeamMember(address account);
        /// A threshold of `threshold` with `teamSize` members: it must be 1 to `teamSize`.
        error InvalidThreshold(uint64 threshold, uint64 teamSize);

        /// Admin only: adds `member` to the team.
        function addTeamMember(address member) external;
        /// Admin only: removes `member`, unless fewer members than the threshold would remain;
        /// votes it cast stay counted.
        function removeTeamMember(address member) external;
        /// Admin only: approvals needed to grant a licence, 1 to the team size.
        function setApprovalThreshold(uint64 threshold) external;
        /// Whether `account` is a team member.
        function isTeamMember(address account) external view returns (bool);
        /// The number of team members.
        function teamSize() external view returns (uint64);
        /// Approvals needed to grant a licence (0 before an admin set it).
        function approvalThreshold() external view returns (uint64);

        // ----- applications -----------------------------------------------------------------

        /// `applicant` applied for licence `id` for a design of `manufacturer`; `supersedes` is
        /// the licence it is to replace (0: none).
        event DeviceLicenseApplied(uint256 indexed id, uint256 indexed manufacturer, string model, string hardwareRevision, bytes32 designHash, uint256 supersedes, address indexed applicant);

        /// `account` neither holds `node` nor holds the `MANAGE_LICENSES` privilege on it (or the
        /// node does not exist).
        error CallerNotAuthorized(uint256 node, address account);
        /// `node` has no valid Manufacturing License.
        error ManufacturerNotLicensed(uint256 node);
        /// A model name of `length` bytes: it must be 1 to `max`.
        error InvalidModelName(uint256 length, uint256 max);
        /// A hardware revision of `length` bytes: it must be 1 to `max`.
        error InvalidHardwareRevision(uint256 length, uint256 max);
        /// A zero design or report hash.
        error InvalidHash();
        /// `supersedes` cannot be superseded by a licence of `manufacturer`: unknown, of
        /// another manufacturer, or not active or suspended.
        error InvalidSupersededLicense(uint256 supersedes, uint256 manufacturer);

        /// The holder of `manufacturer` or its `MANAGE_LICENSES` delegate applies for a licence
        /// for one design; the manufacturer must be licensed. Returns the new licence id.
        function applyForDeviceLicense(uint256 manufacturer, string model, string hardwareRevision, bytes32 designHash, uint256 supersedes) external returns (uint256);

        // ----- audits -----------------------------------------------------------------------

        /// `auditor` recorded the assessment `kind` (1 hardware and security, 2 customer
        /// experience, 3 integration testing and quality control) of licence `id`. A record
        /// restarts the vote: `round` is the new voting round.
        event AuditRecorded(uint256 indexed id, uint8 indexed kind, bool passed, bytes32 reportHash, string reportUri, address indexed auditor, uint64 round);

        /// No licence `id` exists.
        error UnknownDeviceLicense(uint256 id);
        /// `kind` is not an assessment kind (1 to 3).
        error InvalidAuditKind(uint8 kind);
        /// Licence `id` is in `status`, in which this is not allowed.
        error InvalidDeviceLicenseStatus(uint256 id, uint8 status);
        /// `account` may not judge licence `id`: it is its applicant, or holds its
        /// manufacturer node or a privilege on it.
        error ConflictOfInterest(uint256 id, address account);
        /// `auditor` already holds the other two assessments of licence `id`: the three
        /// assessments need at least two auditors.
        error SoleAuditor(uint256 id, address auditor);

        /// Approved auditor only: records one assessment of the pending licence `id`, replacing
        /// an earlier record of the same kind. Not the applicant, the node's holder or one of
        /// its delegates; not an auditor holding the other two current assessments.
        function recordAudit(uint256 id, uint8 kind, bool passed, bytes32 reportHash, string reportUri) external;
        /// The current record of assessment `kind` of licence `id`: result (0 none, 1 passed,
        /// 2 failed), auditor, time, report hash and URI.
        function deviceLicenseAudit(uint256 id, uint8 kind) external view returns (uint8 result, address auditor, uint64 recordedAt, bytes32 reportHash, string reportUri);

        // ----- final approval ---------------------------------------------------------------

        /// Team member `member` voted on licence `id` in voting round `round`; the round's
        /// tallies are now `approvals` and `rejections`.
        event VoteCast(uint256 indexed id, address indexed member, bool approve, uint64 round, uint64 approvals, uint64 rejections);
        /// Licence `id` of `manufacturer` was granted; it superseded `supersedes` (0: none).
        event DeviceLicenseGranted(uint256 indexed id, uint256 indexed manufacturer, uint256 supersedes);
        /// Licence `id` of `manufacturer` was rejected by the team.
        event DeviceLicenseRejected(uint256 indexed id, uint256 indexed manufacturer);
        /// Licence `id` ended: the granted licence `supersededBy` replaced it.
        event DeviceLicenseSuperseded(uint256 indexed id, uint256 indexed supersededBy);

        /// Licence `id` has not passed all three assessments.
        error AuditsIncomplete(uint256 id);
        /// `member` already voted on licence `id` in the current round.
        error AlreadyVoted(uint256 id, address member);
        /// No approval threshold has been set.
        error ThresholdNotSet();

        /// Team member only (not the applicant, the node's holder or one of its delegates):
        /// votes on the pending licence `id` once all three assessments passed. The vote that reaches the threshold grants it (the manufacturer must still be
        /// licensed); the one that makes the threshold unreachable rejects it.
        function vote(uint256 id, bool approve) external;
        /// Whether `member` voted on licence `id` in its current round.
        function hasVoted(uint256 id, address member) external view returns (bool);

        // ----- afterwards -------------------------------------------------------------------

        /// A licence manager changed licence `id` to `status` (3 active again, 5 suspended,
        /// 6 revoked).
        event DeviceLicenseStatusChanged(uint256 indexed id, uint8 status, bytes32 reason, address indexed by);

        /// Licence manager only: suspends the active licence `id`: no new devices of its design.
        function suspendDeviceLicense(uint256 id, bytes32 reason) external;
        /// Licence manager only: reinstates the suspended licence `id`.
        function reinstateDeviceLicense(uint256 id, bytes32 reason) external;
        /// Licence manager only: revokes licence `id` (pending, active or suspended), for good.
        function revokeDeviceLicense(uint256 id, bytes32 reason) external;

        // ----- views ------------------------------------------------------------------------

        /// Licence `id`: manufacturer node, status (0 none, 1 pending, 2 rejected, 3 active,
        /// 4 superseded, 5 suspended, 6 revoked), model name, hardware revision, design hash,
        /// the licences it supersedes and that superseded it, the applicant, the application,
        /// decision and last-change times, and the current voting round with its tallies.
        function deviceLicense(uint256 id) external view returns (uint256 manufacturer, uint8 status, string model, string hardwareRevision, bytes32 designHash, uint256 supersedes, uint256 supersededBy, address applicant, uint64 appliedAt, uint64 decidedAt, uint64 changedAt, uint64 round, uint64 approvals, uint64 rejections);
        /// Whether licence `id` is active: granted, and neither suspended, superseded nor revoked.
        function isDeviceLicenseActive(uint256 id) external view returns (bool);
        /// The manufacturer node of licence `id`, or 0 when it does not exist.
        function deviceLicenseManufacturer(uint256 id) external view returns (uint256);
        /// `deviceLicenseManufacturer(id)` and `isDeviceLicenseActive(id)` in one call: the
        /// manufacturer node (0 when the licence does not exist) and whether it is active.
        function deviceLicenseCheck(uint256 id) external view returns (uint256 manufacturer, bool active);
        /// Up to `limit` (at most 100) of `manufacturer`'s licence ids, oldest first, from
        /// position `offset`, and how many it has in all.
        function deviceLicensesOf(uint256 manufacturer, uint64 offset, uint64 limit) external view returns (uint256[] ids, uint64 total);
        /// The number of licences applied for; ids run from 1 to this number.
        function totalDeviceLicenses() external view returns (uint256);
    }

    /// Deployment of the device-licence contract: the top admin, the registry and the
    /// manufacturing-licence contract.
    contract DeviceLicensesDeployment {
        constructor(address initialOwner, address registry, address manufacturingLicenses);
    }
}

/// The minimum stake until an admin changes it: 100,000 tokens of 18 decimals (10^23).
pub const DEFAULT_MINIMUM_STAKE: U256 = U256::from_limbs([200_376_420_520_689_664, 5421, 0, 0]);
/// The unstake cooldown until an admin changes it: 30 days. A revoked or expired licence's
/// stake stays slashable this long (a suspended one's stays locked while it is suspended).
pub const DEFAULT_UNSTAKE_COOLDOWN: u64 = 30 * 86_400;
/// Longest URI (MOU, auditor, audit report), in bytes.
pub const MAX_URI_LEN: usize = 256;
/// Longest device model name, in bytes.
pub const MAX_MODEL_LEN: usize = 64;
/// Longest hardware revision, in bytes.
pub const MAX_REVISION_LEN: usize = 32;
/// Most ids one `deviceLicensesOf` page returns.
pub const MAX_PAGE: u64 = 100;

/// The status of a Manufacturing License.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ManufacturingStatus {
    /// Never granted.
    None = 0,
    /// Granted and in force (unless expired).
    Active = 1,
    /// Granted, temporarily not in force.
    Suspended = 2,
    /// Revoked: final for this grant.
    Revoked = 3,
}

/// The status of a Hardware Device License.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum DeviceStatus {
    /// No such licence.
    None = 0,
    /// Applied for: audits and votes under way.
    Pending = 1,
    /// Rejected by the team (final).
    Rejected = 2,
    /// Granted and in force.
    Active = 3,
    /// Replaced by a granted licence for the changed design (final).
    Superseded = 4,
    /// Granted, temporarily not in force.
    Suspended = 5,
    /// Revoked (final).
    Revoked = 6,
}

/// The three assessments a device licence needs, by their `kind` number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum AuditKind {
    /// Hardware and security audit.
    HardwareSecurity = 1,
    /// Customer experience assessment.
    CustomerExperience = 2,
    /// Integration testing and quality control.
    IntegrationQuality = 3,
}

/// Every assessment kind, in `kind` order.
pub const AUDIT_KINDS: [AuditKind; 3] = [
    AuditKind::HardwareSecurity,
    AuditKind::CustomerExperience,
    AuditKind::IntegrationQuality,
];

/// The result of an assessment record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum AuditResult {
    /// Not recorded yet.
    None = 0,
    /// Passed.
    Passed = 1,
    /// Failed.
    Failed = 2,
}

crate::encode::log_encoding! {
    IManufacturingLicenses::LicenseManagerAdded => |e, t, d| (
        t.address(&e.account).address(&e.by),
        d
    );
    IManufacturingLicenses::LicenseManagerRemoved => |e, t, d| (
        t.address(&e.account).address(&e.by),
        d
    );
    IManufacturingLicenses::StakingTokenSet => |e, t, d| (t.address(&e.token).address(&e.by), d);
    IManufacturingLicenses::MinimumStakeSet => |e, t, d| (t.address(&e.by), d.uint(&e.amount));
    IManufacturingLicenses::UnstakeCooldownSet => |e, t, d| (
        t.address(&e.by),
        d.small(e.cooldown)
    );
    IManufacturingLicenses::TreasurySet => |e, t, d| (t.address(&e.treasury).address(&e.by), d);
    IManufacturingLicenses::Staked => |e, t, d| (
        t.uint(&e.node).address(&e.from),
        d.uint(&e.amount).uint(&e.stake)
    );
    IManufacturingLicenses::Unstaked => |e, t, d| (
        t.uint(&e.node).address(&e.to),
        d.uint(&e.amount).uint(&e.stake).address(&e.by)
    );
    IManufacturingLicenses::StakeSlashed => |e, t, d| (
        t.uint(&e.node).address(&e.treasury),
        d.uint(&e.amount).uint(&e.stake).word(&e.reason).address(&e.by)
    );
    IManufacturingLicenses::MouPublished => |e, t, d| (
        t.small(e.version).address(&e.by),
        d.word(&e.hash).string(&e.uri)
    );
    IManufacturingLicenses::MouAccepted => |e, t, d| (
        t.uint(&e.node).small(e.version).address(&e.holder),
        d
    );
    IManufacturingLicenses::ManufacturingLicenseGranted => |e, t, d| (
        t.uint(&e.node).address(&e.by),
        d.small(e.grant).small(e.expiresAt).word(&e.reason)
    );
    IManufacturingLicenses::ManufacturingLicenseStatusChanged => |e, t, d| (
        t.uint(&e.node).address(&e.by),
        d.small(e.status.into()).word(&e.reason)
    );

    IDeviceLicenses::AuditorAdded => |e, t, d| (
        t.address(&e.auditor).address(&e.by),
        d.string(&e.uri)
    );
    IDeviceLicenses::AuditorRemoved => |e, t, d| (t.address(&e.auditor).address(&e.by), d);
    IDeviceLicenses::TeamMemberAdded => |e, t, d| (
        t.address(&e.member).address(&e.by),
        d.small(e.teamSize)
    );
    IDeviceLicenses::TeamMemberRemoved => |e, t, d| (
        t.address(&e.member).address(&e.by),
        d.small(e.teamSize)
    );
    IDeviceLicenses::ApprovalThresholdSet => |e, t, d| (
        t.address(&e.by),
        d.small(e.threshold).small(e.teamSize)
    );
    IDeviceLicenses::DeviceLicenseApplied => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer).address(&e.applicant),
        d.string(&e.model)
            .string(&e.hardwareRevision)
            .word(&e.designHash)
            .uint(&e.supersedes)
    );
    IDeviceLicenses::AuditRecorded => |e, t, d| (
        t.uint(&e.id).small(e.kind.into()).address(&e.auditor),
        d.small(e.passed.into())
            .word(&e.reportHash)
            .string(&e.reportUri)
            .small(e.round)
    );
    IDeviceLicenses::VoteCast => |e, t, d| (
        t.uint(&e.id).address(&e.member),
        d.small(e.approve.into())
            .small(e.round)
            .small(e.approvals)
            .small(e.rejections)
    );
    IDeviceLicenses::DeviceLicenseGranted => |e, t, d| (
        t.uint(&e.id).uint(&e.manufacturer),
        d.uint(&e.supersedes)
    );
    IDeviceLicenses::DeviceLicenseRejected => |e, t, d| (t.uint(&e.id).uint(&e.manufacturer), d);
    IDeviceLicenses::DeviceLicenseSuperseded => |e, t, d| (
        t.uint(&e.id).uint(&e.supersededBy),
        d
    );
    IDeviceLicenses::DeviceLicenseStatusChanged => |e, t, d| (
        t.uint(&e.id).address(&e.by),
        d.small(e.status.into()).word(&e.reason)
    );
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_primitives::{address, b256, U256};

    use super::{IDeviceLicenses as D, IManufacturingLicenses as M, *};
    use crate::encode::assert_log_matches_alloy as same;

    #[test]
    fn default_minimum_stake_is_100_000_tokens_of_18_decimals() {
        assert_eq!(
            DEFAULT_MINIMUM_STAKE,
            U256::from(100_000u64) * U256::from(10u64).pow(U256::from(18u64))
        );
    }

    #[test]
    fn enums_number_as_documented() {
        assert_eq!(ManufacturingStatus::Revoked as u8, 3);
        assert_eq!(DeviceStatus::Active as u8, 3);
        assert_eq!(DeviceStatus::Revoked as u8, 6);
        for (i, kind) in AUDIT_KINDS.iter().enumerate() {
            assert_eq!(usize::from(*kind as u8), i + 1);
        }
        assert_eq!(AuditResult::Failed as u8, 2);
    }

    #[test]
    fn every_manufacturing_event_encodes_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("b0b0000000000000000000000000000000000b0b");
        let node = U256::from(7) << 200;
        let amount = U256::MAX - U256::from(3);
        let reason = b256!("1111111111111111111111111111111111111111111111111111111111111111");
        same(&M::LicenseManagerAdded { account: a, by: b });
        same(&M::LicenseManagerRemoved { account: a, by: b });
        same(&M::StakingTokenSet { token: a, by: b });
        same(&M::MinimumStakeSet { amount, by: b });
        same(&M::UnstakeCooldownSet {
            cooldown: u64::MAX,
            by: b,
        });
        same(&M::TreasurySet { treasury: a, by: b });
        same(&M::Staked {
            node,
            from: a,
            amount,
            stake: U256::from(5),
        });
        same(&M::Unstaked {
            node,
            to: a,
            amount,
            stake: U256::from(5),
            by: b,
        });
        same(&M::StakeSlashed {
            node,
            treasury: a,
            amount,
            stake: U256::ZERO,
            reason,
            by: b,
        });
        for uri in ["", "ipfs://x", &"u".repeat(32), &"v".repeat(33)] {
            same(&M::MouPublished {
                version: 3,
                hash: reason,
                uri: String::from(uri),
                by: b,
            });
        }
        same(&M::MouAccepted {
            node,
            version: u64::MAX,
            holder: a,
        });
        same(&M::ManufacturingLicenseGranted {
            node,
            grant: 2,
            expiresAt: u64::MAX,
            reason,
            by: b,
        });
        same(&M::ManufacturingLicenseStatusChanged {
            node,
            status: 3,
            reason,
            by: b,
        });
    }

    #[test]
    fn every_device_event_encodes_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("b0b0000000000000000000000000000000000b0b");
        let id = U256::from(9) << 100;
        let node = U256::from(7) << 200;
        let hash = b256!("2222222222222222222222222222222222222222222222222222222222222222");
        same(&D::AuditorRemoved { auditor: a, by: b });
        same(&D::TeamMemberAdded {
            member: a,
            teamSize: 4,
            by: b,
        });
        same(&D::TeamMemberRemoved {
            member: a,
            teamSize: 0,
            by: b,
        });
        same(&D::ApprovalThresholdSet {
            threshold: 2,
            teamSize: 3,
            by: b,
        });
        for text in ["", "A", &"x".repeat(32), &"y".repeat(33), "Acme Auditors é"] {
            let text = String::from(text);
            same(&D::AuditorAdded {
                auditor: a,
                uri: text.clone(),
                by: b,
            });
            same(&D::DeviceLicenseApplied {
                id,
                manufacturer: node,
                model: text.clone(),
                hardwareRevision: "rev B".into(),
                designHash: hash,
                supersedes: U256::from(1),
                applicant: a,
            });
            same(&D::DeviceLicenseApplied {
                id,
                manufacturer: node,
                model: "AP-1".into(),
                hardwareRevision: text.clone(),
                designHash: hash,
                supersedes: U256::ZERO,
                applicant: a,
            });
            for passed in [false, true] {
                same(&D::AuditRecorded {
                    id,
                    kind: 3,
                    passed,
                    reportHash: hash,
                    reportUri: text.clone(),
                    auditor: a,
                    round: u64::MAX,
                });
            }
        }
        for approve in [false, true] {
            same(&D::VoteCast {
                id,
                member: a,
                approve,
                round: 7,
                approvals: 2,
                rejections: 1,
            });
        }
        same(&D::DeviceLicenseGranted {
            id,
            manufacturer: node,
            supersedes: U256::from(3),
        });
        same(&D::DeviceLicenseRejected {
            id,
            manufacturer: node,
        });
        same(&D::DeviceLicenseSuperseded {
            id,
            supersededBy: id + U256::from(1),
        });
        same(&D::DeviceLicenseStatusChanged {
            id,
            status: 5,
            reason: hash,
            by: b,
        });
    }
}
