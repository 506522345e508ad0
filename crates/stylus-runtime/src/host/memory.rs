//! `pay_for_memory_grow(pages)`: the page price of growing memory (reference note 1.4). The
//! metering rewrite calls it before every `memory.grow`; the SDK calls it with 0 at entry.

use super::guest::{buy_gas, buy_ink, Ctx, HostResult};
use crate::memory_model::page_gas;
use crate::pricing::HOSTIO_INK;

/// `pay_for_memory_grow(pages)`.
pub(crate) fn pay_for_memory_grow(c: &mut Ctx<'_>, pages: u32) -> HostResult<()> {
    if pages == 0 {
        return buy_ink(c, HOSTIO_INK);
    }
    let tx = &c.data().tx;
    let (open, ever) = (tx.pages_open, tx.pages_ever);
    let Some(gas) = u16::try_from(pages)
        .ok()
        .and_then(|pages| page_gas(pages, open, ever))
    else {
        return Err(super::guest::out_of_ink(c));
    };
    buy_gas(c, gas, |t| &mut t.memory)?;
    let tx = &mut c.data_mut().tx;
    // `page_gas` succeeded, so the sum is at most 128 pages.
    tx.pages_open = open + u16::try_from(pages).unwrap_or(0);
    tx.pages_ever = tx.pages_ever.max(tx.pages_open);
    Ok(())
}
