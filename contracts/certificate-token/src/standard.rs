//! The standard interfaces: ERC-721 (a retired token cannot move; a change of owner clears
//! the organizations), its metadata extension, two-step ownership and ERC-165.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::B32, hex, Address, U256};
use dimo_interfaces::interface_id;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step,
    token::erc721::{extensions::IErc721Metadata, IErc721},
    utils::introspection::erc165::IErc165,
};
use stylus_sdk::prelude::*;

use contract_kit::text;

use crate::{contract::CertificateToken, error::Error};

contract_kit::erc721_public!(
    CertificateToken,
    Error,
    transfer(this, from, to, token_id) {
        this._require_not_retired(token_id)?;
        this.erc721.transfer_from(from, to, token_id)?;
        if from != to {
            this._owner_changed(token_id);
        }
        Ok(())
    }
);

#[public]
impl IErc721Metadata for CertificateToken {
    type Error = Error;

    fn name(&self) -> String {
        "DIMO Device Minting Certificate".into()
    }

    fn symbol(&self) -> String {
        "DIMO-DMC".into()
    }

    /// The base URI followed by the device's original address in lowercase hex (`0x…`), or
    /// "" while no base URI is set.
    #[selector(name = "tokenURI")]
    fn token_uri(&self, token_id: U256) -> Result<String, Error> {
        self.erc721._require_owned(token_id)?;
        let len = usize::from(self.base_uri_len.get().to::<u16>());
        if len == 0 {
            return Ok(String::new());
        }
        let mut uri = text::read(&self.base_uri, len);
        uri.push_str("0x");
        uri.push_str(&hex::encode(&token_id.to_be_bytes::<32>()[12..]));
        Ok(uri)
    }
}

#[public]
impl IOwnable2Step for CertificateToken {
    type Error = Error;

    fn owner(&self) -> Address {
        self.ownable.owner()
    }

    fn pending_owner(&self) -> Address {
        self.ownable.pending_owner()
    }

    fn transfer_ownership(&mut self, new_owner: Address) -> Result<(), Error> {
        Ok(self.ownable.transfer_ownership(new_owner)?)
    }

    fn accept_ownership(&mut self) -> Result<(), Error> {
        Ok(self.ownable.accept_ownership()?)
    }

    fn renounce_ownership(&mut self) -> Result<(), Error> {
        Ok(self.ownable.renounce_ownership()?)
    }
}

#[public]
impl IErc165 for CertificateToken {
    fn supports_interface(&self, interface_id: B32) -> bool {
        [
            interface_id::ERC165,
            interface_id::ERC721,
            interface_id::ERC721_METADATA,
            interface_id::ERC4906,
            interface_id::OWNABLE_2STEP,
            interface_id::CERTIFICATE_TOKEN,
        ]
        .contains(&interface_id)
    }
}
