//! The registry's storage and its own public functions (the ERC-721, ERC-165 and ownership
//! functions are in [`crate::standard`]).

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{Address, B256, U256, U64};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::{
    erc::IERC4906,
    privileges,
    registry::{IManufacturerRegistry as R, MAX_BATCH, MAX_URI_LEN},
};
use openzeppelin_stylus::{
    access::ownable_two_step::Ownable2Step,
    token::erc721::{Erc721, IErc721},
};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageArray, StorageB256, StorageBool, StorageMap, StorageU16, StorageU256, StorageU64,
    },
};

use contract_kit::admins::AdminList;
use contract_kit::{event::Event, host::now, text};

use crate::{error::Error, name};

/// The manufacturer registry.
///
/// Storage per node: its display name and URI (strings), its delegation epoch, the name key
/// → id entry and the ERC-721 owner. Per account: the admin flag, one word ([`Holder`]) with
/// the controller flag and the node a non-admin holder holds, and the ERC-721 balance.
#[entrypoint]
#[storage]
pub struct ManufacturerRegistry {
    /// Token ownership, balances and approvals (OpenZeppelin).
    pub(crate) erc721: Erc721,
    /// The top admin (`owner`) and its two-step hand-over (OpenZeppelin).
    pub(crate) ownable: Ownable2Step,
    /// Admins added by the top admin (the top admin itself is not listed).
    pub(crate) admins: contract_kit::admins::Admins,
    /// Per account: the controller flag and the node a non-admin holder holds, in one word.
    pub(crate) accounts: StorageMap<Address, Holder>,
    /// Name key ([`name::key`]) → node id (0 for free).
    pub(crate) name_to_id: StorageMap<B256, StorageU256>,
    /// Per-node records.
    pub(crate) nodes: StorageMap<U256, Node>,
    /// Nodes minted so far; also the highest id.
    pub(crate) node_count: StorageU256,
    /// Delegation grants: [`Self::_grant_key`] → expiry (exclusive, unix seconds).
    pub(crate) grants: StorageMap<B256, StorageU64>,
}

/// An account's word: whether it is a controller and the node it holds as a non-admin holder
/// (the one-node-per-controller slot). One word, so that minting or transferring a node to a
/// controller updates the word its `addController` created (5,000 gas) instead of creating
/// one (22,100), and the receiver rule reads one cold slot instead of two.
#[storage]
pub struct Holder {
    /// Whether the account is a controller now.
    pub(crate) controller: StorageBool,
    /// The node it holds as a non-admin holder (0 for none). Node ids count up from 1, one
    /// per mint, so they fit (a value that did not would abort the call, not wrap).
    pub(crate) node: StorageU64,
}

impl Holder {
    /// The node held (0 for none).
    pub(crate) fn held(&self) -> U256 {
        U256::from(self.node.get())
    }
}

/// What the registry keeps for each node besides its ERC-721 owner.
///
/// Layout (from the node's base slot): word 0 packs `epoch` and `uri_len`; words 1-2 hold the
/// name; words 3-18 the URI. A mint with a name of up to 32 bytes writes one new word (the
/// name's): the name, printable ASCII, ends at its first zero byte, so no length is stored and
/// word 0 stays empty until a change of holder or a URI.
#[storage]
pub struct Node {
    /// Delegation epoch: grants are keyed by it, and a change of holder bumps it.
    pub(crate) epoch: StorageU64,
    /// Byte length of the metadata URI.
    pub(crate) uri_len: StorageU16,
    /// Display name, as minted or last renamed ([`text::read_to_zero`] layout).
    pub(crate) name: StorageArray<StorageB256, 2>,
    /// Metadata URI set by the holder, returned by `tokenURI` ([`text`] layout).
    pub(crate) uri: StorageArray<StorageB256, 16>,
}

impl Node {
    /// The display name.
    pub(crate) fn name(&self) -> String {
        text::read_to_zero(&self.name)
    }

    /// Replaces the display name (at most 64 bytes of printable ASCII, checked by the
    /// caller).
    pub(crate) fn set_name(&mut self, name: &str) {
        let old_len = text::len_to_zero(&self.name);
        text::write(&mut self.name, old_len, name);
    }

    /// The metadata URI.
    pub(crate) fn uri(&self) -> String {
        text::read(
            &self.uri,
            usize::try_from(self.uri_len.get().as_limbs()[0]).unwrap_or_default(),
        )
    }

    /// Replaces the metadata URI (at most 512 bytes, checked by the caller).
    pub(crate) fn set_uri(&mut self, uri: &str) {
        let old_len = usize::try_from(self.uri_len.get().as_limbs()[0]).unwrap_or_default();
        text::write(&mut self.uri, old_len, uri);
        // URIs are capped at 512 bytes, so the length fits a u16.
        #[allow(clippy::cast_possible_truncation)]
        self.uri_len
            .set(alloy_primitives::U16::from(uri.len() as u16));
    }
}

// ABI entry points receive owned, decoded arguments.
#[allow(clippy::needless_pass_by_value)]
#[public]
#[implements(
    IErc721<Error = Error>,
    openzeppelin_stylus::token::erc721::extensions::IErc721Metadata<Error = Error>,
    openzeppelin_stylus::access::ownable_two_step::IOwnable2Step<Error = Error>,
    openzeppelin_stylus::utils::introspection::erc165::IErc165
)]
impl ManufacturerRegistry {
    /// Sets the top admin.
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableInvalidOwner`] - If `initial_owner` is the zero address.
    ///
    /// # Events
    ///
    /// * `OwnershipTransferred`.
    #[constructor]
    pub fn constructor(&mut self, initial_owner: Address) -> Result<(), Error> {
        Ok(self.ownable.constructor(initial_owner)?)
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

    /// Top admin only: removes `account` from the admins, always (a rogue admin or a lost
    /// key cannot block it). Nodes it still holds are stranded: neither it nor its delegates
    /// have rights on them, and the top admin takes them back with [`Self::reclaim_node`].
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
        self.admins.remove::<Error>(account, by)
    }

    /// Top admin only: takes back `node`, stranded with a former admin, to the top admin.
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableUnauthorizedAccount`] - If the caller is not the top admin.
    /// * [`Error::NonexistentToken`] - If `node` does not exist.
    /// * [`Error::CallerNotNodeHolder`] - If `node` is not stranded (its holder is an admin
    ///   or a controller holding it as its one node; the error names the holder).
    ///
    /// # Events
    ///
    /// * `Transfer`, [`R::DelegationsCleared`], [`R::NodeReclaimed`].
    pub fn reclaim_node(&mut self, node: U256) -> Result<(), Error> {
        let by = self._only_top_admin()?;
        let from = self.erc721._require_owned(node)?;
        if !self._is_stranded(from, node) {
            return Err(R::CallerNotNodeHolder {
                node,
                account: from,
            }
            .into());
        }
        self.erc721._transfer(from, by, node)?;
        self._holder_changed(node);
        R::NodeReclaimed {
            node,
            from,
            to: by,
            by,
        }
        .emit();
        Ok(())
    }

    // ----- controllers ----------------------------------------------------------------------

    /// Whether `account` is a controller.
    pub fn is_controller(&self, account: Address) -> bool {
        self.accounts.get(account).controller.get()
    }

    /// Admin only: makes `controller` a controller.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidAccount`] - If `controller` is the zero address.
    /// * [`Error::ControllerAlreadyAdded`] - If `controller` is already a controller.
    ///
    /// # Events
    ///
    /// * [`R::ControllerAdded`].
    pub fn add_controller(&mut self, controller: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if controller.is_zero() {
            return Err(Adm::InvalidAccount {
                account: controller,
            }
            .into());
        }
        if self.accounts.get(controller).controller.get() {
            return Err(R::ControllerAlreadyAdded { controller }.into());
        }
        self.accounts.setter(controller).controller.set(true);
        R::ControllerAdded { controller, by }.emit();
        Ok(())
    }

    /// Admin only: removes `controller`. A node it holds stays with it, and it can still
    /// transfer it; it can no longer receive one.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::NotAController`] - If `controller` is not a controller.
    ///
    /// # Events
    ///
    /// * [`R::ControllerRemoved`].
    pub fn remove_controller(&mut self, controller: Address) -> Result<(), Error> {
        let by = self._only_admin()?;
        if !self.accounts.get(controller).controller.get() {
            return Err(R::NotAController {
                account: controller,
            }
            .into());
        }
        self.accounts.setter(controller).controller.set(false);
        R::ControllerRemoved { controller, by }.emit();
        Ok(())
    }

    /// The node held by the non-admin holder `account`, or 0 when it holds none.
    pub fn manufacturer_of(&self, account: Address) -> U256 {
        self.accounts.get(account).held()
    }

    // ----- nodes and names ------------------------------------------------------------------

    /// Admin only: mints a node named `name` to `owner`.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidNodeOwner`] - If `owner` is neither an admin nor a controller.
    /// * [`Error::ControllerAlreadyHoldsNode`] - If `owner` is a controller holding a node.
    /// * [`Error::InvalidManufacturerName`] - If `name` breaks the grammar.
    /// * [`Error::ManufacturerNameTaken`] - If `name` is taken (case-insensitively).
    ///
    /// # Events
    ///
    /// * `Transfer` (from the zero address), [`R::ManufacturerMinted`].
    pub fn mint_manufacturer(&mut self, owner: Address, name: String) -> Result<U256, Error> {
        self._only_admin()?;
        let owner_is_admin = self._check_receiver(owner)?;
        self._mint_node(owner, owner_is_admin, name)
    }

    /// Admin only: mints one node per name, in order, to the admin `owner`. Returns the first
    /// new id.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::InvalidBatchSize`] - If `names` is empty or longer than [`MAX_BATCH`].
    /// * [`Error::InvalidNodeOwner`] - If `owner` is not an admin.
    /// * [`Error::InvalidManufacturerName`], [`Error::ManufacturerNameTaken`] - As for
    ///   [`Self::mint_manufacturer`], also between names of the batch.
    ///
    /// # Events
    ///
    /// * `Transfer` and [`R::ManufacturerMinted`] per name.
    pub fn mint_manufacturer_batch(
        &mut self,
        owner: Address,
        names: Vec<String>,
    ) -> Result<U256, Error> {
        self._only_admin()?;
        if names.is_empty() || names.len() > MAX_BATCH {
            return Err(R::InvalidBatchSize {
                size: U256::from(names.len()),
                max: U256::from(MAX_BATCH),
            }
            .into());
        }
        if !self._is_admin(owner) {
            return Err(R::InvalidNodeOwner { owner }.into());
        }
        let first = self.node_count.get() + U256::from(1);
        for name in names {
            self._mint_node(owner, true, name)?;
        }
        Ok(first)
    }

    /// Admin only: renames `node`. The old name's key is released; a change of case only
    /// keeps the key.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotAdmin`] - If the caller is not an admin.
    /// * [`Error::NonexistentToken`] - If `node` does not exist.
    /// * [`Error::InvalidManufacturerName`] - If `new_name` breaks the grammar.
    /// * [`Error::ManufacturerNameTaken`] - If `new_name` names another node.
    ///
    /// # Events
    ///
    /// * [`R::ManufacturerRenamed`].
    pub fn rename_manufacturer(&mut self, node: U256, new_name: String) -> Result<(), Error> {
        let by = self._only_admin()?;
        self.erc721._require_owned(node)?;
        let new_key = Self::_checked_name_key(&new_name)?;
        let previous_name = self.nodes.get(node).name();
        let old_key = name::key(&previous_name);
        if new_key != old_key {
            let holder = self.name_to_id.get(new_key);
            if !holder.is_zero() {
                return Err(R::ManufacturerNameTaken {
                    name: new_name,
                    node: holder,
                }
                .into());
            }
            self.name_to_id.delete(old_key);
            self.name_to_id.setter(new_key).set(node);
        }
        self.nodes.setter(node).set_name(&new_name);
        R::ManufacturerRenamed {
            node,
            previousName: previous_name,
            newName: new_name,
            by,
        }
        .emit();
        Ok(())
    }

    /// The node named `name`, compared case-insensitively, or 0 when there is none (also for
    /// a string that breaks the grammar).
    pub fn manufacturer_id_by_name(&self, name: String) -> U256 {
        self.name_to_id.get(name::key(&name))
    }

    /// The display name of `node`, or "" when it does not exist.
    pub fn manufacturer_name_by_id(&self, node: U256) -> String {
        self.nodes.get(node).name()
    }

    /// The number of nodes minted; ids run from 1 to this number.
    pub fn total_manufacturers(&self) -> U256 {
        self.node_count.get()
    }

    // ----- delegation -----------------------------------------------------------------------

    /// Holder only: lets `operator` use `privilege` on `node` until `expires_at` (exclusive;
    /// `u64::MAX` for no end). A new grant replaces an earlier one.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentToken`] - If `node` does not exist.
    /// * [`Error::CallerNotNodeHolder`] - If the caller does not hold `node`.
    /// * [`Error::InvalidPrivilege`] - If `privilege` is not defined.
    /// * [`Error::InvalidDelegate`] - If `operator` is the zero address.
    /// * [`Error::InvalidExpiry`] - If `expires_at` is not in the future.
    ///
    /// # Events
    ///
    /// * [`R::PrivilegeGranted`].
    pub fn grant_privilege(
        &mut self,
        node: U256,
        operator: Address,
        privilege: u8,
        expires_at: u64,
    ) -> Result<(), Error> {
        let epoch = self._only_holder(node)?;
        if !privileges::is_valid(privilege) {
            return Err(R::InvalidPrivilege { privilege }.into());
        }
        if operator.is_zero() {
            return Err(R::InvalidDelegate { operator }.into());
        }
        let now = now();
        if expires_at <= now {
            return Err(R::InvalidExpiry {
                expiresAt: expires_at,
                now,
            }
            .into());
        }
        let key = Self::_grant_key(node, epoch, operator, privilege);
        self.grants.setter(key).set(U64::from(expires_at));
        R::PrivilegeGranted {
            node,
            operator,
            privilege,
            expiresAt: expires_at,
        }
        .emit();
        Ok(())
    }

    /// Holder only: ends `operator`'s grant of `privilege` on `node` (expired or not).
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentToken`] - If `node` does not exist.
    /// * [`Error::CallerNotNodeHolder`] - If the caller does not hold `node`.
    /// * [`Error::PrivilegeNotGranted`] - If there is no such grant.
    ///
    /// # Events
    ///
    /// * [`R::PrivilegeRevoked`].
    pub fn revoke_privilege(
        &mut self,
        node: U256,
        operator: Address,
        privilege: u8,
    ) -> Result<(), Error> {
        let epoch = self._only_holder(node)?;
        let key = Self::_grant_key(node, epoch, operator, privilege);
        if self.grants.get(key).is_zero() {
            return Err(R::PrivilegeNotGranted {
                node,
                operator,
                privilege,
            }
            .into());
        }
        self.grants.delete(key);
        R::PrivilegeRevoked {
            node,
            operator,
            privilege,
        }
        .emit();
        Ok(())
    }

    /// When `operator`'s current grant of `privilege` on `node` ends, or 0 when it has none.
    pub fn privilege_expiry(&self, node: U256, operator: Address, privilege: u8) -> u64 {
        let epoch = self.nodes.get(node).epoch.get().as_limbs()[0];
        self.grants
            .get(Self::_grant_key(node, epoch, operator, privilege))
            .as_limbs()[0]
    }

    /// Whether `account` may use `privilege` on `node`: it holds the node, or it has an
    /// unexpired grant. False for an undefined privilege, a node that does not exist, and a
    /// stranded node (held by a former admin: neither it nor its delegates act for it).
    pub fn is_authorized(&self, node: U256, account: Address, privilege: u8) -> bool {
        self.node_access(node, account, privilege).1
    }

    /// `node`'s holder (the zero address when it does not exist) and whether `account` may
    /// use `privilege` on it ([`Self::is_authorized`]): what the other contracts ask, in one
    /// call.
    pub fn node_access(&self, node: U256, account: Address, privilege: u8) -> (Address, bool) {
        let holder = self.erc721._owner_of(node);
        let authorized = privileges::is_valid(privilege)
            && self._is_live(holder, node)
            && (holder == account || self.privilege_expiry(node, account, privilege) > now());
        (holder, authorized)
    }

    /// The privileges `account` may use on `node`, as a bit set (bit `p` for privilege `p`):
    /// every valid one for its holder, its unexpired grants otherwise, none for a node that
    /// does not exist or is stranded. What the licence contracts' independence rule asks.
    pub fn authorized_privileges(&self, node: U256, account: Address) -> U256 {
        let holder = self.erc721._owner_of(node);
        let mut set = U256::ZERO;
        if self._is_live(holder, node) {
            let now = now();
            for privilege in 1..=privileges::MAX_PRIVILEGE {
                if privileges::is_valid(privilege)
                    && (holder == account || self.privilege_expiry(node, account, privilege) > now)
                {
                    set.set_bit(usize::from(privilege), true);
                }
            }
        }
        set
    }

    // ----- metadata -------------------------------------------------------------------------

    /// Holder only: sets the metadata URI of `node`, returned by `tokenURI`.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentToken`] - If `node` does not exist.
    /// * [`Error::CallerNotNodeHolder`] - If the caller does not hold `node`.
    /// * [`Error::ManufacturerURITooLong`] - If `uri` is longer than [`MAX_URI_LEN`] bytes.
    ///
    /// # Events
    ///
    /// * [`R::ManufacturerURIUpdated`], `MetadataUpdate` (ERC-4906).
    #[selector(name = "setManufacturerURI")]
    pub fn set_manufacturer_uri(&mut self, node: U256, uri: String) -> Result<(), Error> {
        self._only_holder(node)?;
        if uri.len() > MAX_URI_LEN {
            return Err(R::ManufacturerURITooLong {
                length: U256::from(uri.len()),
                max: U256::from(MAX_URI_LEN),
            }
            .into());
        }
        self.nodes.setter(node).set_uri(&uri);
        R::ManufacturerURIUpdated { node, uri }.emit();
        IERC4906::MetadataUpdate { tokenId: node }.emit();
        Ok(())
    }
}
