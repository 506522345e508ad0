//! Internal helpers: access checks, the receiver rule, minting and moving nodes, grant keys.
//! None of these is reachable from outside the contract.

use alloc::string::String;

use alloy_primitives::{Address, B256, U256, U64};
use dimo_interfaces::admin::IAdmins as Adm;
use dimo_interfaces::registry::IManufacturerRegistry as R;
use openzeppelin_stylus::{
    access::ownable,
    token::erc721::{self, IErc721},
};

use contract_kit::admins::AdminList;
use contract_kit::{event::Event, host::caller};

use crate::{contract::ManufacturerRegistry, error::Error, name};

impl ManufacturerRegistry {
    /// Whether `account` is the top admin or an added admin. The zero address never is, even
    /// after the top admin renounced.
    pub(crate) fn _is_admin(&self, account: Address) -> bool {
        self.admins.is_admin(self.ownable.ownable.owner(), account)
    }

    /// Requires the caller to be the top admin; returns it. The zero address never passes,
    /// even when the top admin renounced and `owner()` is zero.
    pub(crate) fn _only_top_admin(&self) -> Result<Address, Error> {
        let caller = Self::_nonzero_caller()?;
        self.ownable.ownable.only_owner()?;
        Ok(caller)
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

    /// Requires `account`, which is no longer an admin or is about to stop being one, to hold
    /// no node: every non-admin holder then holds at most one node, tracked by `accounts`.
    pub(crate) fn _require_no_nodes(&self, account: Address) -> Result<(), Error> {
        let count = self.erc721.balance_of(account).unwrap_or_default();
        if count.is_zero() || self._is_admin(account) {
            return Ok(());
        }
        Err(R::AdminHoldsNodes { account, count }.into())
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

    /// Whether `node`, held by `holder`, is stranded: `holder` is neither an admin nor
    /// holding it as its one controller node, which happens only to a node an admin held
    /// when it was removed. A stranded node is frozen until the top admin reclaims it.
    pub(crate) fn _is_stranded(&self, holder: Address, node: U256) -> bool {
        self.accounts.get(holder).held() != node && !self._is_admin(holder)
    }

    /// Whether `node`, held by `holder`, exists and is not stranded: its holder and
    /// delegates may act for it.
    pub(crate) fn _is_live(&self, holder: Address, node: U256) -> bool {
        !holder.is_zero() && !self._is_stranded(holder, node)
    }

    /// Requires the caller to hold `node`, not stranded; returns the node's delegation epoch.
    pub(crate) fn _only_holder(&self, node: U256) -> Result<u64, Error> {
        let holder = self.erc721._require_owned(node)?;
        let caller = caller();
        if holder != caller {
            return Err(R::CallerNotNodeHolder {
                node,
                account: caller,
            }
            .into());
        }
        self._require_not_stranded(holder, node)?;
        Ok(self.nodes.get(node).epoch.get().as_limbs()[0])
    }

    /// Refuses a stranded node ([`Self::_is_stranded`]).
    ///
    /// # Errors
    ///
    /// * [`Error::NodeStranded`] - If `node` is stranded with `holder`.
    pub(crate) fn _require_not_stranded(&self, holder: Address, node: U256) -> Result<(), Error> {
        if self._is_stranded(holder, node) {
            return Err(R::NodeStranded { node, holder }.into());
        }
        Ok(())
    }

    /// The receiver rule: `to` must be an admin, or a controller that holds no node. Returns
    /// whether `to` is an admin (admins are exempt from the one-node slot).
    pub(crate) fn _check_receiver(&self, to: Address) -> Result<bool, Error> {
        if self._is_admin(to) {
            return Ok(true);
        }
        let account = self.accounts.get(to);
        if !account.controller.get() {
            return Err(R::InvalidNodeOwner { owner: to }.into());
        }
        let held = account.held();
        if !held.is_zero() {
            return Err(R::ControllerAlreadyHoldsNode {
                controller: to,
                node: held,
            }
            .into());
        }
        Ok(false)
    }

    /// Validates `name` and returns its uniqueness key.
    pub(crate) fn _checked_name_key(name: &str) -> Result<B256, Error> {
        name::check(name).map_err(|violation| R::InvalidManufacturerName {
            name: name.into(),
            reason: violation as u8,
        })?;
        Ok(name::key(name))
    }

    /// Mints the next node to `owner` (already checked by [`Self::_check_receiver`]).
    pub(crate) fn _mint_node(
        &mut self,
        owner: Address,
        owner_is_admin: bool,
        name: String,
    ) -> Result<U256, Error> {
        let key = Self::_checked_name_key(&name)?;
        let taken = self.name_to_id.get(key);
        if !taken.is_zero() {
            return Err(R::ManufacturerNameTaken { name, node: taken }.into());
        }
        let node = self.node_count.get() + U256::from(1);
        self.node_count.set(node);
        self.name_to_id.setter(key).set(node);
        self.nodes.setter(node).set_name(&name);
        self.erc721._mint(owner, node)?;
        if !owner_is_admin {
            self.accounts.setter(owner).node.set(U64::from(node));
        }
        R::ManufacturerMinted { node, owner, name }.emit();
        Ok(node)
    }

    /// Moves `node` from `from` to `to` through OpenZeppelin's checks (caller authorised,
    /// `from` the owner), after the receiver rule, and then updates the one-node slots and
    /// ends every delegation on the node. Makes no external call.
    pub(crate) fn _transfer_node(
        &mut self,
        from: Address,
        to: Address,
        node: U256,
    ) -> Result<(), Error> {
        if to.is_zero() {
            return Err(
                erc721::Error::InvalidReceiver(erc721::ERC721InvalidReceiver { receiver: to })
                    .into(),
            );
        }
        let to_is_admin = self._check_receiver(to)?;
        let holder = self.erc721._owner_of(node);
        if !holder.is_zero() {
            self._require_not_stranded(holder, node)?;
        }
        self.erc721.transfer_from(from, to, node)?;
        if self.accounts.get(from).held() == node {
            self.accounts.setter(from).node.set(U64::ZERO);
        }
        if !to_is_admin {
            self.accounts.setter(to).node.set(U64::from(node));
        }
        self._holder_changed(node);
        Ok(())
    }

    /// After a change of holder: bumps the node's delegation epoch, ending every grant.
    pub(crate) fn _holder_changed(&mut self, node: U256) {
        let mut record = self.nodes.setter(node);
        let epoch = record.epoch.get().as_limbs()[0] + 1;
        record.epoch.set(U64::from(epoch));
        R::DelegationsCleared { node, epoch }.emit();
    }

    /// The storage key of a grant: keccak-256 of `node ‖ epoch ‖ operator ‖ privilege`
    /// (32 + 8 + 20 + 1 bytes). Bumping the epoch orphans every earlier grant in O(1).
    pub(crate) fn _grant_key(node: U256, epoch: u64, operator: Address, privilege: u8) -> B256 {
        let mut buf = [0u8; 61];
        buf[..32].copy_from_slice(&node.to_be_bytes::<32>());
        buf[32..40].copy_from_slice(&epoch.to_be_bytes());
        buf[40..60].copy_from_slice(operator.as_slice());
        buf[60] = privilege;
        stylus_sdk::crypto::keccak(buf)
    }
}
