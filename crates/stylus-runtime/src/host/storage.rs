//! Storage through the frame's cache, and transient storage: `storage_load_bytes32`,
//! `storage_cache_bytes32`, `storage_flush_cache`, `transient_load_bytes32`,
//! `transient_store_bytes32` (reference note 1.5, 4.3, 4.4).

use super::guest::{buy_gas, buy_ink, read_b256, require_ink, write, Ctx, HostResult};
use crate::frame::Escape;
use crate::gas::{sstore_cost, COLD_SLOAD_GAS, SSTORE_SENTRY_GAS, WARM_READ_GAS};
use crate::pricing::{
    cache_read_surcharge, cache_write_surcharge, ACCOUNT_INK, EVM_HOSTIO_INK, INK_PER_GAS,
    STORAGE_ACCESS_INK,
};
use crate::receipt::Failure;

/// `storage_load_bytes32(key, dest)`: SLOAD through the cache.
pub(crate) fn load(c: &mut Ctx<'_>, key: u32, dest: u32) -> HostResult<()> {
    buy_ink(c, STORAGE_ACCESS_INK)?;
    // A miss also pays the EVM-API call: 5 gas since ArbOS 32 (`crate::arbos`).
    let api_gas = c.data().tx.arbos.storage_miss_api_gas();
    require_ink(c, (COLD_SLOAD_GAS + 10 + api_gas) * INK_PER_GAS)?;
    let key = read_b256(c, key)?;
    let reads = {
        let cache = &mut c.data_mut().frame.cache;
        cache.reads += 1;
        cache.reads
    };
    buy_gas(c, cache_read_surcharge(reads), |t| &mut t.storage_read)?;
    let value = if let Some(value) = c.data().frame.cache.get(key) {
        value
    } else {
        let acting = c.data().frame.msg.acting;
        let cold = c.data_mut().tx.touch_slot(acting, key);
        let gas = if cold { COLD_SLOAD_GAS } else { WARM_READ_GAS };
        buy_gas(c, gas + api_gas, |t| &mut t.storage_read)?;
        let value = c.data().tx.state.storage(acting, key);
        c.data_mut().frame.cache.insert_known(key, value);
        value
    };
    write(c, dest, value.as_slice())
}

/// `storage_cache_bytes32(key, value)`: a write into the cache only.
pub(crate) fn cache(c: &mut Ctx<'_>, key: u32, value: u32) -> HostResult<()> {
    buy_ink(c, STORAGE_ACCESS_INK)?;
    require_ink(c, (SSTORE_SENTRY_GAS + 10) * INK_PER_GAS)?;
    let key = read_b256(c, key)?;
    let value = read_b256(c, value)?;
    let writes = {
        let cache = &mut c.data_mut().frame.cache;
        cache.writes += 1;
        cache.writes
    };
    buy_gas(c, cache_write_surcharge(writes), |t| &mut t.storage_write)?;
    c.data_mut().frame.cache.write(key, value);
    Ok(())
}

/// `storage_flush_cache(clear)`: writes the dirty slots to state, each priced as an SSTORE.
pub(crate) fn flush(c: &mut Ctx<'_>, clear: u32) -> HostResult<()> {
    buy_ink(c, EVM_HOSTIO_INK)?;
    require_ink(c, SSTORE_SENTRY_GAS * INK_PER_GAS)?;
    let dirty = c.data().frame.cache.dirty();
    if !dirty.is_empty() && c.data().frame.msg.is_static {
        return Err(Escape::Failure(Failure::WriteProtection));
    }
    let acting = c.data().frame.msg.acting;
    for (key, value) in dirty {
        let tx = &mut c.data_mut().tx;
        let cold = tx.touch_slot(acting, key);
        let original = tx.original(acting, key);
        let current = tx.state.storage(acting, key);
        let (gas, refund) = sstore_cost(original, current, value, cold);
        buy_gas(c, gas, |t| &mut t.storage_write)?;
        let tx = &mut c.data_mut().tx;
        tx.add_refund(refund);
        tx.set_storage(acting, key, value);
    }
    let cache = &mut c.data_mut().frame.cache;
    cache.mark_clean();
    if clear != 0 {
        cache.clear();
    }
    Ok(())
}

/// `transient_load_bytes32(key, dest)`: TLOAD.
pub(crate) fn transient_load(c: &mut Ctx<'_>, key: u32, dest: u32) -> HostResult<()> {
    buy_ink(c, ACCOUNT_INK)?;
    buy_gas(c, WARM_READ_GAS, |t| &mut t.transient)?;
    let key = read_b256(c, key)?;
    let acting = c.data().frame.msg.acting;
    let value = c.data().tx.transient(acting, key);
    write(c, dest, value.as_slice())
}

/// `transient_store_bytes32(key, value)`: TSTORE.
pub(crate) fn transient_store(c: &mut Ctx<'_>, key: u32, value: u32) -> HostResult<()> {
    buy_ink(c, ACCOUNT_INK)?;
    buy_gas(c, WARM_READ_GAS, |t| &mut t.transient)?;
    if c.data().frame.msg.is_static {
        return Err(Escape::Failure(Failure::WriteProtection));
    }
    let key = read_b256(c, key)?;
    let value = read_b256(c, value)?;
    let acting = c.data().frame.msg.acting;
    c.data_mut().tx.set_transient(acting, key, value);
    Ok(())
}
