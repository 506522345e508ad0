//! Error plumbing every contract shares.

/// Implements `From<openzeppelin_stylus::access::ownable::Error>` for a contract's error enum,
/// which must have the variants `OwnableUnauthorizedAccount` and `OwnableInvalidOwner`
/// (OpenZeppelin's error is flattened so that the contract's ABI lists both errors).
#[macro_export]
macro_rules! from_ownable_error {
    ($err:ty) => {
        impl From<::openzeppelin_stylus::access::ownable::Error> for $err {
            fn from(e: ::openzeppelin_stylus::access::ownable::Error) -> Self {
                match e {
                    ::openzeppelin_stylus::access::ownable::Error::UnauthorizedAccount(e) => {
                        Self::OwnableUnauthorizedAccount(e)
                    }
                    ::openzeppelin_stylus::access::ownable::Error::InvalidOwner(e) => {
                        Self::OwnableInvalidOwner(e)
                    }
                }
            }
        }
    };
}

/// Declares a contract's error enum: one variant per custom error type with `From` for each,
/// extra variants without one (for example revert data passed on as is, or a custom error
/// whose value its alloy type cannot hold), and for `export-abi` builds the list of custom
/// errors the SDK prints in the contract's interface: the variants' types, then those an
/// optional `exported { … }` list names for extra variants.
///
/// ```ignore
/// contract_kit::error_enum! {
///     /// Every error the contract reverts with.
///     pub enum Error {
///         /// See `UnknownThing`.
///         UnknownThing(I::UnknownThing),
///     }
///     extra {
///         /// Revert data of a callee, passed on.
///         Reverted(Vec<u8>),
///         /// `I::BadText`, with the text's bytes as sent.
///         BadText(RawString),
///     }
///     exported { I::BadText, }
/// }
/// ```
#[macro_export]
macro_rules! error_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$doc:meta])* $variant:ident($ty:ty),)*
        }
        extra {
            $($(#[$xdoc:meta])* $xvariant:ident($xty:ty),)*
        }
        $(exported { $($xabi:ty,)* })?
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub enum $name {
            $($(#[$doc])* $variant($ty),)*
            $($(#[$xdoc])* $xvariant($xty),)*
        }

        $(impl From<$ty> for $name {
            fn from(e: $ty) -> Self {
                Self::$variant(e)
            }
        })*

        #[cfg(feature = "export-abi")]
        impl ::stylus_sdk::abi::export::internal::InnerTypes for $name {
            fn inner_types() -> ::alloc::vec::Vec<::stylus_sdk::abi::export::internal::InnerType> {
                ::alloc::vec![$(::stylus_sdk::abi::export::internal::InnerType {
                    name: ::alloc::format!(
                        "error {};",
                        <$ty as ::alloy_sol_types::SolError>::SIGNATURE.replace(',', ", ")
                    ),
                    id: ::core::any::TypeId::of::<$ty>(),
                }),* $($(, ::stylus_sdk::abi::export::internal::InnerType {
                    name: ::alloc::format!(
                        "error {};",
                        <$xabi as ::alloy_sol_types::SolError>::SIGNATURE.replace(',', ", ")
                    ),
                    id: ::core::any::TypeId::of::<$xabi>(),
                })*)?]
            }
        }
    };
}

/// Implements `From<openzeppelin_stylus::token::erc721::Error>` for a contract's error enum,
/// which must have one variant per ERC-721 error, named as OpenZeppelin's variants are
/// (flattened so that the contract's ABI lists each error).
#[macro_export]
macro_rules! from_erc721_error {
    ($err:ty) => {
        impl From<::openzeppelin_stylus::token::erc721::Error> for $err {
            fn from(e: ::openzeppelin_stylus::token::erc721::Error) -> Self {
                use ::openzeppelin_stylus::token::erc721::Error as E;
                match e {
                    E::InvalidOwner(e) => Self::InvalidOwner(e),
                    E::NonexistentToken(e) => Self::NonexistentToken(e),
                    E::IncorrectOwner(e) => Self::IncorrectOwner(e),
                    E::InvalidSender(e) => Self::InvalidSender(e),
                    E::InvalidReceiver(e) => Self::InvalidReceiver(e),
                    E::InvalidReceiverWithReason(e) => Self::InvalidReceiverWithReason(e),
                    E::InsufficientApproval(e) => Self::InsufficientApproval(e),
                    E::InvalidApprover(e) => Self::InvalidApprover(e),
                    E::InvalidOperator(e) => Self::InvalidOperator(e),
                }
            }
        }
    };
}

/// Test helper: asserts that `$err` satisfies `$is_variant` (named `$name` in messages) and
/// that its revert data is exactly alloy's ABI encoding of the Solidity error `$expected`.
/// Optional trailing format arguments name the case.
#[macro_export]
macro_rules! assert_error {
    ($err:expr, $is_variant:expr, $name:expr, $expected:expr $(,)?) => {
        $crate::assert_error!($err, $is_variant, $name, $expected, "the call")
    };
    ($err:expr, $is_variant:expr, $name:expr, $expected:expr, $($case:tt)+) => {{
        let case = ::alloc::format!($($case)+);
        let err = $err;
        let shown = ::alloc::format!("{err:?}");
        assert!(($is_variant)(&err), "{case}: expected {}, got {shown}", $name);
        let expected = $expected;
        assert_eq!(
            ::alloc::vec::Vec::<u8>::from(err),
            ::alloy_sol_types::SolError::abi_encode(&expected),
            "{case}: expected {expected:?}, got {shown}"
        );
    }};
}

/// Test helper: makes `$call` (a motsu call that must fail), checks its error as
/// [`assert_error!`] does, and checks that `$observe` (a snapshot of everything observable)
/// is the same after the call as before it.
#[macro_export]
macro_rules! assert_refused_with {
    ($observe:expr, $call:expr, $is_variant:expr, $name:expr, $expected:expr $(,)?) => {
        $crate::assert_refused_with!($observe, $call, $is_variant, $name, $expected, "the call")
    };
    ($observe:expr, $call:expr, $is_variant:expr, $name:expr, $expected:expr, $($case:tt)+) => {{
        let case = ::alloc::format!($($case)+);
        let before = $observe;
        let err = ::motsu::prelude::ResultExt::motsu_unwrap_err($call);
        $crate::assert_error!(err, $is_variant, $name, $expected, "{case}");
        assert_eq!($observe, before, "{case}: the refused call changed the state");
    }};
}

/// Defines a test module's `assert_err!(err, Variant, expected, case…)` and
/// `assert_refused!(target, call, Variant, expected, case…)` for the calling crate's `Error`:
/// the error is `Error::Variant` and encodes exactly as the Solidity error `expected`; a
/// refused call leaves `($observe)(&target)` unchanged. Invoke as
/// `contract_kit::test_assertions!($, |world: &World| world.observe());` (the `$` lets this
/// macro write the two macros' own metavariables).
// `crate::Error` is meant to name the calling crate's error enum.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! test_assertions {
    ($d:tt, $($observe:tt)+) => {
        /// Asserts that the error is `Error::$variant` with exactly the revert data of
        /// `$expected` ([`contract_kit::assert_error!`]).
        #[allow(unused_macros)]
        macro_rules! assert_err {
            ($d err:expr, $d variant:ident, $d ($d rest:tt)+) => {
                $crate::assert_error!(
                    $d err,
                    |e: &crate::Error| matches!(e, crate::Error::$d variant(..)),
                    stringify!($d variant),
                    $d ($d rest)+
                )
            };
        }

        /// Makes a call that must fail with `Error::$variant` (as [`assert_err!`]) and leave
        /// the snapshot unchanged ([`contract_kit::assert_refused_with!`]).
        #[allow(unused_macros)]
        macro_rules! assert_refused {
            ($d target:expr, $d call:expr, $d variant:ident, $d ($d rest:tt)+) => {
                $crate::assert_refused_with!(
                    ($($observe)+)(&$d target),
                    $d call,
                    |e: &crate::Error| matches!(e, crate::Error::$d variant(..)),
                    stringify!($d variant),
                    $d ($d rest)+
                )
            };
        }
    };
}
