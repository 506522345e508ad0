//! Minimal wasm binary writing: LEB128 and raw sections, enough to re-emit a module's known
//! sections without `wasm-encoder`.

/// The wasm magic number and version 1, the first 8 bytes of every core module.
pub const MODULE_HEADER: [u8; 8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/// Appends `value` as unsigned LEB128 (the shortest encoding).
pub fn write_leb_u32(out: &mut Vec<u8>, mut value: u32) {
    loop {
        // Masked to 7 bits, so the cast cannot truncate anything that matters.
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a section: its id, the LEB128 length of `contents`, then `contents`.
///
/// Returns `false` (and appends nothing) if `contents` is longer than a wasm section can be
/// (`u32::MAX` bytes).
pub fn write_section(out: &mut Vec<u8>, id: u8, contents: &[u8]) -> bool {
    let Ok(len) = u32::try_from(contents.len()) else {
        return false;
    };
    out.push(id);
    write_leb_u32(out, len);
    out.extend_from_slice(contents);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb_is_shortest_form() {
        let enc = |v| {
            let mut out = Vec::new();
            write_leb_u32(&mut out, v);
            out
        };
        assert_eq!(enc(0), [0x00]);
        assert_eq!(enc(127), [0x7f]);
        assert_eq!(enc(128), [0x80, 0x01]);
        assert_eq!(enc(624_485), [0xe5, 0x8e, 0x26]);
        assert_eq!(enc(u32::MAX), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    }

    #[test]
    fn section_has_id_length_contents() {
        let mut out = Vec::new();
        assert!(write_section(&mut out, 10, &[1, 2, 3]));
        assert_eq!(out, [10, 3, 1, 2, 3]);
    }
}
