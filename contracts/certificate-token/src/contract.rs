//! The token's storage and its own public functions (the ERC-721, ERC-165 and ownership
//! functions are in [`crate::standard`]).

#[allow(unused_imports)]
use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{keccak256, Address, B256, U256, U32, U8};
use dimo_interfaces::{
    certificates::{ICertificateToken as T, MAX_BASE_URI_LEN, MAX_BATCH, MAX_ORGANIZATIONS},
    encode::AbiWriter,
    erc::IERC4906,
};
use openzeppelin_stylus::{access::ownable_two_step::Ownable2Step, token::erc721::Erc721};
use stylus_sdk::{
    prelude::*,
    storage::{
        StorageAddress, StorageArray, StorageB256, StorageBool, StorageMap, StorageU16, StorageU32,
        StorageU8,
    },
};

use contract_kit::{event::Event, host::caller, text};

use crate::error::Error;

/// The certificate token.
///
/// Storage per token: the ERC-721 owner (the only slot a mint creates) and, once the token is
/// retired or has organizations, one [`TokenState`] word and one slot per organization.
#[entrypoint]
#[storage]
pub struct CertificateToken {
    /// Token ownership, balances and approvals (OpenZeppelin).
    pub(crate) erc721: Erc721,
    /// The owner (sets the issuer once and the base URI) and its two-step hand-over.
    pub(crate) ownable: Ownable2Step,
    /// The certificate contract: the only address that mints, claims and retires.
    pub(crate) issuer: StorageAddress,
    /// Per-token state, by id.
    pub(crate) tokens: StorageMap<U256, TokenState>,
    /// Authorized organizations: [`Self::_org_key`] `(id, epoch, index)` → organization.
    pub(crate) organizations: StorageMap<B256, StorageAddress>,
    /// Byte length of the base URI.
    pub(crate) base_uri_len: StorageU16,
    /// The base URI of `tokenURI` ([`text`] layout).
    pub(crate) base_uri: StorageArray<StorageB256, 8>,
}

/// What the token keeps per id besides its owner: one word.
#[storage]
pub struct TokenState {
    /// End of life: the token can no longer move.
    pub(crate) retired: StorageBool,
    /// Number of authorized organizations.
    pub(crate) org_count: StorageU8,
    /// Changes of owner since the mint ([`Self::owner_changes`]); also the epoch of the
    /// organization list, so a change of owner starts an empty one.
    pub(crate) owner_changes: StorageU32,
}

// ABI entry points receive owned, decoded arguments.
#[allow(clippy::needless_pass_by_value)]
#[public]
#[implements(
    openzeppelin_stylus::token::erc721::IErc721<Error = Error>,
    openzeppelin_stylus::token::erc721::extensions::IErc721Metadata<Error = Error>,
    openzeppelin_stylus::access::ownable_two_step::IOwnable2Step<Error = Error>,
    openzeppelin_stylus::utils::introspection::erc165::IErc165
)]
impl CertificateToken {
    /// Sets the owner.
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

    // ----- configuration --------------------------------------------------------------------

    /// Owner only, once: sets the issuer (the certificate contract).
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableUnauthorizedAccount`] - If the caller is not the owner.
    /// * [`Error::InvalidIssuer`] - If `issuer` is zero or an issuer is already set.
    ///
    /// # Events
    ///
    /// * [`T::IssuerSet`].
    pub fn set_issuer(&mut self, issuer: Address) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        if issuer.is_zero() || !self.issuer.get().is_zero() {
            return Err(T::InvalidIssuer { issuer }.into());
        }
        self.issuer.set(issuer);
        T::IssuerSet {
            issuer,
            by: caller(),
        }
        .emit();
        Ok(())
    }

    /// The issuer (the certificate contract), or zero before it is set.
    pub fn issuer(&self) -> Address {
        self.issuer.get()
    }

    /// Owner only: sets the base of `tokenURI` (at most [`MAX_BASE_URI_LEN`] bytes).
    ///
    /// # Errors
    ///
    /// * [`Error::OwnableUnauthorizedAccount`] - If the caller is not the owner.
    /// * [`Error::UriTooLong`] - If `uri` is too long.
    ///
    /// # Events
    ///
    /// * [`T::BaseUriSet`], `BatchMetadataUpdate` over every id.
    pub fn set_base_uri(&mut self, uri: String) -> Result<(), Error> {
        self.ownable.ownable.only_owner()?;
        if uri.len() > MAX_BASE_URI_LEN {
            return Err(T::UriTooLong {
                length: U256::from(uri.len()),
                max: U256::from(MAX_BASE_URI_LEN),
            }
            .into());
        }
        let old = usize::from(self.base_uri_len.get().to::<u16>());
        text::write(&mut self.base_uri, old, &uri);
        self.base_uri_len
            .set(alloy_primitives::U16::from(uri.len()));
        T::BaseUriSet { uri, by: caller() }.emit();
        IERC4906::BatchMetadataUpdate {
            fromTokenId: U256::from(1),
            toTokenId: U256::MAX,
        }
        .emit();
        Ok(())
    }

    // ----- issuer hooks ---------------------------------------------------------------------

    /// Issuer only: mints each of `ids` to `to` (at most [`MAX_BATCH`]).
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotIssuer`] - If the caller is not the issuer.
    /// * [`Error::InvalidBatchSize`] - If `ids` has more than [`MAX_BATCH`] ids.
    /// * [`Error::InvalidSender`] - If an id exists already.
    /// * [`Error::InvalidReceiver`] - If `to` is the zero address.
    ///
    /// # Events
    ///
    /// * `Transfer` per id.
    pub fn issue(&mut self, to: Address, ids: Vec<U256>) -> Result<(), Error> {
        self._only_issuer()?;
        if ids.len() > MAX_BATCH {
            return Err(T::InvalidBatchSize {
                size: U256::from(ids.len()),
                max: U256::from(MAX_BATCH),
            }
            .into());
        }
        for id in ids {
            self.erc721._mint(to, id)?;
        }
        Ok(())
    }

    /// Issuer only: moves `id` from its owner `from` to `to`, for a claim the issuer
    /// checked. It counts as a change of owner even when `to` is `from`, so the claim
    /// signatures of the certificate (whose nonce includes [`Self::owner_changes`]) die.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotIssuer`] - If the caller is not the issuer.
    /// * [`Error::CertificateRetired`] - If `id` is retired.
    /// * [`Error::IncorrectOwner`], [`Error::NonexistentToken`], [`Error::InvalidReceiver`].
    ///
    /// # Events
    ///
    /// * `Transfer`, [`T::OrganizationsCleared`] (with a non-empty list).
    pub fn issuer_transfer(&mut self, from: Address, to: Address, id: U256) -> Result<(), Error> {
        self._only_issuer()?;
        self._require_not_retired(id)?;
        self.erc721._transfer(from, to, id)?;
        self._owner_changed(id);
        Ok(())
    }

    /// Issuer only: retires `id` at end of life; it can no longer move.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotIssuer`] - If the caller is not the issuer.
    /// * [`Error::NonexistentToken`] - If `id` does not exist.
    /// * [`Error::CertificateRetired`] - If it is retired already.
    ///
    /// # Events
    ///
    /// * [`T::TokenRetired`], `MetadataUpdate`.
    pub fn retire(&mut self, id: U256) -> Result<(), Error> {
        self._only_issuer()?;
        self.erc721._require_owned(id)?;
        self._require_not_retired(id)?;
        self.tokens.setter(id).retired.set(true);
        T::TokenRetired { id }.emit();
        IERC4906::MetadataUpdate { tokenId: id }.emit();
        Ok(())
    }

    /// Issuer only: announces that `id`'s record changed.
    ///
    /// # Errors
    ///
    /// * [`Error::CallerNotIssuer`] - If the caller is not the issuer.
    ///
    /// # Events
    ///
    /// * `MetadataUpdate`.
    pub fn notify_update(&mut self, id: U256) -> Result<(), Error> {
        self._only_issuer()?;
        IERC4906::MetadataUpdate { tokenId: id }.emit();
        Ok(())
    }

    /// How many times `id` changed owner since its mint (transfers, claims): the
    /// number of its `Transfer` events with a non-zero `from`. The certificate contract adds
    /// it to the claim nonce, so every change of owner kills the outstanding claim
    /// signatures.
    pub fn owner_changes(&self, id: U256) -> U256 {
        U256::from(self.tokens.get(id).owner_changes.get())
    }

    /// The owner of `id` (the zero address when it does not exist) and its
    /// [`Self::owner_changes`], in one call: what a claim asks.
    pub fn owner_state(&self, id: U256) -> (Address, U256) {
        (self.erc721._owner_of(id), self.owner_changes(id))
    }

    /// Whether `id` is retired.
    pub fn is_retired(&self, id: U256) -> bool {
        self.tokens.get(id).retired.get()
    }

    // ----- organizations --------------------------------------------------------------------

    /// Owner only: authorizes `org` to access and manage the device.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentToken`], [`Error::CertificateRetired`],
    ///   [`Error::CallerNotOwner`].
    /// * [`Error::InvalidOrganization`] - If `org` is the zero address.
    /// * [`Error::OrganizationAlreadyAuthorized`] - If it already is.
    /// * [`Error::TooManyOrganizations`] - If [`MAX_ORGANIZATIONS`] are authorized.
    ///
    /// # Events
    ///
    /// * [`T::OrganizationAuthorized`].
    pub fn authorize_organization(&mut self, id: U256, org: Address) -> Result<(), Error> {
        let by = self._only_token_owner(id)?;
        if org.is_zero() {
            return Err(T::InvalidOrganization { org }.into());
        }
        if self._org_index(id, org).is_some() {
            return Err(T::OrganizationAlreadyAuthorized { id, org }.into());
        }
        let state = self.tokens.get(id);
        let (count, epoch) = (
            state.org_count.get().to::<u64>(),
            state.owner_changes.get().to::<u64>(),
        );
        if count >= MAX_ORGANIZATIONS as u64 {
            return Err(T::TooManyOrganizations {
                id,
                max: U256::from(MAX_ORGANIZATIONS),
            }
            .into());
        }
        self.organizations
            .setter(Self::_org_key(id, epoch, count))
            .set(org);
        self.tokens.setter(id).org_count.set(U8::from(count + 1));
        T::OrganizationAuthorized { id, org, by }.emit();
        Ok(())
    }

    /// Owner only: revokes `org`.
    ///
    /// # Errors
    ///
    /// * [`Error::NonexistentToken`], [`Error::CertificateRetired`],
    ///   [`Error::CallerNotOwner`].
    /// * [`Error::OrganizationNotAuthorized`] - If `org` is not authorized.
    ///
    /// # Events
    ///
    /// * [`T::OrganizationRevoked`].
    pub fn revoke_organization(&mut self, id: U256, org: Address) -> Result<(), Error> {
        let by = self._only_token_owner(id)?;
        let Some(index) = self._org_index(id, org) else {
            return Err(T::OrganizationNotAuthorized { id, org }.into());
        };
        let state = self.tokens.get(id);
        let (last, epoch) = (
            state.org_count.get().to::<u64>() - 1,
            state.owner_changes.get().to::<u64>(),
        );
        let moved = self.organizations.get(Self::_org_key(id, epoch, last));
        self.organizations
            .setter(Self::_org_key(id, epoch, index))
            .set(moved);
        self.organizations
            .setter(Self::_org_key(id, epoch, last))
            .set(Address::ZERO);
        self.tokens.setter(id).org_count.set(U8::from(last));
        T::OrganizationRevoked { id, org, by }.emit();
        Ok(())
    }

    /// The organizations currently authorized for certificate `id` (at most
    /// [`MAX_ORGANIZATIONS`]).
    pub fn authorized_organizations(&self, id: U256) -> Vec<Address> {
        let state = self.tokens.get(id);
        let epoch = state.owner_changes.get().to::<u64>();
        (0..state.org_count.get().to::<u64>())
            .map(|i| self.organizations.get(Self::_org_key(id, epoch, i)))
            .collect()
    }

    /// Whether `org` is currently authorized for certificate `id`.
    pub fn is_authorized_organization(&self, id: U256, org: Address) -> bool {
        !org.is_zero() && self._org_index(id, org).is_some()
    }
}

impl CertificateToken {
    /// Refuses every caller but the issuer.
    fn _only_issuer(&self) -> Result<(), Error> {
        let account = caller();
        if account != self.issuer.get() || account.is_zero() {
            return Err(T::CallerNotIssuer { account }.into());
        }
        Ok(())
    }

    /// A retired token cannot move or change.
    ///
    /// # Errors
    ///
    /// * [`Error::CertificateRetired`].
    pub(crate) fn _require_not_retired(&self, id: U256) -> Result<(), Error> {
        if self.tokens.get(id).retired.get() {
            return Err(T::CertificateRetired { id }.into());
        }
        Ok(())
    }

    /// The caller, which must own `id` (existing, not retired).
    fn _only_token_owner(&self, id: U256) -> Result<Address, Error> {
        let owner = self.erc721._require_owned(id)?;
        self._require_not_retired(id)?;
        let account = caller();
        if account != owner {
            return Err(T::CallerNotOwner { id, account }.into());
        }
        Ok(account)
    }

    /// The storage key of organization `index` of `id` in list `epoch`.
    fn _org_key(id: U256, epoch: u64, index: u64) -> B256 {
        keccak256(
            AbiWriter::new()
                .uint(&id)
                .small(epoch)
                .small(index)
                .finish(),
        )
    }

    /// Where `org` is in `id`'s current list (bounded by [`MAX_ORGANIZATIONS`]).
    fn _org_index(&self, id: U256, org: Address) -> Option<u64> {
        let state = self.tokens.get(id);
        let epoch = state.owner_changes.get().to::<u64>();
        (0..state.org_count.get().to::<u64>())
            .find(|i| self.organizations.get(Self::_org_key(id, epoch, *i)) == org)
    }

    /// After a change of owner: counts it and starts a new, empty organization list (the
    /// count is the list's epoch), announcing the clearing when the list was not empty. One
    /// word written.
    pub(crate) fn _owner_changed(&mut self, id: U256) {
        let state = self.tokens.get(id);
        let had_organizations = !state.org_count.get().is_zero();
        let changes = state.owner_changes.get() + U32::from(1);
        let mut state = self.tokens.setter(id);
        state.owner_changes.set(changes);
        state.org_count.set(U8::ZERO);
        if had_organizations {
            T::OrganizationsCleared { id }.emit();
        }
    }
}
