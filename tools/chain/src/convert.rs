//! The one place where alloy 1.x values meet the runtime's alloy-primitives 0.8 values: the
//! same bytes, different crate versions.

use alloy::primitives::{Address, B256, U256};
use alloy_primitives_08 as rt;

/// An address for the runtime.
pub(crate) fn to_rt_address(a: Address) -> rt::Address {
    rt::Address::from(a.0 .0)
}

/// An address from the runtime.
pub(crate) fn from_rt_address(a: rt::Address) -> Address {
    Address::from(a.0 .0)
}

/// A word for the runtime.
pub(crate) fn to_rt_word(w: B256) -> rt::B256 {
    rt::B256::from(w.0)
}

/// A word from the runtime.
pub(crate) fn from_rt_word(w: rt::B256) -> B256 {
    B256::from(w.0)
}

/// An integer for the runtime.
pub(crate) fn to_rt_u256(v: U256) -> rt::U256 {
    rt::U256::from_limbs(*v.as_limbs())
}

/// An integer from the runtime.
pub(crate) fn from_rt_u256(v: rt::U256) -> U256 {
    U256::from_limbs(*v.as_limbs())
}
