//! The standard interfaces: ERC-721 (a retired token cannot move; a change of owner clears
//! the organizations), its metadata extension, two-step ownership and ERC-165.

use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::B32, hex, Address, U256};
use dimo_interfaces::interface_id;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step,
    token::erc721::{extensions::IErc721Metadata, ERC721InvalidReceiver, IErc721},
    utils::introspection::erc165::IErc165,
};
use stylus_sdk::{abi::Bytes, prelude::*};

use contract_kit::{host::caller, receiver, text};

use crate::{contract::CertificateToken, error::Error};

#[public]
impl IErc721 for CertificateToken {
    type Error = Error;

    fn balance_of(&self, owner: Address) -> Result<U256, Error> {
        Ok(self.erc721.balance_of(owner)?)
    }

    fn owner_of(&self, token_id: U256) -> Result<Address, Error> {
        Ok(self.erc721.owner_of(token_id)?)
    }

    fn safe_transfer_from(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
    ) -> Result<(), Error> {
        self.safe_transfer_from_with_data(from, to, token_id, Vec::new().into())
    }

    /// The bookkeeping runs before the receiver's callback, the only external call
    /// (checks-effects-interactions).
    #[selector(name = "safeTransferFrom")]
    fn safe_transfer_from_with_data(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
        data: Bytes,
    ) -> Result<(), Error> {
        self.transfer_from(from, to, token_id)?;
        receiver::check_on_received(caller(), from, to, token_id, &data).map_err(|refusal| {
            match refusal {
                receiver::Refusal::Reverted(reason) => Error::ReceiverReverted(reason),
                receiver::Refusal::Invalid => ERC721InvalidReceiver { receiver: to }.into(),
            }
        })
    }

    fn transfer_from(&mut self, from: Address, to: Address, token_id: U256) -> Result<(), Error> {
        self._require_not_retired(token_id)?;
        self.erc721.transfer_from(from, to, token_id)?;
        if from != to {
            self._owner_changed(token_id);
        }
        Ok(())
    }

    fn approve(&mut self, to: Address, token_id: U256) -> Result<(), Error> {
        Ok(self.erc721.approve(to, token_id)?)
    }

    fn set_approval_for_all(&mut self, operator: Address, approved: bool) -> Result<(), Error> {
        Ok(self.erc721.set_approval_for_all(operator, approved)?)
    }

    fn get_approved(&self, token_id: U256) -> Result<Address, Error> {
        Ok(self.erc721.get_approved(token_id)?)
    }

    fn is_approved_for_all(&self, owner: Address, operator: Address) -> bool {
        self.erc721.is_approved_for_all(owner, operator)
    }
}

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
