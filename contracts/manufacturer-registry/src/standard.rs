//! The standard interfaces: ERC-721 with the registry's transfer rule on every path, its
//! metadata extension, two-step ownership and ERC-165.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::B32, Address, U256};
use dimo_interfaces::interface_id;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step,
    token::erc721::{extensions::IErc721Metadata, IErc721},
    utils::introspection::erc165::IErc165,
};
use stylus_sdk::prelude::*;

use crate::{contract::ManufacturerRegistry, error::Error};

contract_kit::erc721_public!(
    ManufacturerRegistry,
    Error,
    transfer(this, from, to, token_id) {
        this._transfer_node(from, to, token_id)
    }
);

#[public]
impl IErc721Metadata for ManufacturerRegistry {
    type Error = Error;

    fn name(&self) -> String {
        "DIMO Manufacturer Node".into()
    }

    fn symbol(&self) -> String {
        "DIMO-MFR".into()
    }

    /// The URI the node's holder set, or "" before it set one.
    #[selector(name = "tokenURI")]
    fn token_uri(&self, token_id: U256) -> Result<String, Error> {
        self.erc721._require_owned(token_id)?;
        Ok(self.nodes.get(token_id).uri())
    }
}

#[public]
impl IOwnable2Step for ManufacturerRegistry {
    type Error = Error;

    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        self._only_top_admin()?;
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    /// Also refused with `AdminHoldsNodes` while the leaving top admin, unless it is a listed
    /// admin, still holds nodes (the rule `removeAdmin` applies).
    fn accept_ownership(&mut self) -> Result<(), Error> {
        Self::_nonzero_caller()?;
        let previous = self.ownable.owner();
        self.ownable.accept_ownership()?;
        self._require_no_nodes(previous)
    }

    /// Also refused with `AdminHoldsNodes` while the top admin, unless it is a listed admin,
    /// still holds nodes.
    fn renounce_ownership(&mut self) -> Result<(), Error> {
        let previous = self._only_top_admin()?;
        self.ownable.renounce_ownership()?;
        self._require_no_nodes(previous)
    }
}

#[public]
impl IErc165 for ManufacturerRegistry {
    fn supports_interface(&self, interface_id: B32) -> bool {
        [
            interface_id::ERC165,
            interface_id::ERC721,
            interface_id::ERC721_METADATA,
            interface_id::ERC4906,
            interface_id::OWNABLE_2STEP,
            interface_id::ADMINS,
            interface_id::MANUFACTURER_REGISTRY,
        ]
        .contains(&interface_id)
    }
}
