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
