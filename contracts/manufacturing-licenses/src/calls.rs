//! Read-only calls to the manufacturer registry: `nodeAccess`, shared by every contract in
//! [`contract_kit::calls`]; one call answers both the caller's authorization and the node's
//! holder.

pub(crate) use contract_kit::calls::node_access;
