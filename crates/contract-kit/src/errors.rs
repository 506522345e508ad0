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
/// extra variants without one (for example revert data passed on as is), and for
/// `export-abi` builds the list of custom errors the SDK prints in the contract's interface.
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
///     }
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
                }),*]
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
