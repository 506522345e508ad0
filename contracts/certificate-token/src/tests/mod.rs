//! Unit tests, by topic. This module holds the shared fixtures and helpers.
//!
//! motsu runs every call against an in-memory VM. Calls expected to fail are made with
//! [`assert_refused!`], which unwraps them with `motsu_unwrap_err` (rolling the VM back to its
//! state before the call, storage and events, as a reverted transaction would be), checks the
//! exact error and checks that nothing observable changed; calls expected to succeed are
//! unwrapped with `motsu_unwrap`. Events are checked exactly with [`assert_logs`]: the logs a
//! call emitted, in order, against alloy's encoding of the expected events.
//!
//! The motsu fixtures `owner: Address`, `issuer: Address`, `alice: Address`… are
//! `Address::from_tag("owner")` and so on; `owner` deploys the token and `issuer` stands for
//! the certificate contract.

use alloc::{collections::BTreeSet, string::String, vec, vec::Vec};

use alloy_primitives::{keccak256, Address, LogData, U256};
use alloy_sol_types::SolEvent;
use dimo_interfaces::erc::IERC721;
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step,
    token::erc721::{extensions::IErc721Metadata, IErc721},
};

use crate::{CertificateToken, Error};

contract_kit::test_assertions!($, |token: &crate::tests::Token| crate::tests::observe(token));

mod errors;
mod issuer;
mod metadata;
mod organizations;
mod ownership;
mod properties;
mod retirement;
mod transfers;

/// The names of the accounts tests take as motsu fixtures: a fixture `bob: Address` is
/// `Address::from_tag("bob")`. [`observe`] looks at each of them.
const ACCOUNTS: [&str; 8] = [
    "owner", "issuer", "alice", "bob", "carol", "dave", "erin", "frank",
];

/// The organizations tests authorize: [`org`] `1..=ORGS`.
const ORGS: u8 = 12;

/// The certificates tests issue: [`cert`] `1..=CERTS`; [`observe`] looks at each.
const CERTS: u64 = 4;

/// The token under test, as motsu deploys it.
type Token = Contract<CertificateToken>;

/// Everything the token lets one observe about the accounts of [`ACCOUNTS`], the organizations
/// [`org`] `1..=ORGS`, the zero address, the certificates [`cert`] `1..=CERTS`, id 0 and every
/// id a `Transfer` event named. A refused call must leave it unchanged.
#[derive(Debug, PartialEq)]
struct Observed {
    /// `owner()`, `pendingOwner()`, `issuer()`.
    top: (Address, Address, Address),
    /// Per id.
    tokens: Vec<TokenView>,
    /// Per account.
    accounts: Vec<AccountView>,
    /// Every event emitted so far.
    events: Vec<LogData>,
}

/// What the views show of a certificate id (`None` where a view refuses).
#[derive(Debug, PartialEq)]
struct TokenView {
    id: U256,
    owner: Option<Address>,
    approved: Option<Address>,
    uri: Option<String>,
    retired: bool,
    /// `authorizedOrganizations`.
    organizations: Vec<Address>,
    /// The accounts and organizations `isAuthorizedOrganization` answers true for.
    authorized: Vec<Address>,
}

/// What the views show of an account.
#[derive(Debug, PartialEq)]
struct AccountView {
    account: Address,
    /// `None` where `balanceOf` refuses.
    balance: Option<U256>,
    /// The accounts it approved for all.
    operators: Vec<Address>,
}

/// What `token` shows now (see [`Observed`]).
fn observe(token: &Token) -> Observed {
    // Every view reads through one dereference of one call: motsu copies the VM's whole
    // storage (as a backup) on each dereference, which would make this slow.
    let call = token.sender(Address::ZERO);
    let view: &CertificateToken = &call;
    let mut ids: BTreeSet<U256> = (0..=CERTS).map(cert).collect();
    ids.extend(
        events::<IERC721::Transfer>(token)
            .iter()
            .map(|moved| moved.tokenId),
    );
    let mut accounts: BTreeSet<Address> = ACCOUNTS.map(Address::from_tag).into();
    accounts.insert(Address::ZERO);
    let candidates: Vec<Address> = accounts
        .iter()
        .copied()
        .chain((1..=ORGS).map(org))
        .collect();
    let tokens: Vec<TokenView> = ids
        .iter()
        .map(|&id| TokenView {
            id,
            owner: view.owner_of(id).ok(),
            approved: view.get_approved(id).ok(),
            uri: view.token_uri(id).ok(),
            retired: view.is_retired(id),
            organizations: view.authorized_organizations(id),
            authorized: candidates
                .iter()
                .copied()
                .filter(|&org| view.is_authorized_organization(id, org))
                .collect(),
        })
        .collect();
    accounts.extend(
        tokens
            .iter()
            .flat_map(|seen| [seen.owner, seen.approved])
            .flatten(),
    );
    let accounts = accounts
        .iter()
        .map(|&account| AccountView {
            account,
            balance: view.balance_of(account).ok(),
            operators: accounts
                .iter()
                .copied()
                .filter(|&operator| view.is_approved_for_all(account, operator))
                .collect(),
        })
        .collect();
    Observed {
        top: (view.owner(), view.pending_owner(), view.issuer()),
        tokens,
        accounts,
        events: token.all_events(),
    }
}

/// Certificate `n`'s id: like a real one, a device address (`uint256(uint160(device))`); its
/// hex has letters. `cert(0)` is 0, which never names a certificate.
fn cert(n: u64) -> U256 {
    if n == 0 {
        return U256::ZERO;
    }
    U256::from_be_slice(&keccak256(n.to_be_bytes())[12..])
}

/// Organization `n` (`n > 0`): an address that is none of the [`ACCOUNTS`].
fn org(n: u8) -> Address {
    let mut address = Address::repeat_byte(0x0e);
    address.0[19] = n;
    address
}

/// Deploys `token` with `owner` as its owner.
fn deploy(token: &Token, owner: Address) {
    token.sender(owner).constructor(owner).motsu_unwrap();
}

/// Deploys `token` with `owner` as its owner and `issuer` as its issuer.
fn setup(token: &Token, owner: Address, issuer: Address) {
    deploy(token, owner);
    token.sender(owner).set_issuer(issuer).motsu_unwrap();
}

/// The issuer `issuer` mints `ids` to `to`.
fn issue(token: &Token, issuer: Address, to: Address, ids: &[U256]) {
    token.sender(issuer).issue(to, ids.to_vec()).motsu_unwrap();
}

/// [`setup`], and certificate 1 issued to `holder`; returns its id.
fn setup_with_cert(token: &Token, owner: Address, issuer: Address, holder: Address) -> U256 {
    setup(token, owner, issuer);
    issue(token, issuer, holder, &[cert(1)]);
    cert(1)
}

/// The holder `holder` authorizes each of `orgs` for `id`.
fn authorize(token: &Token, holder: Address, id: U256, orgs: &[Address]) {
    for &org in orgs {
        token
            .sender(holder)
            .authorize_organization(id, org)
            .motsu_unwrap();
    }
}

/// The holder `holder` revokes `org` for `id`.
fn revoke(token: &Token, holder: Address, id: U256, org: Address) {
    token
        .sender(holder)
        .revoke_organization(id, org)
        .motsu_unwrap();
}

/// The organizations authorized for `id`.
fn orgs_of(token: &Token, id: U256) -> Vec<Address> {
    token.sender(Address::ZERO).authorized_organizations(id)
}

/// The issuer `issuer` retires `id`.
fn retire(token: &Token, issuer: Address, id: U256) {
    token.sender(issuer).retire(id).motsu_unwrap();
}

/// The holder `from` moves `id` to `to` with `transferFrom`.
fn give(token: &Token, from: Address, to: Address, id: U256) {
    transfer(token, Path::Plain, from, from, to, id).motsu_unwrap();
}

/// The holder of `id` (which must exist).
fn holder(token: &Token, id: U256) -> Address {
    token.sender(Address::ZERO).owner_of(id).motsu_unwrap()
}

/// The ERC-721 balance of `account` (not the zero address).
fn balance(token: &Token, account: Address) -> U256 {
    token
        .sender(Address::ZERO)
        .balance_of(account)
        .motsu_unwrap()
}

/// Every event of type `E` the token emitted so far, in order.
fn events<E: SolEvent>(token: &Token) -> Vec<E> {
    token
        .all_events()
        .iter()
        .filter_map(|log| E::decode_log_data(log, true).ok())
        .collect()
}

/// How many events the token emitted so far: a mark for [`assert_logs`].
fn mark(token: &Token) -> usize {
    token.all_events().len()
}

/// `event`'s log as alloy encodes it.
fn log<E: SolEvent>(event: &E) -> LogData {
    event.encode_log_data()
}

/// Asserts that the token emitted exactly `expected`, in order, since `mark` (see [`mark`]).
/// `case` names the case in the message.
fn assert_logs(token: &Token, mark: usize, expected: &[LogData], case: &str) {
    let all = token.all_events();
    assert_eq!(
        all.get(mark..).unwrap_or_default(),
        expected,
        "{case}: logs"
    );
}

/// The revert data `err` encodes.
fn revert_data(err: Error) -> Vec<u8> {
    err.into()
}

/// The three ERC-721 transfer paths.
#[derive(Clone, Copy, Debug)]
enum Path {
    /// `transferFrom`.
    Plain,
    /// `safeTransferFrom` without data.
    Safe,
    /// `safeTransferFrom` with data.
    SafeWithData,
}

/// Every ERC-721 transfer path.
const PATHS: [Path; 3] = [Path::Plain, Path::Safe, Path::SafeWithData];

/// `caller` moves `id` from `from` to `to` through `path`. The result is to be unwrapped with
/// one of motsu's helpers so that a failure is rolled back.
fn transfer(
    token: &Token,
    path: Path,
    caller: Address,
    from: Address,
    to: Address,
    id: U256,
) -> Result<(), Error> {
    let mut call = token.sender(caller);
    match path {
        Path::Plain => call.transfer_from(from, to, id),
        Path::Safe => call.safe_transfer_from(from, to, id),
        Path::SafeWithData => {
            call.safe_transfer_from_with_data(from, to, id, vec![0xd1, 0x40].into())
        }
    }
}
