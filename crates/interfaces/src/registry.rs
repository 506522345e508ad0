//! The manufacturer registry's own interface: what the licence and certificate contracts call
//! (`nodeAccess`, `authorizedPrivileges`, `isAuthorized`), and what dApps and indexers read.
//!
//! Node ids start at 1; 0 never names a node, so look-ups answer 0 for "none".
#![allow(missing_docs)]

solidity! {
    /// DIMO manufacturer node registry: one ERC-721 root node per manufacturer, with a unique
    /// name, admin-managed controllers, and per-node delegation of privileges.
    interface IManufacturerRegistry {
        // ----- admins (the list itself is `IAdmins`) ----------------------------------------


        /// `account` still holds `count` nodes: the top admin hands over or renounces only
        /// once it holds none (unless it stays a listed admin).
        error AdminHoldsNodes(address account, uint256 count);
        /// Node `node` is stranded with `holder`, a former admin (removed while holding it):
        /// the holder and its delegates have no rights on it until the top admin reclaims it.
        error NodeStranded(uint256 node, address holder);

        /// The top admin `by` reclaimed node `node` stranded with the former admin `from`; it
        /// is now held by the top admin `to` (every grant on it ended).
        event NodeReclaimed(uint256 indexed node, address indexed from, address indexed to, address by);

        /// Top admin only: takes back a node stranded with a former admin (one held by an
        /// account that is neither an admin nor holding it as its one controller node).
        function reclaimNode(uint256 node) external;


        // ----- controllers ------------------------------------------------------------------

        /// An admin made `controller` a controller.
        event ControllerAdded(address indexed controller, address indexed by);
        /// An admin removed `controller` from the controllers.
        event ControllerRemoved(address indexed controller, address indexed by);

        /// `controller` is already a controller.
        error ControllerAlreadyAdded(address controller);
        /// `account` is not a controller.
        error NotAController(address account);

        /// Whether `account` is a controller.
        function isController(address account) external view returns (bool);
        /// Admin only: makes `controller` a controller.
        function addController(address controller) external;
        /// Admin only: removes `controller`; a node it holds stays with it.
        function removeController(address controller) external;
        /// The node held by the non-admin holder `account`, or 0 when it holds none.
        function manufacturerOf(address account) external view returns (uint256);

        // ----- nodes and names --------------------------------------------------------------

        /// Node `node` was minted to `owner` with the display name `name`.
        event ManufacturerMinted(uint256 indexed node, address indexed owner, string name);
        /// Node `node` was renamed from `previousName` to `newName` by admin `by`.
        event ManufacturerRenamed(uint256 indexed node, string previousName, string newName, address indexed by);

        /// `owner` may not hold a node: it is neither an admin nor a controller.
        error InvalidNodeOwner(address owner);
        /// Controller `controller` already holds node `node`.
        error ControllerAlreadyHoldsNode(address controller, uint256 node);
        /// `name` breaks the name grammar; `reason`: 1 empty, 2 longer than 64 bytes,
        /// 3 a byte outside printable ASCII, 4 a leading or trailing space.
        error InvalidManufacturerName(string name, uint8 reason);
        /// `name` (compared case-insensitively) already names node `node`.
        error ManufacturerNameTaken(string name, uint256 node);
        /// A batch of `size` names; batches hold 1 to `max` names.
        error InvalidBatchSize(uint256 size, uint256 max);

        /// Admin only: mints a node named `name` to `owner`, an admin or a controller that holds
        /// no node. Returns the new node id.
        function mintManufacturer(address owner, string name) external returns (uint256);
        /// Admin only: mints one node per name to the admin `owner`. Returns the first new id;
        /// the others follow it in order.
        function mintManufacturerBatch(address owner, string[] names) external returns (uint256);
        /// Admin only: renames node `node`; the old name is released.
        function renameManufacturer(uint256 node, string newName) external;
        /// The node named `name` (case-insensitive), or 0 when there is none.
        function manufacturerIdByName(string name) external view returns (uint256);
        /// The display name of node `node`, or "" when it does not exist.
        function manufacturerNameById(uint256 node) external view returns (string);
        /// The number of nodes minted; ids run from 1 to this number.
        function totalManufacturers() external view returns (uint256);

        // ----- delegation -------------------------------------------------------------------

        /// The holder of `node` granted `privilege` to `operator` until `expiresAt` (exclusive).
        event PrivilegeGranted(uint256 indexed node, address indexed operator, uint8 indexed privilege, uint64 expiresAt);
        /// The holder of `node` revoked `privilege` from `operator`.
        event PrivilegeRevoked(uint256 indexed node, address indexed operator, uint8 indexed privilege);
        /// `node` changed hands: every grant on it ended; `epoch` numbers the new grant set.
        event DelegationsCleared(uint256 indexed node, uint64 epoch);

        /// `account` does not hold node `node`.
        error CallerNotNodeHolder(uint256 node, address account);
        /// `privilege` is not a defined privilege id.
        error InvalidPrivilege(uint8 privilege);
        /// `operator` cannot be a delegate (the zero address).
        error InvalidDelegate(address operator);
        /// `expiresAt` is not after the current block time `now`.
        error InvalidExpiry(uint64 expiresAt, uint64 now);
        /// `operator` holds no grant of `privilege` on `node`.
        error PrivilegeNotGranted(uint256 node, address operator, uint8 privilege);

        /// Holder only: lets `operator` use `privilege` on `node` until `expiresAt`.
        function grantPrivilege(uint256 node, address operator, uint8 privilege, uint64 expiresAt) external;
        /// Holder only: ends `operator`'s grant of `privilege` on `node`.
        function revokePrivilege(uint256 node, address operator, uint8 privilege) external;
        /// When `operator`'s grant of `privilege` on `node` ends, or 0 when there is none.
        function privilegeExpiry(uint256 node, address operator, uint8 privilege) external view returns (uint64);
        /// Whether `account` may use `privilege` on `node`: it holds the node, or has an
        /// unexpired grant. False for a node that does not exist or is stranded.
        function isAuthorized(uint256 node, address account, uint8 privilege) external view returns (bool);
        /// `node`'s holder (the zero address when the node does not exist) and whether
        /// `account` may use `privilege` on it (`isAuthorized`): what the other contracts ask
        /// in one call.
        function nodeAccess(uint256 node, address account, uint8 privilege) external view returns (address holder, bool authorized);
        /// The privileges `account` may use on `node`, as a bit set (bit `p` for privilege
        /// `p`): every valid one for its holder, its unexpired grants otherwise, none for a
        /// node that does not exist or is stranded.
        function authorizedPrivileges(uint256 node, address account) external view returns (uint256);

        // ----- metadata ---------------------------------------------------------------------

        /// The holder of `node` set its metadata URI to `uri`.
        event ManufacturerURIUpdated(uint256 indexed node, string uri);

        /// A URI of `length` bytes; the limit is `max`.
        error ManufacturerURITooLong(uint256 length, uint256 max);

        /// Holder only: sets the metadata URI that `tokenURI(node)` returns.
        function setManufacturerURI(uint256 node, string uri) external;
    }

    /// Deployment of the registry: the constructor takes the top admin.
    contract ManufacturerRegistryDeployment {
        constructor(address initialOwner);
    }
}

crate::encode::log_encoding! {
    IManufacturerRegistry::ControllerAdded => |e, t, d| (
        t.address(&e.controller).address(&e.by),
        d
    );
    IManufacturerRegistry::ControllerRemoved => |e, t, d| (
        t.address(&e.controller).address(&e.by),
        d
    );
    IManufacturerRegistry::ManufacturerMinted => |e, t, d| (
        t.uint(&e.node).address(&e.owner),
        d.string(&e.name)
    );
    IManufacturerRegistry::ManufacturerRenamed => |e, t, d| (
        t.uint(&e.node).address(&e.by),
        d.string(&e.previousName).string(&e.newName)
    );
    IManufacturerRegistry::PrivilegeGranted => |e, t, d| (
        t.uint(&e.node).address(&e.operator).small(e.privilege.into()),
        d.small(e.expiresAt)
    );
    IManufacturerRegistry::PrivilegeRevoked => |e, t, d| (
        t.uint(&e.node).address(&e.operator).small(e.privilege.into()),
        d
    );
    IManufacturerRegistry::DelegationsCleared => |e, t, d| (t.uint(&e.node), d.small(e.epoch));
    IManufacturerRegistry::NodeReclaimed => |e, t, d| (
        t.uint(&e.node).address(&e.from).address(&e.to),
        d.address(&e.by)
    );
    IManufacturerRegistry::ManufacturerURIUpdated => |e, t, d| (
        t.uint(&e.node),
        d.string(&e.uri)
    );
}

/// Longest manufacturer name, in bytes.
pub const MAX_NAME_LEN: usize = 64;
/// Longest metadata URI, in bytes.
pub const MAX_URI_LEN: usize = 512;
/// Most names in one `mintManufacturerBatch`.
pub const MAX_BATCH: usize = 100;

/// Why a name breaks the grammar: the `reason` of `InvalidManufacturerName`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum NameViolation {
    /// The name is empty.
    Empty = 1,
    /// The name is longer than [`MAX_NAME_LEN`] bytes.
    TooLong = 2,
    /// A byte outside printable ASCII (0x20..=0x7e).
    NotPrintableAscii = 3,
    /// A space at the start or the end.
    OuterSpace = 4,
}

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use alloy_primitives::{address, U256};

    use super::IManufacturerRegistry as R;
    use crate::encode::assert_log_matches_alloy as same;

    #[test]
    fn every_event_encodes_as_alloy_does() {
        let a = address!("00000000000000000000000000000000000000a1");
        let b = address!("b0b0000000000000000000000000000000000b0b");
        let node = U256::from(7) << 200;
        for text in ["", "A", &"x".repeat(32), &"y".repeat(33), "Acme Devices"] {
            let text = String::from(text);
            same(&R::ManufacturerMinted {
                node,
                owner: a,
                name: text.clone(),
            });
            same(&R::ManufacturerRenamed {
                node,
                previousName: text.clone(),
                newName: "AutoPi".into(),
                by: b,
            });
            same(&R::ManufacturerRenamed {
                node,
                previousName: "Z".into(),
                newName: text.clone(),
                by: b,
            });
            same(&R::ManufacturerURIUpdated { node, uri: text });
        }
        same(&R::ControllerAdded {
            controller: a,
            by: b,
        });
        same(&R::ControllerRemoved {
            controller: a,
            by: b,
        });
        same(&R::PrivilegeGranted {
            node,
            operator: a,
            privilege: 6,
            expiresAt: u64::MAX,
        });
        same(&R::PrivilegeRevoked {
            node,
            operator: a,
            privilege: 1,
        });
        same(&R::DelegationsCleared { node, epoch: 3 });
        same(&R::NodeReclaimed {
            node,
            from: a,
            to: b,
            by: b,
        });
    }
}
