//! The standard interfaces: two-step ownership (the owner is the top admin) and ERC-165.

use alloc::vec::Vec;

use alloy_primitives::{aliases::B32, Address};
use dimo_interfaces::interface_id;
use openzeppelin_stylus::{
    access::ownable_two_step::IOwnable2Step, utils::introspection::erc165::IErc165,
};
use stylus_sdk::prelude::*;

use crate::{contract::DeviceLicenses, error::Error};

#[public]
impl IOwnable2Step for DeviceLicenses {
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

    fn accept_ownership(&mut self) -> Result<(), Error> {
        Self::_nonzero_caller()?;
        Ok(self.ownable.accept_ownership()?)
    }

    fn renounce_ownership(&mut self) -> Result<(), Error> {
        self._only_top_admin()?;
        Ok(self.ownable.renounce_ownership()?)
    }
}

#[public]
impl IErc165 for DeviceLicenses {
    fn supports_interface(&self, interface_id: B32) -> bool {
        [
            interface_id::ERC165,
            interface_id::OWNABLE_2STEP,
            interface_id::ADMINS,
            interface_id::DEVICE_LICENSES,
        ]
        .contains(&interface_id)
    }
}
