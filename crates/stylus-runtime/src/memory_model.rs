//! The price of wasm memory pages (reference note 1.4 and 4.5).
//!
//! Pages are counted per transaction: `open` is the sum of the pages of every live frame, `ever`
//! its high-water mark. A frame's entry pays for its footprint (initial pages) and
//! `pay_for_memory_grow` for every page added later, both with [`page_gas`]: 1,000 gas per page
//! beyond the two free pages of the transaction, plus the rise of an exponential table
//! between the old and the new high-water mark. More than 128 pages open at once is out of gas.

/// Pages a transaction may open for free.
pub const FREE_PAGES: u16 = 2;

/// Linear gas per page beyond the free ones.
pub const PAGE_GAS: u64 = 1_000;

/// Most pages open across the live frames of a transaction (8 MiB).
pub const MAX_PAGES: u16 = 128;

/// The exponential table's last entry (128 pages).
const EXP_AT_MAX: f64 = 31_873_999.0;

/// The exponential term for a high-water mark of `pages` (entries 0 to 128).
///
/// The table is `floor(e^(pages × ln(31,873,999) / 128))`: it reproduces every entry the
/// reference note lists (the first 28 and the last). `None` above 128 pages.
pub fn exp_pages(pages: u16) -> Option<u64> {
    if pages > MAX_PAGES {
        return None;
    }
    if pages == MAX_PAGES {
        return Some(31_873_999);
    }
    let rate = EXP_AT_MAX.ln() / f64::from(MAX_PAGES);
    let value = (f64::from(pages) * rate).exp() + 1e-9;
    // The value lies in [1, 31,873,999]: the cast is exact after `floor`.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some(value.floor() as u64)
}

/// Gas to open `new` more pages when `open` are open and `ever` was the high-water mark; `None`
/// when the transaction would hold more than [`MAX_PAGES`] (out of gas).
pub fn page_gas(new: u16, open: u16, ever: u16) -> Option<u64> {
    let new_open = open.checked_add(new)?;
    if new_open > MAX_PAGES {
        return None;
    }
    let new_ever = ever.max(new_open);
    if new_ever <= FREE_PAGES {
        return Some(0);
    }
    let adding = new_open
        .saturating_sub(FREE_PAGES)
        .saturating_sub(open.saturating_sub(FREE_PAGES));
    let linear = u64::from(adding) * PAGE_GAS;
    let expand = exp_pages(new_ever)? - exp_pages(ever)?;
    Some(linear + expand)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_reference_entries() {
        let listed = [
            1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29,
            33, 38,
        ];
        for (pages, want) in listed.iter().enumerate() {
            let pages = u16::try_from(pages).unwrap();
            assert_eq!(exp_pages(pages), Some(*want), "entry {pages}");
        }
        assert_eq!(exp_pages(128), Some(31_873_999));
        assert_eq!(exp_pages(129), None);
        for pages in 1..=128 {
            assert!(exp_pages(pages) >= exp_pages(pages - 1));
        }
    }

    #[test]
    fn first_small_program_is_free() {
        assert_eq!(page_gas(1, 0, 0), Some(0));
        assert_eq!(page_gas(1, 1, 1), Some(0));
    }

    #[test]
    fn third_page_costs_linear_plus_exponential() {
        // open 2 (both free), one more page: 1,000 + exp[3] - exp[2] = 1,000 + 0.
        assert_eq!(page_gas(1, 2, 2), Some(1_000));
        // 0 -> 10 pages: 8 paid pages and exp[10] - exp[0] = 3 - 1.
        assert_eq!(page_gas(10, 0, 0), Some(8_000 + 2));
        // Re-opening pages below the high-water mark pays only the linear part.
        assert_eq!(page_gas(5, 0, 10), Some(3_000));
    }

    #[test]
    fn more_than_128_pages_is_out_of_gas() {
        assert_eq!(page_gas(1, 128, 128), None);
        assert_eq!(page_gas(u16::MAX, 1, 1), None);
        assert!(page_gas(126, 2, 2).is_some());
    }
}
