//! The admin list every contract with admins shares: one declaration of its functions,
//! events and custom errors, merged into each of those contracts' ABI ([`crate::abi`]).
#![allow(missing_docs)]

solidity! {
    /// Admins: the owner (top admin, OpenZeppelin's two-step ownership) adds and removes
    /// them; what they may do is each contract's own.
    interface IAdmins {
        /// The top admin (`owner`) made `account` an admin.
        event AdminAdded(address indexed account, address indexed by);
        /// The top admin removed `account` from the admins.
        event AdminRemoved(address indexed account, address indexed by);

        /// `account` is not an admin (the owner, or an address added with `addAdmin`).
        error CallerNotAdmin(address account);
        /// `account` cannot be given a role (or be a token or treasury): it is the zero
        /// address.
        error InvalidAccount(address account);
        /// `account` is already an admin.
        error AdminAlreadyAdded(address account);
        /// `account` is not in the admin list.
        error NotAnAdmin(address account);

        /// Whether `account` is an admin: the owner (top admin) or an added admin.
        function isAdmin(address account) external view returns (bool);
        /// Top admin only: makes `account` an admin.
        function addAdmin(address account) external;
        /// Top admin only: removes `account` from the admins.
        function removeAdmin(address account) external;
    }
}

crate::encode::log_encoding! {
    IAdmins::AdminAdded => |e, t, d| (t.address(&e.account).address(&e.by), d);
    IAdmins::AdminRemoved => |e, t, d| (t.address(&e.account).address(&e.by), d);
}

#[cfg(test)]
mod tests {
    use alloy_primitives::address;

    use super::IAdmins as A;
    use crate::encode::assert_log_matches_alloy as same;

    #[test]
    fn both_events_encode_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("b0b0000000000000000000000000000000000b0b");
        same(&A::AdminAdded { account: a, by: b });
        same(&A::AdminRemoved { account: a, by: b });
    }
}
