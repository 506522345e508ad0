//! Read-only calls to the manufacturer registry: `ownerOf` and `isAuthorized`, shared by
//! every contract in [`contract_kit::calls`].

pub(crate) use contract_kit::calls::{is_authorized, owner_of};
