//! Internal helpers: access checks, the look-ups in the other contracts, licence state checks
//! and vote keys. None of these is reachable from outside the contract.

use alloy_primitives::{Address, B256, U256};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    licenses::{DeviceStatus, IDeviceLicenses as D, MAX_URI_LEN},
    privileges::MANAGE_LICENSES,
};
use openzeppelin_stylus::access::ownable;

use contract_kit::admins::AdminList;
use contract_kit::host::caller;

use crate::{calls, contract::DeviceLicenses, error::Error};

impl DeviceLicenses {
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

    /// Requires the caller to be an admin here or a licence manager of the
    /// manufacturing-licence contract; returns it.
    pub(crate) fn _only_manager(&self) -> Result<Address, Error> {
        let caller = caller();
        if self._is_admin(caller) || calls::is_license_manager(self.manufacturing.get(), caller) {
            Ok(caller)
        } else {
            Err(D::CallerNotLicenseManager { account: caller }.into())
        }
    }

    /// Requires the caller to be an approved auditor; returns it.
    pub(crate) fn _only_auditor(&self) -> Result<Address, Error> {
        let caller = caller();
        if self.auditors.get(caller).approved.get() {
            Ok(caller)
        } else {
            Err(D::NotAnAuditor { account: caller }.into())
        }
    }

    /// Requires the caller to be a team member; returns it.
    pub(crate) fn _only_member(&self) -> Result<Address, Error> {
        let caller = caller();
        if self.team.get(caller) {
            Ok(caller)
        } else {
            Err(D::NotATeamMember { account: caller }.into())
        }
    }

    /// Requires the caller to hold `node` or to hold the `MANAGE_LICENSES` privilege on it in
    /// the registry; returns it.
    pub(crate) fn _only_authorized(&self, node: U256) -> Result<Address, Error> {
        let caller = caller();
        if calls::is_authorized(self.registry.get(), node, caller, MANAGE_LICENSES) {
            Ok(caller)
        } else {
            Err(D::CallerNotAuthorized {
                node,
                account: caller,
            }
            .into())
        }
    }

    /// Separation of duties: `account` may not judge licence `id` of `manufacturer` when it
    /// is the applicant, or holds the node or any privilege on it in the registry (one
    /// `authorizedPrivileges` call).
    ///
    /// # Errors
    ///
    /// * [`Error::ConflictOfInterest`] - If it is or does.
    pub(crate) fn _require_independent(
        &self,
        id: U256,
        manufacturer: U256,
        account: Address,
    ) -> Result<(), Error> {
        if self.licenses.get(id).applicant.get() == account
            || !calls::authorized_privileges(self.registry.get(), manufacturer, account).is_zero()
        {
            return Err(D::ConflictOfInterest { id, account }.into());
        }
        Ok(())
    }

    /// Requires `node` to hold a valid Manufacturing License now.
    pub(crate) fn _require_licensed(&self, node: U256) -> Result<(), Error> {
        if calls::is_manufacturer_licensed(self.manufacturing.get(), node) {
            Ok(())
        } else {
            Err(D::ManufacturerNotLicensed { node }.into())
        }
    }

    /// The status of licence `id`, refused when it is not one of `allowed` (and
    /// `UnknownDeviceLicense` when the licence does not exist).
    pub(crate) fn _status_in(
        &self,
        id: U256,
        allowed: &[DeviceStatus],
    ) -> Result<DeviceStatus, Error> {
        let status = self.licenses.get(id).status();
        if status == DeviceStatus::None {
            return Err(D::UnknownDeviceLicense { id }.into());
        }
        if !allowed.contains(&status) {
            return Err(D::InvalidDeviceLicenseStatus {
                id,
                status: status as u8,
            }
            .into());
        }
        Ok(status)
    }

    /// The storage key of a vote: keccak-256 of `id ‖ round ‖ member` (32 + 4 + 20 bytes).
    /// A new round orphans every vote of the earlier ones in O(1).
    pub(crate) fn _vote_key(id: U256, round: u32, member: Address) -> B256 {
        let mut buf = [0u8; 56];
        buf[..32].copy_from_slice(&id.to_be_bytes::<32>());
        buf[32..36].copy_from_slice(&round.to_be_bytes());
        buf[36..].copy_from_slice(member.as_slice());
        stylus_sdk::crypto::keccak(buf)
    }
}

/// Requires `uri` to fit [`MAX_URI_LEN`].
pub(crate) fn check_uri(uri: &str) -> Result<(), Error> {
    if uri.len() > MAX_URI_LEN {
        return Err(D::UriTooLong {
            length: U256::from(uri.len()),
            max: U256::from(MAX_URI_LEN),
        }
        .into());
    }
    Ok(())
}
