//! The contract's storage and its own public functions (two-step ownership and ERC-165 are
//! in [`crate::standard`]).

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, B256, U16, U256, U32, U64, U8};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::licenses::{
    IManufacturingLicenses as M, ManufacturingStatus, DEFAULT_MINIMUM_STAKE,
    DEFAULT_UNSTAKE_COOLDOWN, MAX_URI_LEN,
};
use openzeppelin_stylus::access::ownable_two_step::Ownable2Step;
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageArray, StorageB256, StorageBool, StorageMap, StorageU16,
        StorageU256, StorageU32, StorageU64, StorageU8,
    },
};

use contract_kit::admins::AdminList;
use contract_kit::{
    event::Event,
    host::{caller, now},
    returns::Returns,
    text,
};

use crate::error::Error;

/// The manufacturing-licence contract.
///
/// Per node: one [`NodeRecord`] (licence, MOU acceptance, stake). Per MOU version: one
/// [`Mou`]. Per account: admin and licence-manager flags. The configuration words pack the
/// registry with the cooldown and the guard flag, and the token with the MOU count.
#[entrypoint]
#[storage]
pub struct ManufacturingLicenses {
    /// The top admin (`owner`) and its two-step hand-over (OpenZeppelin).
    pub(crate) ownable: Ownable2Step,
    /// Admins added by the top admin (the top admin itself is not listed).
    pub(crate) admins: contract_kit::admins::Admins,
    /// Licence managers added by admins; the device-licence contract honours them too.
    pub(crate) managers: StorageMap<Address, StorageBool>,
    /// The manufacturer registry (node holders and delegations), set at construction.
    pub(crate) registry: StorageAddress,
    /// Seconds between the end of a licence and an unstake below the minimum.
    pub(crate) cooldown: StorageU64,
    /// Set while the contract is calling the token (the re-entrancy guard).
    pub(crate) locked: StorageBool,
    /// The staking token; zero until an admin sets it.
    pub(crate) token: StorageAddress,
    /// MOU versions published; the current version's number (0: none).
    pub(crate) mou_count: StorageU64,
    /// Where slashed stakes go; zero until an admin sets it.
    pub(crate) treasury: StorageAddress,
    /// The minimum stake of a licensed manufacturer.
    pub(crate) minimum_stake: StorageU256,
    /// The sum of every node's stake.
    pub(crate) total_staked: StorageU256,
    /// MOU versions, from 1.
    pub(crate) mous: StorageMap<u64, Mou>,
    /// Per-node records.
    pub(crate) nodes: StorageMap<U256, NodeRecord>,
}

/// What the contract keeps for each manufacturer node.
///
/// Layout (from the node's base slot): word 0 packs `status`, `grants`, `granted_at`,
/// `expires_at` and `changed_at`; word 1 `mou_version` and `mou_accepted_at`; word 2 the
/// accepting holder; word 3 the stake.
///
/// A change of the node's holder in the registry leaves the licence and the stake with the
/// node (they back the node's licence; `unstake` pays the holder of the day), but not the MOU
/// acceptance: the next grant needs the new holder's own.
#[storage]
pub struct NodeRecord {
    /// The licence status ([`ManufacturingStatus`]).
    pub(crate) status: StorageU8,
    /// How many times a licence was granted to the node (the current grant's number).
    pub(crate) grants: StorageU32,
    /// When the current grant was made.
    pub(crate) granted_at: StorageU64,
    /// When the current grant expires (exclusive); 0 for never.
    pub(crate) expires_at: StorageU64,
    /// When the status last changed.
    pub(crate) changed_at: StorageU64,
    /// The MOU version the node accepted (0: none).
    pub(crate) mou_version: StorageU64,
    /// When it accepted it.
    pub(crate) mou_accepted_at: StorageU64,
    /// The holder that accepted it: a grant needs the current holder's own acceptance.
    pub(crate) mou_accepted_by: StorageAddress,
    /// The node's stake.
    pub(crate) stake: StorageU256,
}

impl NodeRecord {
    /// The licence status.
    pub(crate) fn status(&self) -> ManufacturingStatus {
        match self.status.get().as_limbs()[0] {
            1 => ManufacturingStatus::Active,
            2 => ManufacturingStatus::Suspended,
            3 => ManufacturingStatus::Revoked,
            _ => ManufacturingStatus::None,
        }
    }

    /// Sets the status and the time of the change.
    pub(crate) fn set_status(&mut self, status: ManufacturingStatus) {
        self.status.set(U8::from(status as u8));
        self.changed_at.set(U64::from(now()));
    }
}

/// One published version of the Memorandum of Understanding.
///
/// Layout: word 0 the document hash; word 1 packs `published_at` and `uri_len`; words 2-9
/// the URI ([`text`] layout).
#[storage]
pub struct Mou {
    /// Hash of the MOU document.
    pub(crate) hash: StorageB256,
    /// When it was published.
    pub(crate) published_at: StorageU64,
    /// Byte length of the URI.
    pub(crate) uri_len: StorageU16,
    /// Where the document is published.
    pub(crate) uri: StorageArray<StorageB256, 8>,
}

/// Requires `uri` to fit [`MAX_URI_LEN`].
pub(crate) fn check_uri(uri: &str) -> Result<(), Error> {
    if uri.len() > MAX_URI_LEN {
        return Err(M::UriTooLong {
            length: U256::from(uri.len()),
            max: U256::from(MAX_URI_LEN),
        }
        .into());
    }
    Ok(())
}

// ABI entry points receive owned, decoded arguments.
#[allow(clippy::needless_pass_by_value)]
#[public]
#[implements(
    openzeppelin_stylus::access::ownable_two_step::IOwnable2Step<Error = Error>,
    openzeppelin_stylus::utils::introspection::erc165::IErc165
)]
impl ManufacturingLicenses {
    /// Sets the top admin and the registry; the minimum stake starts at
    /// [`DEFAULT_MINIMUM_STAKE`] and the unstake cooldown at [`DEFAULT_UNSTAKE_COOLDOWN`].
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableInvalidOwner`] - If `initial_owner` is the zero address.
    /// * [`Error::InvalidAccount`] - If `registry` is the zero address.
    ///
    /// # Events
    ///
    /// * `OwnershipTransferred`, [`M::MinimumStakeSet`], [`M::UnstakeCooldownSet`].
    #[constructor]
    pub fn constructor(&mut self, initial_owner: Address, registry: Address) -> Result<(), Error> {
        self.ownable.constructor(initial_owner)?;
        if registry.is_zero() {
            return Err(Adm::InvalidAccount { account: registry }.into());
        }
        self.registry.set(registry);
        self.minimum_stake.set(DEFAULT_MINIMUM_STAKE);
        M::MinimumStakeSet {
            amount: DEFAULT_MINIMUM_STAKE,
            by: caller(),
        }
        .emit();
        self.cooldown.set(U64::from(DEFAULT_UNSTAKE_COOLDOWN));
        M::UnstakeCooldownSet {
            cooldown: DEFAULT_UNSTAKE_COOLDOWN,
            by: caller(),
        }
        .emit();
        Ok(())
    }

    // ----- admins and licence managers ------------------------------------------------------

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

    /// Whether `account` is a listed licence manager (admins act as licence managers without
    /// being listed).
    pub fn is_license_manager(&self, account: Address) -> bool {
        self.managers.get(account)
    }

    /// Admin only: makes `account` a licence manager.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAccount`] - If `account` is the zero address.
    /// * [`Error::LicenseManagerAlreadyAdded`] - If `account` is already listed.
    ///
    /// # Events
    ///
    /// * [`M::LicenseManagerAdded`].
    pub fn add_license_manager(&mut self, account: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if account.is_zero() {
            return Err(Adm::InvalidAccount { account }.into());
        }
        if self.managers.get(account) {
            return Err(M::LicenseManagerAlreadyAdded { account }.into());
        }
        self.managers.setter(account).set(true);
        M::LicenseManagerAdded { account, by }.emit();
        Ok(())
    }

    /// Admin only: removes `account` from the licence managers.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::NotALicenseManager`] - If `account` is not listed.
    ///
    /// # Events
    ///
    /// * [`M::LicenseManagerRemoved`].
    pub fn remove_license_manager(&mut self, account: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if !self.managers.get(account) {
            return Err(M::NotALicenseManager { account }.into());
        }
        self.managers.delete(account);
        M::LicenseManagerRemoved { account, by }.emit();
        Ok(())
    }

    // ----- staking configuration ------------------------------------------------------------

    /// Admin only: sets the staking token. Refused while anything is staked, since the stakes
    /// are counted in the current token.
    ///
    /// # Errors
    ///
    /// * [`Error::ReentrantCall`] - If a token call is under way.
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAccount`] - If `token` is the zero address.
    /// * [`Error::StakesOutstanding`] - If tokens are staked.
    ///
    /// # Events
    ///
    /// * [`M::StakingTokenSet`].
    pub fn set_staking_token(&mut self, token: Address) -> Result<(), Error> {
        self._not_entered()?;
        let by = self._only_admin()?;
        if token.is_zero() {
            return Err(Adm::InvalidAccount { account: token }.into());
        }
        let total_staked = self.total_staked.get();
        if !total_staked.is_zero() {
            return Err(M::StakesOutstanding {
                totalStaked: total_staked,
            }
            .into());
        }
        self.token.set(token);
        M::StakingTokenSet { token, by }.emit();
        Ok(())
    }

    /// Admin only: sets the minimum stake. Licences whose stake falls below it stop counting
    /// as licensed until topped up.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAmount`] - If `amount` is zero.
    ///
    /// # Events
    ///
    /// * [`M::MinimumStakeSet`].
    pub fn set_minimum_stake(&mut self, amount: U256) -> Result<(), Error> {
        let by = self._only_admin()?;
        Self::_nonzero(amount)?;
        self.minimum_stake.set(amount);
        M::MinimumStakeSet { amount, by }.emit();
        Ok(())
    }

    /// Admin only: sets the unstake cooldown, in seconds.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    ///
    /// # Events
    ///
    /// * [`M::UnstakeCooldownSet`].
    pub fn set_unstake_cooldown(&mut self, cooldown: u64) -> Result<(), Error> {
        let by = self._only_admin()?;
        self.cooldown.set(U64::from(cooldown));
        M::UnstakeCooldownSet { cooldown, by }.emit();
        Ok(())
    }

    /// Admin only: sets the treasury that receives slashed stakes.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAccount`] - If `treasury` is the zero address.
    ///
    /// # Events
    ///
    /// * [`M::TreasurySet`].
    pub fn set_treasury(&mut self, treasury: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if treasury.is_zero() {
            return Err(Adm::InvalidAccount { account: treasury }.into());
        }
        self.treasury.set(treasury);
        M::TreasurySet { treasury, by }.emit();
        Ok(())
    }

    /// The manufacturer registry.
    pub fn registry(&self) -> Address {
        self.registry.get()
    }

    /// The staking token, or the zero address before an admin set it.
    pub fn staking_token(&self) -> Address {
        self.token.get()
    }

    /// The minimum stake.
    pub fn minimum_stake(&self) -> U256 {
        self.minimum_stake.get()
    }

    /// The unstake cooldown, in seconds.
    pub fn unstake_cooldown(&self) -> u64 {
        self.cooldown.get().as_limbs()[0]
    }

    /// The treasury, or the zero address before an admin set it.
    pub fn treasury(&self) -> Address {
        self.treasury.get()
    }

    /// The sum of every node's stake.
    pub fn total_staked(&self) -> U256 {
        self.total_staked.get()
    }

    // ----- stakes ---------------------------------------------------------------------------

    /// The holder of `node` or its `MANAGE_LICENSES` delegate adds to the node's stake what
    /// arrives of `amount`: the tokens are pulled from the caller, which must have approved
    /// this contract, and the stake is credited with the contract's balance increase (less
    /// than `amount` with a fee-on-transfer token), so `totalStaked` never exceeds the
    /// balance. The records change after the pull, under the guard flag that refuses every
    /// re-entrant staking call.
    ///
    /// # Errors
    ///
    /// * [`Error::ReentrantCall`] - If a token call is under way.
    /// * [`Error::InvalidAmount`] - If `amount` is zero.
    /// * [`Error::StakingTokenNotSet`] - If no token is set.
    /// * [`Error::CallerNotAuthorized`] - If the caller may not manage `node`'s licences.
    /// * [`Error::SafeErc20FailedOperation`] - If the token refused the transfer.
    /// * [`Error::InvalidAmount`] - Also if nothing arrived.
    ///
    /// # Events
    ///
    /// * [`M::Staked`] with the amount that arrived.
    pub fn stake(&mut self, node: U256, amount: U256) -> Result<(), Error> {
        self._not_entered()?;
        Self::_nonzero(amount)?;
        let token = self._token()?;
        let (from, _) = self._only_authorized(node)?;
        let before = Self::_balance(token);
        self._pull(token, from, amount)?;
        let amount = Self::_balance(token).saturating_sub(before);
        Self::_nonzero(amount)?;
        let total = self.total_staked.get() + amount;
        self.total_staked.set(total);
        let mut record = self.nodes.setter(node);
        let stake = record.stake.get() + amount;
        record.stake.set(stake);
        M::Staked {
            node,
            from,
            amount,
            stake,
        }
        .emit();
        Ok(())
    }

    /// The holder of `node` or its `MANAGE_LICENSES` delegate takes `amount` of the node's
    /// stake back; the tokens go to the node's holder. While the licence is active or
    /// suspended the stake may not drop below the minimum; once it ended (revoked or expired)
    /// it may, after the cooldown.
    ///
    /// # Errors
    ///
    /// * [`Error::ReentrantCall`] - If a token call is under way.
    /// * [`Error::InvalidAmount`] - If `amount` is zero.
    /// * [`Error::StakingTokenNotSet`] - If no token is set.
    /// * [`Error::CallerNotAuthorized`] - If the caller may not manage `node`'s licences.
    /// * [`Error::InsufficientStake`] - If the stake is less than `amount`.
    /// * [`Error::StakeLocked`] - If the licence is in force and the stake would fall below
    ///   the minimum.
    /// * [`Error::UnstakeCooldownActive`] - If the licence ended less than the cooldown ago
    ///   and the stake would fall below the minimum.
    /// * [`Error::SafeErc20FailedOperation`] - If the token refused the transfer.
    ///
    /// # Events
    ///
    /// * [`M::Unstaked`].
    pub fn unstake(&mut self, node: U256, amount: U256) -> Result<(), Error> {
        self._not_entered()?;
        Self::_nonzero(amount)?;
        let token = self._token()?;
        let (by, to) = self._only_authorized(node)?;
        let record = self.nodes.get(node);
        let stake = record.stake.get();
        if stake < amount {
            return Err(M::InsufficientStake {
                node,
                stake,
                amount,
            }
            .into());
        }
        let remaining = stake - amount;
        let minimum = self.minimum_stake.get();
        if remaining < minimum {
            let unlocks_at = self._unlocks_at(&record);
            if unlocks_at == u64::MAX {
                return Err(M::StakeLocked {
                    node,
                    remaining,
                    minimum,
                }
                .into());
            }
            if now() < unlocks_at {
                return Err(M::UnstakeCooldownActive {
                    node,
                    unlocksAt: unlocks_at,
                }
                .into());
            }
        }
        self.nodes.setter(node).stake.set(remaining);
        self.total_staked.set(self.total_staked.get() - amount);
        M::Unstaked {
            node,
            to,
            amount,
            stake: remaining,
            by,
        }
        .emit();
        self._pay(token, to, amount)
    }

    /// Admin only: moves `amount` of `node`'s stake to the treasury, whatever the licence's
    /// status.
    ///
    /// # Errors
    ///
    /// * [`Error::ReentrantCall`] - If a token call is under way.
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAmount`] - If `amount` is zero.
    /// * [`Error::StakingTokenNotSet`] - If no token is set.
    /// * [`Error::TreasuryNotSet`] - If no treasury is set.
    /// * [`Error::InsufficientStake`] - If the stake is less than `amount`.
    /// * [`Error::SafeErc20FailedOperation`] - If the token refused the transfer.
    ///
    /// # Events
    ///
    /// * [`M::StakeSlashed`].
    pub fn slash(&mut self, node: U256, amount: U256, reason: B256) -> Result<(), Error> {
        self._not_entered()?;
        let by = self._only_admin()?;
        Self::_nonzero(amount)?;
        let token = self._token()?;
        let treasury = self.treasury.get();
        if treasury.is_zero() {
            return Err(M::TreasuryNotSet {}.into());
        }
        let mut record = self.nodes.setter(node);
        let stake = record.stake.get();
        if stake < amount {
            return Err(M::InsufficientStake {
                node,
                stake,
                amount,
            }
            .into());
        }
        let remaining = stake - amount;
        record.stake.set(remaining);
        self.total_staked.set(self.total_staked.get() - amount);
        M::StakeSlashed {
            node,
            treasury,
            amount,
            stake: remaining,
            reason,
            by,
        }
        .emit();
        self._pay(token, treasury, amount)
    }

    /// The stake of `node`.
    pub fn stake_of(&self, node: U256) -> U256 {
        self.nodes.get(node).stake.get()
    }

    /// From when `node`'s stake may drop below the minimum: 0 for now, `u64::MAX` while its
    /// licence is active or suspended (and unexpired).
    pub fn unstake_unlocks_at(&self, node: U256) -> u64 {
        self._unlocks_at(&self.nodes.get(node))
    }

    // ----- Memorandum of Understanding ------------------------------------------------------

    /// Admin only: publishes the next MOU version, which becomes the current one. Returns its
    /// number (from 1).
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidHash`] - If `hash` is zero.
    /// * [`Error::UriTooLong`] - If `uri` is longer than [`MAX_URI_LEN`] bytes.
    ///
    /// # Events
    ///
    /// * [`M::MouPublished`].
    pub fn publish_mou(&mut self, hash: B256, uri: String) -> Result<u64, Error> {
        let by = self._only_admin()?;
        if hash.is_zero() {
            return Err(M::InvalidHash {}.into());
        }
        check_uri(&uri)?;
        let version = self.mou_count.get().as_limbs()[0] + 1;
        self.mou_count.set(U64::from(version));
        let mut mou = self.mous.setter(version);
        mou.hash.set(hash);
        mou.published_at.set(U64::from(now()));
        text::write(&mut mou.uri, 0, &uri);
        // URIs are capped at 256 bytes, so the length fits a u16.
        #[allow(clippy::cast_possible_truncation)]
        mou.uri_len.set(U16::from(uri.len() as u16));
        M::MouPublished {
            version,
            hash,
            uri,
            by,
        }
        .emit();
        Ok(version)
    }

    /// The current MOU version, 0 before the first.
    pub fn current_mou_version(&self) -> u64 {
        self.mou_count.get().as_limbs()[0]
    }

    /// MOU version `version`: document hash, URI and publication time (zeros and "" when it
    /// does not exist). Encoded as Solidity encodes it ([`Returns`]).
    pub fn mou(&self, version: u64) -> Returns<(B256, String, u64)> {
        let mou = self.mous.get(version);
        let len = usize::try_from(mou.uri_len.get().as_limbs()[0]).unwrap_or_default();
        Returns((
            mou.hash.get(),
            text::read(&mou.uri, len),
            mou.published_at.get().as_limbs()[0],
        ))
    }

    /// Holder only: `node` accepts MOU version `version`, which must be the current one (so
    /// that the holder accepts the text it read). A later acceptance replaces an earlier one.
    ///
    /// # Errors
    ///
    /// * [`Error::UnknownManufacturer`] - If `node` does not exist.
    /// * [`Error::CallerNotNodeHolder`] - If the caller does not hold `node`.
    /// * [`Error::NoMouPublished`] - If no MOU is published.
    /// * [`Error::MouVersionMismatch`] - If `version` is not the current version.
    ///
    /// # Events
    ///
    /// * [`M::MouAccepted`].
    pub fn accept_mou(&mut self, node: U256, version: u64) -> Result<(), Error> {
        let holder = self._holder_of(node)?;
        let caller = caller();
        if caller != holder {
            return Err(M::CallerNotNodeHolder {
                node,
                account: caller,
            }
            .into());
        }
        let current = self.current_mou_version();
        if current == 0 {
            return Err(M::NoMouPublished {}.into());
        }
        if version != current {
            return Err(M::MouVersionMismatch { version, current }.into());
        }
        let mut record = self.nodes.setter(node);
        record.mou_version.set(U64::from(version));
        record.mou_accepted_at.set(U64::from(now()));
        record.mou_accepted_by.set(holder);
        M::MouAccepted {
            node,
            version,
            holder,
        }
        .emit();
        Ok(())
    }

    // ----- Manufacturing License ------------------------------------------------------------

    /// Licence manager only: grants `node` its licence, from no licence or a revoked one,
    /// while its stake is at least the minimum and it accepted the current MOU. `expires_at`
    /// is the first second it is no longer valid, or 0 for no expiry.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither a licence manager nor
    ///   an admin.
    /// * [`Error::UnknownManufacturer`] - If `node` does not exist.
    /// * [`Error::InvalidLicenseStatus`] - If the licence is active or suspended.
    /// * [`Error::InvalidExpiry`] - If `expires_at` is not zero and not in the future.
    /// * [`Error::StakeBelowMinimum`] - If the stake is below the minimum.
    /// * [`Error::NoMouPublished`] - If no MOU is published.
    /// * [`Error::MouNotAccepted`] - If the node has not accepted the current MOU.
    ///
    /// # Events
    ///
    /// * [`M::ManufacturingLicenseGranted`].
    pub fn grant_manufacturing_license(
        &mut self,
        node: U256,
        expires_at: u64,
        reason: B256,
    ) -> Result<(), Error> {
        let by = self._only_manager()?;
        let holder = self._holder_of(node)?;
        let minimum = self.minimum_stake.get();
        let current = self.current_mou_version();
        let now = now();
        let mut record = self.nodes.setter(node);
        let status = record.status();
        if matches!(
            status,
            ManufacturingStatus::Active | ManufacturingStatus::Suspended
        ) {
            return Err(M::InvalidLicenseStatus {
                node,
                status: status as u8,
            }
            .into());
        }
        if expires_at != 0 && expires_at <= now {
            return Err(M::InvalidExpiry {
                expiresAt: expires_at,
                now,
            }
            .into());
        }
        let stake = record.stake.get();
        if stake < minimum {
            return Err(M::StakeBelowMinimum {
                node,
                stake,
                minimum,
            }
            .into());
        }
        if current == 0 {
            return Err(M::NoMouPublished {}.into());
        }
        // Only the current holder's acceptance counts: a previous holder's does not bind the
        // node's new holder.
        let accepted = if record.mou_accepted_by.get() == holder {
            record.mou_version.get().as_limbs()[0]
        } else {
            0
        };
        if accepted != current {
            return Err(M::MouNotAccepted {
                node,
                accepted,
                current,
            }
            .into());
        }
        let grant = record.grants.get().as_limbs()[0] + 1;
        // A u32 of grants per node cannot overflow in practice (one grant per revocation).
        #[allow(clippy::cast_possible_truncation)]
        record.grants.set(U32::from(grant as u32));
        record.granted_at.set(U64::from(now));
        record.expires_at.set(U64::from(expires_at));
        record.set_status(ManufacturingStatus::Active);
        M::ManufacturingLicenseGranted {
            node,
            grant,
            expiresAt: expires_at,
            reason,
            by,
        }
        .emit();
        Ok(())
    }

    /// Licence manager only: suspends `node`'s active licence.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither a licence manager nor
    ///   an admin.
    /// * [`Error::InvalidLicenseStatus`] - If the licence is not active.
    ///
    /// # Events
    ///
    /// * [`M::ManufacturingLicenseStatusChanged`] with status 2.
    pub fn suspend_manufacturing_license(&mut self, node: U256, reason: B256) -> Result<(), Error> {
        self._change_status(
            node,
            &[ManufacturingStatus::Active],
            ManufacturingStatus::Suspended,
            reason,
        )
    }

    /// Licence manager only: reinstates `node`'s suspended licence.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither a licence manager nor
    ///   an admin.
    /// * [`Error::InvalidLicenseStatus`] - If the licence is not suspended.
    ///
    /// # Events
    ///
    /// * [`M::ManufacturingLicenseStatusChanged`] with status 1.
    pub fn reinstate_manufacturing_license(
        &mut self,
        node: U256,
        reason: B256,
    ) -> Result<(), Error> {
        self._change_status(
            node,
            &[ManufacturingStatus::Suspended],
            ManufacturingStatus::Active,
            reason,
        )
    }

    /// Licence manager only: revokes `node`'s active or suspended licence. Final for this
    /// grant: only a new grant (a new decision) licenses the node again.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotLicenseManager`] - If the caller is neither a licence manager nor
    ///   an admin.
    /// * [`Error::InvalidLicenseStatus`] - If the licence is neither active nor suspended.
    ///
    /// # Events
    ///
    /// * [`M::ManufacturingLicenseStatusChanged`] with status 3.
    pub fn revoke_manufacturing_license(&mut self, node: U256, reason: B256) -> Result<(), Error> {
        self._change_status(
            node,
            &[ManufacturingStatus::Active, ManufacturingStatus::Suspended],
            ManufacturingStatus::Revoked,
            reason,
        )
    }

    /// `node`'s whole record: licence status, grant number, grant, expiry and last-change
    /// times, stake, and the accepted MOU version with its time.
    pub fn manufacturing_license(&self, node: U256) -> (u8, u64, u64, u64, u64, U256, u64, u64) {
        let r = self.nodes.get(node);
        (
            r.status() as u8,
            r.grants.get().as_limbs()[0],
            r.granted_at.get().as_limbs()[0],
            r.expires_at.get().as_limbs()[0],
            r.changed_at.get().as_limbs()[0],
            r.stake.get(),
            r.mou_version.get().as_limbs()[0],
            r.mou_accepted_at.get().as_limbs()[0],
        )
    }

    /// [`Self::is_manufacturer_licensed`] with the grant number and expiry (0: none) of
    /// `node`'s licence: what a mint records, in one call.
    pub fn manufacturing_license_check(&self, node: U256) -> (bool, u64, u64) {
        let r = self.nodes.get(node);
        (
            self.is_manufacturer_licensed(node),
            r.grants.get().as_limbs()[0],
            r.expires_at.get().as_limbs()[0],
        )
    }

    /// Whether `node` is licensed now: its licence is active and unexpired, and its stake is
    /// at least the current minimum.
    pub fn is_manufacturer_licensed(&self, node: U256) -> bool {
        let r = self.nodes.get(node);
        let expires_at = r.expires_at.get().as_limbs()[0];
        r.status() == ManufacturingStatus::Active
            && (expires_at == 0 || now() < expires_at)
            && r.stake.get() >= self.minimum_stake.get()
    }
}

impl ManufacturingLicenses {
    /// Licence manager only: moves `node`'s licence from one of `from` to `to`.
    fn _change_status(
        &mut self,
        node: U256,
        from: &[ManufacturingStatus],
        to: ManufacturingStatus,
        reason: B256,
    ) -> Result<(), Error> {
        let by = self._only_manager()?;
        let mut record = self.nodes.setter(node);
        let status = record.status();
        if !from.contains(&status) {
            return Err(M::InvalidLicenseStatus {
                node,
                status: status as u8,
            }
            .into());
        }
        record.set_status(to);
        M::ManufacturingLicenseStatusChanged {
            node,
            status: to as u8,
            reason,
            by,
        }
        .emit();
        Ok(())
    }
}
