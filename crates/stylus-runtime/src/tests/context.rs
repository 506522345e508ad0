//! Block and transaction context, settable by the caller of the runtime.

use alloy_primitives::{Address, U256};

use super::script::{alice, bob, u32_at, u64_at, world_with_scripts, Script};
use crate::Tx;

#[test]
fn block_and_transaction_context_as_set() {
    let (mut world, a) = world_with_scripts(1);
    world.set_timestamp(1_800_000_000);
    world.set_block_number(77);
    {
        let block = world.block_mut();
        block.chain_id = 421_614;
        block.basefee = U256::from(123_456);
        block.coinbase = Address::repeat_byte(0xcb);
        block.gas_limit = 30_000_000;
    }
    world.set_balance(alice(), U256::from(1_000));
    let tx = Tx::call(alice(), a[0], Script::new().context().bytes())
        .value(U256::from(9))
        .origin(bob())
        .gas_price(U256::from(5));
    let receipt = world.transact(&tx).unwrap();
    assert!(receipt.is_success());
    let out = &receipt.output;
    assert_eq!(out.len(), 192);
    assert_eq!(u64_at(out, 0), 1_800_000_000);
    assert_eq!(u64_at(out, 8), 77);
    assert_eq!(u64_at(out, 16), 421_614);
    assert_eq!(U256::from_be_slice(&out[24..56]), U256::from(123_456));
    assert_eq!(&out[56..76], bob().as_slice());
    assert_eq!(U256::from_be_slice(&out[76..108]), U256::from(5));
    assert_eq!(&out[108..128], a[0].as_slice());
    assert_eq!(U256::from_be_slice(&out[128..160]), U256::from(9));
    assert_eq!(&out[160..180], [0xcb; 20].as_slice());
    assert_eq!(u64_at(out, 180), 30_000_000);
    assert_eq!(u32_at(out, 188), 10_000);
    assert_eq!(world.balance(a[0]), U256::from(9));
    assert_eq!(world.balance(alice()), U256::from(991));
}

#[test]
fn defaults_gas_price_to_basefee_and_origin_to_sender() {
    let (mut world, a) = world_with_scripts(1);
    let receipt = world
        .call(alice(), a[0], &Script::new().context().bytes())
        .unwrap();
    let out = &receipt.output;
    assert_eq!(&out[56..76], alice().as_slice());
    assert_eq!(
        U256::from_be_slice(&out[76..108]),
        world.block().basefee,
        "gas price = base fee"
    );
}

#[test]
fn balances_keccak_and_math() {
    let (mut world, a) = world_with_scripts(1);
    world.set_balance(bob(), U256::from(31_337));
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new()
                .balance(bob())
                .keccak(b"abc")
                .add_mod(U256::MAX, U256::from(2), U256::from(10))
                .bytes(),
        )
        .unwrap();
    let out = &receipt.output;
    assert_eq!(U256::from_be_slice(&out[..32]), U256::from(31_337));
    assert_eq!(&out[32..64], alloy_primitives::keccak256(b"abc").as_slice());
    // (2^256 - 1 + 2) mod 10, without overflow: 2^256 + 1 ≡ 6 + 1.
    assert_eq!(U256::from_be_slice(&out[64..96]), U256::from(7));
    // bob was cold: 2,600.
    assert_eq!(receipt.gas.breakdown.account_access, 2_600);
}

#[test]
fn invalid_transactions_are_refused() {
    let (mut world, a) = world_with_scripts(1);
    let tx = Tx::call(alice(), a[0], vec![1; 10]).gas_limit(21_000);
    assert!(matches!(
        world.transact(&tx),
        Err(crate::TxError::IntrinsicGas {
            required: 21_160,
            ..
        })
    ));
    let tx = Tx::call(alice(), a[0], vec![]).value(U256::from(1));
    assert!(matches!(
        world.transact(&tx),
        Err(crate::TxError::InsufficientBalance { .. })
    ));
}
