//! Small pieces every contract of the registry shares.
//!
//! * [`admins`]: the admin list of the registry and both licence contracts.
//! * [`calls`]: read-only calls to other contracts (the registry's `isAuthorized`, `ownerOf`).
//! * [`host`]: the caller and the block time through the SDK's free host functions.
//! * [`event`]: emitting events through one compact, non-generic encoder.
//! * [`errors`]: the conversion every contract needs from OpenZeppelin's ownership errors.
//! * [`text`]: bounded strings in a fixed run of storage words.
//! * [`packed`]: storage words of several small fields, read once and written once.
//! * [`returns`]: multi-value returns encoded as Solidity encodes them (an SDK 0.9 fix), and
//!   returns the contract encodes itself ([`returns::Encoded`]).
//! * [`raw_string`]: an ABI `string` as its bytes, without UTF-8 code.
//! * [`erc721`]: the ERC-721 entry points of both ERC-721 contracts, with their transfer rule
//!   as a parameter.
//! * [`receiver`]: the ERC-721 receiver check of `safeTransferFrom`.
//! * [`signature`]: EIP-712 digests and signer recovery through the `ecrecover` precompile.
//!
//! Each exists to keep the contracts under Stylus's 24 KB code limit: the README's "Code
//! size" section has the measurements.
#![cfg_attr(target_arch = "wasm32", no_std)]
extern crate alloc;

pub mod admins;
pub mod calls;
pub mod erc721;
pub mod errors;
pub mod event;
pub mod host;
pub mod packed;
pub mod raw_string;
pub mod receiver;
pub mod returns;
pub mod signature;
pub mod text;

// Native test builds need the host functions the SDK links against.
#[cfg(test)]
extern crate motsu as _;
