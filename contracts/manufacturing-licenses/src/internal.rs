//! Internal helpers: access checks, the registry look-ups and the unstake lock. None of these
//! is reachable from outside the contract.

use alloy_primitives::{Address, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    licenses::{IManufacturingLicenses as M, ManufacturingStatus},
    privileges::MANAGE_LICENSES,
};
use openzeppelin_stylus::access::ownable;

use contract_kit::admins::AdminList;
use contract_kit::host::{caller, now};

use crate::{
    calls,
    contract::{ManufacturingLicenses, NodeRecord},
    error::Error,
};

impl ManufacturingLicenses {
    /// Whether `account` is the top admin or an added admin. The zero address never is, even
    /// after the top admin renounced.
    pub(crate) fn _is_admin(&self, account: Address) -> bool {
        self.admins.is_admin(self.ownable.ownable.owner(), account)
    }

    /// The caller, refused when it is the zero address (possible only in a simulated call),
    /// so that a zero `owner()` or `pendingOwner()` is never matched.
    pub(crate) fn _nonzero_caller() -> Result<Address, Error> {
        let caller = caller();
        if caller.is_zero() {
            return Err(ownable::OwnableUnauthorizedAccount { account: caller }.into());
        }
        Ok(caller)
    }

    /// Requires the caller to be the top admin; returns it.
    pub(crate) fn _only_top_admin(&self) -> Result<Address, Error> {
        let caller = Self::_nonzero_caller()?;
        self.ownable.ownable.only_owner()?;
        Ok(caller)
    }

    /// Requires the caller to be an admin; returns it.
    pub(crate) fn _only_admin(&self) -> Result<Address, Error> {
        let caller = caller();
        if self._is_admin(caller) {
            Ok(caller)
        } else {
            Err(Adm::CallerNotAdmin { account: caller }.into())
        }
    }

    /// Requires the caller to be a licence manager or an admin; returns it.
    pub(crate) fn _only_manager(&self) -> Result<Address, Error> {
        let caller = caller();
        if self.managers.get(caller) || self._is_admin(caller) {
            Ok(caller)
        } else {
            Err(M::CallerNotLicenseManager { account: caller }.into())
        }
    }

    /// Requires the caller to hold `node` or to hold the `MANAGE_LICENSES` privilege on it in
    /// the registry; returns it and the node's holder (one `nodeAccess` call).
    pub(crate) fn _only_authorized(&self, node: U256) -> Result<(Address, Address), Error> {
        let caller = caller();
        let access = calls::node_access(self.registry.get(), node, caller, MANAGE_LICENSES);
        if access.authorized {
            Ok((caller, access.holder))
        } else {
            Err(M::CallerNotAuthorized {
                node,
                account: caller,
            }
            .into())
        }
    }

    /// The holder of `node` in the registry.
    pub(crate) fn _holder_of(&self, node: U256) -> Result<Address, Error> {
        // Privilege 0 is never valid: `nodeAccess` answers the holder only.
        let holder = calls::node_access(self.registry.get(), node, Address::ZERO, 0).holder;
        if holder.is_zero() {
            return Err(M::UnknownManufacturer { node }.into());
        }
        Ok(holder)
    }

    /// The staking token, once set.
    pub(crate) fn _token(&self) -> Result<Address, Error> {
        let token = self.token.get();
        if token.is_zero() {
            return Err(M::StakingTokenNotSet {}.into());
        }
        Ok(token)
    }

    /// Requires `amount` not to be zero.
    pub(crate) fn _nonzero(amount: U256) -> Result<(), Error> {
        if amount.is_zero() {
            return Err(M::InvalidAmount { amount }.into());
        }
        Ok(())
    }

    /// From when the stake of `record` may drop below the minimum: 0 (now) without a licence
    /// ever granted, `u64::MAX` while the licence is active or suspended and unexpired, else
    /// the end of the licence (revocation or expiry) plus the cooldown.
    pub(crate) fn _unlocks_at(&self, record: &NodeRecord) -> u64 {
        let status = record.status();
        let expires_at = record.expires_at.get().as_limbs()[0];
        let ended_at = if status == ManufacturingStatus::None {
            return 0;
        } else if status == ManufacturingStatus::Revoked {
            record.changed_at.get().as_limbs()[0]
        } else if expires_at != 0 && expires_at <= now() {
            expires_at
        } else {
            return u64::MAX;
        };
        ended_at.saturating_add(self.cooldown.get().as_limbs()[0])
    }
}
