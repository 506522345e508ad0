//! The on-chain code format: Brotli-compressed wasm behind a 4-byte Stylus prefix.
//!
//! `cargo-stylus` (stylus-tools) compresses with the `brotli2` reader at quality 11 and the
//! library's default window (`lgwin` 22), then prepends `EF F0 00 00` (`EF F0 00` plus the
//! dictionary byte 0, "no dictionary"). The account code limit (EIP-170 `MaxCodeSize`) applies
//! to the prefixed bytes.

use std::io;

use brotli::enc::BrotliEncoderParams;

/// Prefix of deployed Stylus code without a dictionary: `EF F0 00` + dictionary byte `00`.
pub const CODE_PREFIX: [u8; 4] = [0xEF, 0xF0, 0x00, 0x00];

/// Largest deployed code, prefix included (EVM `MaxCodeSize`, 24 KiB).
pub const MAX_CODE_SIZE: usize = 24_576;

/// Brotli quality `cargo-stylus` uses (the maximum).
pub const BROTLI_QUALITY: i32 = 11;

/// Brotli window (log2 of the sliding window size) `cargo-stylus` uses: the library default.
pub const BROTLI_WINDOW: i32 = 22;

/// Compresses `wasm` with Brotli at [`BROTLI_QUALITY`] and [`BROTLI_WINDOW`].
///
/// # Errors
///
/// Only if the encoder reports an I/O error, which in-memory buffers never produce.
pub fn compress(wasm: &[u8]) -> io::Result<Vec<u8>> {
    let params = BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: BROTLI_WINDOW,
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(wasm.len() / 2);
    brotli::BrotliCompress(&mut &wasm[..], &mut out, &params)?;
    Ok(out)
}

/// The bytes that would be deployed as the account's code: [`CODE_PREFIX`] followed by
/// [`compress`]`(wasm)`.
///
/// # Errors
///
/// As [`compress`].
pub fn deployed_code(wasm: &[u8]) -> io::Result<Vec<u8>> {
    let compressed = compress(wasm)?;
    let mut code = Vec::with_capacity(CODE_PREFIX.len() + compressed.len());
    code.extend_from_slice(&CODE_PREFIX);
    code.extend_from_slice(&compressed);
    Ok(code)
}

/// Length of [`deployed_code`]`(wasm)`, to compare with [`MAX_CODE_SIZE`].
///
/// # Errors
///
/// As [`compress`].
pub fn compressed_len_with_prefix(wasm: &[u8]) -> io::Result<usize> {
    Ok(CODE_PREFIX.len() + compress(wasm)?.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_modules::sizeable as sample;

    fn decompress(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
        out
    }

    #[test]
    fn deployed_code_is_prefix_plus_brotli() {
        let wasm = sample();
        let code = deployed_code(&wasm).unwrap();
        assert_eq!(code[..4], [0xEF, 0xF0, 0x00, 0x00]);
        assert_eq!(decompress(&code[4..]), wasm);
        assert_eq!(compressed_len_with_prefix(&wasm).unwrap(), code.len());
    }

    #[test]
    fn compression_shrinks_and_round_trips() {
        let wasm = sample();
        let compressed = compress(&wasm).unwrap();
        assert!(
            compressed.len() < wasm.len() / 2,
            "{} vs {}",
            compressed.len(),
            wasm.len()
        );
        assert_eq!(decompress(&compressed), wasm);
    }

    #[test]
    fn quality_11_beats_lower_qualities() {
        let wasm = sample();
        let q11 = compress(&wasm).unwrap().len();
        for quality in [1, 5] {
            let params = BrotliEncoderParams {
                quality,
                lgwin: 22,
                ..Default::default()
            };
            let mut out = Vec::new();
            brotli::BrotliCompress(&mut &wasm[..], &mut out, &params).unwrap();
            assert!(q11 <= out.len(), "q11 {q11} > q{quality} {}", out.len());
        }
    }

    #[test]
    fn limit_is_eip_170() {
        assert_eq!(MAX_CODE_SIZE, 0x6000);
        assert_eq!(
            compress(&[]).map(|c| decompress(&c)).unwrap(),
            Vec::<u8>::new()
        );
    }
}
