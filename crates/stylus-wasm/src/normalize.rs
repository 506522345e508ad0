//! The deployable-wasm normalization: `cargo-stylus`'s wasm → text → wasm round trip, then
//! stripping of custom sections.
//!
//! rustc's wasm linker encodes the table immediate of `call_indirect` as an over-long LEB128
//! (`0x80 0x00`), which Nitro's parser (reference types off) rejects with "zero byte expected".
//! Printing the module with `wasmprinter` and parsing the text back with `wat` re-encodes every
//! immediate in its shortest form. `cargo-stylus` does the same (`remove_dangling_references`)
//! and then strips custom sections, so [`normalize`] returns the bytes it would deploy, minus
//! the 32-byte `project_hash` custom section `cargo-stylus` appends.

use wasmparser::{Encoding, Parser, Payload};

use crate::error::NormalizeError;
use crate::sections::{write_section, MODULE_HEADER};

/// Returns the deployable module: [`round_trip`] followed by [`strip_custom_sections`].
///
/// # Errors
///
/// [`NormalizeError`] if the input is not a wasm module that `wasmprinter` can print, or (in
/// theory) if the printed text does not parse back.
pub fn normalize(wasm: &[u8]) -> Result<Vec<u8>, NormalizeError> {
    let reencoded = round_trip(wasm)?;
    strip_custom_sections(&reencoded)
}

/// Prints `wasm` as text with `wasmprinter::print_bytes` and parses it back with
/// `wat::parse_str`, which re-encodes every LEB128 immediate in its shortest form.
///
/// Custom sections survive the trip (`wasmprinter` prints them as annotations).
///
/// # Errors
///
/// [`NormalizeError::Print`] or [`NormalizeError::Parse`] with the underlying message.
pub fn round_trip(wasm: &[u8]) -> Result<Vec<u8>, NormalizeError> {
    if Parser::is_component(wasm) {
        return Err(NormalizeError::NotAModule);
    }
    let text =
        wasmprinter::print_bytes(wasm).map_err(|e| NormalizeError::Print(format!("{e:#}")))?;
    wat::parse_str(&text).map_err(|e| NormalizeError::Parse(e.to_string()))
}

/// Re-emits `wasm` without its custom sections (`name`, `producers`, `target_features`, ...)
/// and without sections of unknown id; every other section is copied byte for byte, in order.
///
/// # Errors
///
/// [`NormalizeError::Sections`] if the section structure cannot be read, or
/// [`NormalizeError::NotAModule`] for a component.
pub fn strip_custom_sections(wasm: &[u8]) -> Result<Vec<u8>, NormalizeError> {
    let mut out = Vec::with_capacity(wasm.len());
    out.extend_from_slice(&MODULE_HEADER);
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        match &payload {
            Payload::Version {
                encoding: Encoding::Component,
                ..
            } => return Err(NormalizeError::NotAModule),
            Payload::CustomSection(_) | Payload::UnknownSection { .. } => continue,
            _ => {}
        }
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let out_of_bounds = || NormalizeError::Sections {
            offset: crate::to_u64(range.start),
            message: "section extends past the end of the module".to_owned(),
        };
        let contents = crate::to_usize(range.start)
            .zip(crate::to_usize(range.end))
            .and_then(|(start, end)| wasm.get(start..end))
            .ok_or_else(out_of_bounds)?;
        if !write_section(&mut out, id, contents) {
            return Err(out_of_bounds());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sections::write_leb_u32;
    use crate::test_modules::{minimal, MINIMAL};
    use crate::to_usize;
    use crate::validate::validate;
    use crate::ValidationError;

    fn custom_section_names(wasm: &[u8]) -> Vec<String> {
        Parser::new(0)
            .parse_all(wasm)
            .filter_map(|p| match p.unwrap() {
                Payload::CustomSection(c) => Some(c.name().to_owned()),
                _ => None,
            })
            .collect()
    }

    /// A valid module whose single `call_indirect` has its table immediate re-encoded the way
    /// rustc's linker does it: `0x80 0x00` instead of `0x00`.
    fn overlong_call_indirect() -> Vec<u8> {
        let wasm = wat::parse_str(
            r#"(module
                (type (func (param i32) (result i32)))
                (table 1 1 funcref)
                (memory 1 1)
                (export "memory" (memory 0))
                (func (export "user_entrypoint") (type 0)
                    local.get 0
                    i32.const 0
                    call_indirect (type 0))
                (elem (i32.const 0) func 0))"#,
        )
        .unwrap();
        let mut out = MODULE_HEADER.to_vec();
        for payload in Parser::new(0).parse_all(&wasm) {
            let payload = payload.unwrap();
            if let Payload::CodeSectionEntry(body) = &payload {
                let range = body.range();
                let bytes = &wasm[to_usize(range.start).unwrap()..to_usize(range.end).unwrap()];
                // locals: 0 groups; ops: local.get 0, i32.const 0, call_indirect 0 0, end
                assert_eq!(
                    bytes,
                    [0x00, 0x20, 0x00, 0x41, 0x00, 0x11, 0x00, 0x00, 0x0b]
                );
                let overlong = [0x00, 0x20, 0x00, 0x41, 0x00, 0x11, 0x00, 0x80, 0x00, 0x0b];
                let mut section = vec![1]; // one body
                write_leb_u32(&mut section, u32::try_from(overlong.len()).unwrap());
                section.extend_from_slice(&overlong);
                write_section(&mut out, 10, &section);
                continue;
            }
            if matches!(payload, Payload::CodeSectionStart { .. }) {
                continue;
            }
            if let Some((id, range)) = payload.as_section() {
                write_section(
                    &mut out,
                    id,
                    &wasm[to_usize(range.start).unwrap()..to_usize(range.end).unwrap()],
                );
            }
        }
        out
    }

    #[test]
    fn round_trip_fixes_overlong_call_indirect() {
        let raw = overlong_call_indirect();
        match validate(&raw) {
            Err(ValidationError::Invalid { message, .. }) => {
                assert!(message.contains("zero byte expected"), "{message}");
            }
            other => panic!("raw module should fail Nitro's parser, got {other:?}"),
        }
        let fixed = normalize(&raw).unwrap();
        assert_eq!(fixed.len(), raw.len() - 1, "one byte shorter");
        validate(&fixed).unwrap();
    }

    #[test]
    fn strips_custom_sections_and_revalidates() {
        let wasm = wat::parse_str(format!(
            r#"(module $contract
                (@custom "target_features" "+bulk-memory")
                (@producers (language "Rust" "1.95.0"))
                {MINIMAL}
            )"#
        ))
        .unwrap();
        let before = custom_section_names(&wasm);
        assert!(before.contains(&"name".to_owned()), "{before:?}");
        assert!(before.contains(&"producers".to_owned()), "{before:?}");
        assert!(before.contains(&"target_features".to_owned()), "{before:?}");

        let out = normalize(&wasm).unwrap();
        assert!(custom_section_names(&out).is_empty());
        assert!(out.len() < wasm.len());
        validate(&out).unwrap();
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        let once = normalize(&minimal()).unwrap();
        assert_eq!(normalize(&once).unwrap(), once);
        assert_eq!(strip_custom_sections(&once).unwrap(), once);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(normalize(b"").is_err());
        assert!(normalize(b"not wasm at all").is_err());
        assert!(strip_custom_sections(&[0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0, 10, 200]).is_err());
        let mut truncated = minimal();
        truncated.truncate(truncated.len() - 3);
        assert!(normalize(&truncated).is_err());
        let component = wat::parse_str("(component)").unwrap();
        assert_eq!(normalize(&component), Err(NormalizeError::NotAModule));
    }
}
