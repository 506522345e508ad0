//! The admin list the registry and both licence contracts keep ([`dimo_interfaces::admin`]):
//! one storage component instead of three copies of the same rules.
//!
//! The list is each contract's [`Admins`] map (admins added by the top admin; the top admin
//! itself is not listed). The top admin is the contract's OpenZeppelin owner; the contract
//! checks that the caller is the top admin before [`AdminList::add`] and
//! [`AdminList::remove`], and passes its owner to [`AdminList::is_admin`]. An extension trait
//! on the map, so each contract keeps its storage field (and layout) as it was.

use alloy_primitives::Address;
use dimo_interfaces::admin::IAdmins as Adm;
use stylus_sdk::storage::{StorageBool, StorageMap};

use crate::event::Event;

/// The admin list's storage: listed admin → `true`.
pub type Admins = StorageMap<Address, StorageBool>;

/// The admin list's rules, on its map.
pub trait AdminList {
    /// Whether `account` is an admin: `owner` (the top admin) or listed. Never the zero
    /// address, so that a renounced owner matches nobody.
    fn is_admin(&self, owner: Address, account: Address) -> bool;

    /// Lists `account`, for the top admin `by`. Generic over the contract's error enum, so
    /// that the refusal is its own variant with no conversion in between.
    ///
    /// # Errors
    ///
    /// * [`Adm::InvalidAccount`] - `account` is the zero address.
    /// * [`Adm::AdminAlreadyAdded`] - It is listed already.
    ///
    /// # Events
    ///
    /// * [`Adm::AdminAdded`].
    fn add<E>(&mut self, account: Address, by: Address) -> Result<(), E>
    where
        E: From<Adm::InvalidAccount> + From<Adm::AdminAlreadyAdded>;

    /// Removes `account` from the list, for the top admin `by`.
    ///
    /// # Errors
    ///
    /// * [`Adm::NotAnAdmin`] - `account` is not listed.
    ///
    /// # Events
    ///
    /// * [`Adm::AdminRemoved`].
    fn remove<E: From<Adm::NotAnAdmin>>(&mut self, account: Address, by: Address) -> Result<(), E>;
}

impl AdminList for Admins {
    fn is_admin(&self, owner: Address, account: Address) -> bool {
        !account.is_zero() && (owner == account || self.get(account))
    }

    fn add<E>(&mut self, account: Address, by: Address) -> Result<(), E>
    where
        E: From<Adm::InvalidAccount> + From<Adm::AdminAlreadyAdded>,
    {
        if account.is_zero() {
            return Err(Adm::InvalidAccount { account }.into());
        }
        if self.get(account) {
            return Err(Adm::AdminAlreadyAdded { account }.into());
        }
        self.setter(account).set(true);
        Adm::AdminAdded { account, by }.emit();
        Ok(())
    }

    fn remove<E: From<Adm::NotAnAdmin>>(&mut self, account: Address, by: Address) -> Result<(), E> {
        if !self.get(account) {
            return Err(Adm::NotAnAdmin { account }.into());
        }
        self.delete(account);
        Adm::AdminRemoved { account, by }.emit();
        Ok(())
    }
}
