//! The prefunded dev accounts: Nitro's public dev key first, then the ten keys of the
//! well-known test mnemonic that anvil and hardhat use. Every key here is public: never use one
//! on a real network.

use alloy::primitives::{b256, Address, B256, U256};
use alloy::signers::local::{coins_bip39::English, MnemonicBuilder, PrivateKeySigner};

/// Nitro's dev node key (`OffchainLabs/nitro-devnode`), address
/// `0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E`.
pub const NITRO_DEV_KEY: B256 =
    b256!("b6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659");

/// The test mnemonic of anvil and hardhat.
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// How many mnemonic accounts are funded.
pub const MNEMONIC_ACCOUNTS: u32 = 10;

/// Each dev account's starting balance: 10,000 ETH.
pub const DEV_BALANCE: U256 = U256::from_limbs([0x19e0_c9ba_b240_0000, 0x21e, 0, 0]);

/// One funded account with its (public) key.
#[derive(Debug, Clone)]
pub struct DevAccount {
    /// The address.
    pub address: Address,
    /// The private key.
    pub key: B256,
}

/// Nitro's dev key, then [`MNEMONIC_ACCOUNTS`] accounts of [`DEV_MNEMONIC`].
pub fn dev_accounts() -> Vec<DevAccount> {
    let mut out = Vec::new();
    let nitro = PrivateKeySigner::from_bytes(&NITRO_DEV_KEY).expect("a valid key");
    out.push(DevAccount {
        address: nitro.address(),
        key: NITRO_DEV_KEY,
    });
    for index in 0..MNEMONIC_ACCOUNTS {
        let signer = MnemonicBuilder::<English>::default()
            .phrase(DEV_MNEMONIC)
            .index(index)
            .expect("a valid derivation index")
            .build()
            .expect("the test mnemonic derives");
        out.push(DevAccount {
            address: signer.address(),
            key: B256::from_slice(&signer.credential().to_bytes()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::address;

    #[test]
    fn nitro_key_and_the_first_mnemonic_account_are_the_known_ones() {
        let accounts = dev_accounts();
        assert_eq!(
            accounts[0].address,
            address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E")
        );
        assert_eq!(
            accounts[1].address,
            address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        );
        assert_eq!(accounts.len(), 11);
        assert_eq!(
            DEV_BALANCE,
            U256::from(10_000u64) * U256::from(10u64).pow(U256::from(18))
        );
    }
}
