//! The standard interfaces our contracts implement, with the events and errors their
//! OpenZeppelin implementations emit (same signatures, hence the same selectors and topics).
//!
//! They are declared here so that each contract's published ABI is complete: the SDK's own
//! export leaves out functions inherited through trait implementations, and all events.
#![allow(missing_docs)]

solidity! {
    /// ERC-165: standard interface detection.
    interface IERC165 {
        /// Whether the contract implements the interface `interfaceId`.
        function supportsInterface(bytes4 interfaceId) external view returns (bool);
    }

    /// ERC-721: non-fungible tokens, with OpenZeppelin's ERC-6093 errors.
    interface IERC721 {
        /// `tokenId` moved from `from` to `to` (mint: `from` is zero).
        event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
        /// `owner` approved `approved` for `tokenId`.
        event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
        /// `owner` enabled or disabled `operator` for all its tokens.
        event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

        /// `owner` cannot own tokens (the zero address).
        error ERC721InvalidOwner(address owner);
        /// `tokenId` does not exist.
        error ERC721NonexistentToken(uint256 tokenId);
        /// `sender` is not the owner `owner` of `tokenId`.
        error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);
        /// `sender` is not a valid sender.
        error ERC721InvalidSender(address sender);
        /// `receiver` cannot receive tokens.
        error ERC721InvalidReceiver(address receiver);
        /// `operator` is not approved for `tokenId`.
        error ERC721InsufficientApproval(address operator, uint256 tokenId);
        /// `approver` may not approve.
        error ERC721InvalidApprover(address approver);
        /// `operator` cannot be an operator.
        error ERC721InvalidOperator(address operator);
        /// The receiver contract reverted with `reason`.
        error InvalidReceiverWithReason(string reason);

        function balanceOf(address owner) external view returns (uint256);
        function ownerOf(uint256 tokenId) external view returns (address);
        function safeTransferFrom(address from, address to, uint256 tokenId, bytes data) external;
        function safeTransferFrom(address from, address to, uint256 tokenId) external;
        function transferFrom(address from, address to, uint256 tokenId) external;
        function approve(address to, uint256 tokenId) external;
        function setApprovalForAll(address operator, bool approved) external;
        function getApproved(uint256 tokenId) external view returns (address);
        function isApprovedForAll(address owner, address operator) external view returns (bool);
    }

    /// ERC-721 metadata extension.
    interface IERC721Metadata {
        function name() external view returns (string);
        function symbol() external view returns (string);
        function tokenURI(uint256 tokenId) external view returns (string);
    }

    /// ERC-4906: metadata update events for indexers and marketplaces.
    interface IERC4906 {
        /// The metadata of `tokenId` changed.
        event MetadataUpdate(uint256 tokenId);
        /// The metadata of tokens `fromTokenId..=toTokenId` changed.
        event BatchMetadataUpdate(uint256 fromTokenId, uint256 toTokenId);
    }

    /// Two-step ownership (OpenZeppelin `Ownable2Step`): the owner is the top admin.
    interface IOwnable2Step {
        /// A hand-over to `newOwner` started; it completes when `newOwner` accepts.
        event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner);
        /// The owner changed.
        event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

        /// `account` is not the owner (or, on accept, not the pending owner).
        error OwnableUnauthorizedAccount(address account);
        /// `owner` cannot be the owner (the zero address at construction).
        error OwnableInvalidOwner(address owner);

        function owner() external view returns (address);
        function pendingOwner() external view returns (address);
        function transferOwnership(address newOwner) external;
        function acceptOwnership() external;
        function renounceOwnership() external;
    }
}

crate::encode::log_encoding! {
    IERC4906::MetadataUpdate => |e, t, d| (t, d.uint(&e.tokenId));
    IERC4906::BatchMetadataUpdate => |e, t, d| (t, d.uint(&e.fromTokenId).uint(&e.toTokenId));
}

#[cfg(test)]
mod tests {
    use alloy_primitives::U256;

    use super::IERC4906;
    use crate::encode::assert_log_matches_alloy as same;

    #[test]
    fn metadata_update_events_encode_as_alloy_does() {
        same(&IERC4906::MetadataUpdate { tokenId: U256::MAX });
        same(&IERC4906::BatchMetadataUpdate {
            fromTokenId: U256::from(1),
            toTokenId: U256::MAX,
        });
    }
}
