//! Nitro's activation checks, run offline on the deployable bytes.
//!
//! [`validate`] first runs wasmparser's validator with [`nitro_features`], then the structural
//! rules of Nitro's prover (`parse_user`, the heap-bound and metering middlewares): host-only
//! imports, the `user_entrypoint` and `memory` exports, one memory of at most 128 initial
//! pages, no start function, the counted limits in [`crate::limits`], and no operator Nitro
//! cannot meter. It returns the first rule the module breaks.

use std::collections::HashMap;

use wasmparser::{
    ExternalKind, FuncType, FunctionBody, Import, KnownCustom, MemoryType, Name, Operator, Parser,
    Payload, TableType, TypeRef, ValType, Validator,
};

use crate::error::{Limit, NameKind, ValidationError};
use crate::features::nitro_features;
use crate::limits::{
    ENTRYPOINT, HOST_MODULE, MAX_DATA_SEGMENTS, MAX_ELEMENT_ENTRIES, MAX_ELEMENT_SEGMENTS,
    MAX_EXPORTS, MAX_FUNCTIONS, MAX_GLOBALS, MAX_IMPORTS, MAX_INITIAL_PAGES, MAX_LOCALS,
    MAX_NAME_LEN, MAX_OPERATORS, MAX_TABLE_ENTRIES, MAX_WASM_SIZE, MEMORY_EXPORT,
    PAY_FOR_MEMORY_GROW, RESERVED_PREFIX,
};
use crate::operators::{classify, operator_name, OperatorClass};
use crate::to_u64;

/// Facts about a module that passed [`validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleSummary {
    /// Names of the `vm_hooks` functions the module imports, in import order.
    pub imports: Vec<String>,
    /// Functions defined in the module (imports not included).
    pub functions: u64,
    /// Operators over all function bodies.
    pub operators: u64,
    /// Initial memory size in 64 KiB pages (the program's "footprint").
    pub initial_pages: u64,
    /// Maximum memory size in pages, if declared.
    pub maximum_pages: Option<u64>,
    /// Globals defined in the module.
    pub globals: u64,
    /// Bytes of data-segment contents.
    pub data_bytes: u64,
}

impl std::fmt::Display for ModuleSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} vm_hooks imports, {} functions, {} operators, {} globals, {} data bytes, \
             memory {} page(s) initial",
            self.imports.len(),
            self.functions,
            self.operators,
            self.globals,
            self.data_bytes,
            self.initial_pages,
        )?;
        match self.maximum_pages {
            Some(max) => write!(f, ", {max} max"),
            None => f.write_str(", no max"),
        }
    }
}

/// Checks `wasm` against Nitro's activation rules; see the module docs for the list.
///
/// Pass the deployable bytes (after [`normalize`](crate::normalize())): rustc's raw output
/// fails the wasmparser step because of its over-long `call_indirect` encoding.
///
/// Never panics, whatever the input.
///
/// # Errors
///
/// The first [`ValidationError`] the module triggers, checking in this order: wasmparser with
/// Nitro's features, start function, imports, exports and the entry point, memory, counted
/// limits, global initializers, function bodies, and last the wasm size (so that an oversized
/// module still reports any other problem).
pub fn validate(wasm: &[u8]) -> Result<ModuleSummary, ValidationError> {
    Validator::new_with_features(nitro_features()).validate_all(wasm)?;
    let module = Module::parse(wasm)?;
    if module.has_start {
        return Err(ValidationError::StartFunction);
    }
    module.check_imports()?;
    module.check_exports()?;
    let memory = module.check_memory()?;
    module.check_counts()?;
    if let Some(global) = module.non_constant_global {
        return Err(ValidationError::NonConstantGlobal { global });
    }
    let operators = module.check_code()?;
    // Last, so that a module over the (chain-configurable) size also reports any other problem.
    check_limit(Limit::WasmSize, count(wasm.len()), MAX_WASM_SIZE)?;
    Ok(ModuleSummary {
        imports: module.imports.iter().map(|i| i.name.to_owned()).collect(),
        functions: count(module.bodies.len()),
        operators,
        initial_pages: memory.initial,
        maximum_pages: memory.maximum,
        globals: module.globals,
        data_bytes: module.data_bytes,
    })
}

/// `usize` to `u64`, saturating (lossless on every supported target).
fn count(n: usize) -> u64 {
    to_u64(n)
}

fn check_limit(limit: Limit, actual: u64, max: u64) -> Result<(), ValidationError> {
    if actual > max {
        return Err(ValidationError::LimitExceeded { limit, actual, max });
    }
    Ok(())
}

fn check_name(kind: NameKind, name: &str) -> Result<(), ValidationError> {
    let len = count(name.len());
    if len > MAX_NAME_LEN {
        return Err(ValidationError::NameTooLong { kind, len });
    }
    Ok(())
}

fn is_i32_to_i32(ty: &FuncType) -> bool {
    ty.params() == [ValType::I32] && ty.results() == [ValType::I32]
}

fn is_i32_to_unit(ty: &FuncType) -> bool {
    ty.params() == [ValType::I32] && ty.results().is_empty()
}

fn kind_name(kind: ExternalKind) -> &'static str {
    match kind {
        ExternalKind::Func | ExternalKind::FuncExact => "func",
        ExternalKind::Table => "table",
        ExternalKind::Memory => "memory",
        ExternalKind::Global => "global",
        ExternalKind::Tag => "tag",
    }
}

/// The parts of a (wasmparser-valid) module the structural rules look at.
#[derive(Default)]
struct Module<'a> {
    types: Vec<FuncType>,
    imports: Vec<Import<'a>>,
    /// Type index of every function, imports first.
    func_types: Vec<u32>,
    imported_funcs: u32,
    tables: Vec<TableType>,
    memories: Vec<MemoryType>,
    globals: u64,
    non_constant_global: Option<u32>,
    exports: Vec<(&'a str, ExternalKind, u32)>,
    has_start: bool,
    element_segments: u64,
    element_bytes: u64,
    data_segments: u64,
    data_bytes: u64,
    bodies: Vec<FunctionBody<'a>>,
    declared_name: Option<&'a str>,
}

impl<'a> Module<'a> {
    fn parse(wasm: &'a [u8]) -> Result<Self, ValidationError> {
        let mut m = Module::default();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        m.types.push(ty?);
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        if let TypeRef::Func(ty) | TypeRef::FuncExact(ty) = import.ty {
                            m.func_types.push(ty);
                            m.imported_funcs = m.imported_funcs.saturating_add(1);
                        }
                        m.imports.push(import);
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        m.func_types.push(ty?);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        m.tables.push(table?.ty);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        m.memories.push(memory?);
                    }
                }
                Payload::GlobalSection(reader) => {
                    for (index, global) in (0u32..).zip(reader) {
                        let mut ops = global?.init_expr.get_operators_reader();
                        let first = ops.read()?;
                        let second = ops.read()?;
                        let constant = matches!(
                            first,
                            Operator::I32Const { .. }
                                | Operator::I64Const { .. }
                                | Operator::F32Const { .. }
                                | Operator::F64Const { .. }
                        ) && matches!(second, Operator::End)
                            && ops.eof();
                        if !constant && m.non_constant_global.is_none() {
                            m.non_constant_global = Some(index);
                        }
                        m.globals += 1;
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        m.exports.push((export.name, export.kind, export.index));
                    }
                }
                Payload::StartSection { .. } => m.has_start = true,
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        m.element_segments += 1;
                        m.element_bytes = m.element_bytes.saturating_add(to_u64(
                            element.range.end.saturating_sub(element.range.start),
                        ));
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        m.data_segments += 1;
                        m.data_bytes = m.data_bytes.saturating_add(count(data?.data.len()));
                    }
                }
                Payload::CodeSectionEntry(body) => m.bodies.push(body),
                Payload::CustomSection(reader) => {
                    if let KnownCustom::Name(names) = reader.as_known() {
                        for name in names {
                            if let Name::Module { name, .. } = name? {
                                m.declared_name = Some(name);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(m)
    }

    fn func_type(&self, function: u32) -> Option<&FuncType> {
        let index = usize::try_from(function).ok()?;
        let ty = usize::try_from(*self.func_types.get(index)?).ok()?;
        self.types.get(ty)
    }

    fn describe_func(&self, function: u32) -> String {
        self.func_type(function)
            .map_or_else(|| "an unknown type".to_owned(), ToString::to_string)
    }

    fn check_imports(&self) -> Result<(), ValidationError> {
        let mut seen: HashMap<(&str, &str), TypeRef> = HashMap::new();
        for import in &self.imports {
            let named = || (import.module.to_owned(), import.name.to_owned());
            check_name(NameKind::ImportModule, import.module)?;
            check_name(NameKind::Import, import.name)?;
            if import.module != HOST_MODULE {
                let (module, name) = named();
                return Err(ValidationError::ForeignImport { module, name });
            }
            if !matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                let (module, name) = named();
                return Err(ValidationError::NonFunctionImport { module, name });
            }
            if import.name.starts_with(RESERVED_PREFIX) {
                return Err(ValidationError::ReservedName {
                    name: import.name.to_owned(),
                });
            }
            if let Some(prior) = seen.insert((import.module, import.name), import.ty) {
                if prior != import.ty {
                    let (module, name) = named();
                    return Err(ValidationError::InconsistentImport { module, name });
                }
            }
        }
        check_limit(Limit::Imports, count(self.imports.len()), MAX_IMPORTS)
    }

    fn check_exports(&self) -> Result<(), ValidationError> {
        for &(name, _, _) in &self.exports {
            check_name(NameKind::Export, name)?;
            // Nitro compares the part after the last `__` with the import names.
            let tail = name.rsplit("__").next().unwrap_or(name);
            if tail.starts_with(RESERVED_PREFIX) {
                return Err(ValidationError::ReservedName {
                    name: name.to_owned(),
                });
            }
            if self.imports.iter().any(|i| i.name == tail) {
                return Err(ValidationError::ExportShadowsImport {
                    export: name.to_owned(),
                });
            }
        }
        if let Some(name) = self.declared_name {
            check_name(NameKind::Module, name)?;
        }
        check_limit(Limit::Exports, count(self.exports.len()), MAX_EXPORTS)?;

        let Some(&(_, kind, index)) = self.exports.iter().find(|e| e.0 == ENTRYPOINT) else {
            return Err(ValidationError::MissingEntrypoint);
        };
        if !matches!(kind, ExternalKind::Func | ExternalKind::FuncExact) {
            return Err(ValidationError::WrongEntrypoint {
                found: kind_name(kind).to_owned(),
            });
        }
        if !self.func_type(index).is_some_and(is_i32_to_i32) {
            return Err(ValidationError::WrongEntrypoint {
                found: self.describe_func(index),
            });
        }
        Ok(())
    }

    fn check_memory(&self) -> Result<MemoryType, ValidationError> {
        let Some(&memory) = self.memories.first() else {
            return Err(ValidationError::MissingMemory);
        };
        // Unreachable with MULTI_MEMORY off, kept as Nitro's own check.
        check_limit(Limit::Memories, count(self.memories.len()), 1)?;
        check_limit(Limit::InitialPages, memory.initial, MAX_INITIAL_PAGES)?;
        let exported = self.exports.iter().any(|&(name, kind, index)| {
            name == MEMORY_EXPORT && kind == ExternalKind::Memory && index == 0
        });
        if !exported {
            return Err(ValidationError::MissingMemoryExport);
        }
        if memory.maximum != Some(memory.initial) {
            let mut functions = 0u32..;
            let pay = self
                .imports
                .iter()
                .filter_map(|i| match i.ty {
                    TypeRef::Func(_) | TypeRef::FuncExact(_) => functions.next().map(|f| (i, f)),
                    _ => None,
                })
                .find(|(i, _)| i.module == HOST_MODULE && i.name == PAY_FOR_MEMORY_GROW);
            let Some((_, function)) = pay else {
                return Err(ValidationError::MissingPayForMemoryGrow);
            };
            if !self.func_type(function).is_some_and(is_i32_to_unit) {
                return Err(ValidationError::WrongPayForMemoryGrow {
                    found: self.describe_func(function),
                });
            }
        }
        Ok(memory)
    }

    fn check_counts(&self) -> Result<(), ValidationError> {
        check_limit(Limit::Functions, count(self.bodies.len()), MAX_FUNCTIONS)?;
        check_limit(Limit::DataSegments, self.data_segments, MAX_DATA_SEGMENTS)?;
        check_limit(
            Limit::ElementSegments,
            self.element_segments,
            MAX_ELEMENT_SEGMENTS,
        )?;
        let table_entries = self
            .tables
            .iter()
            .fold(0u64, |sum, t| sum.saturating_add(t.initial));
        check_limit(Limit::TableEntries, table_entries, MAX_TABLE_ENTRIES)?;
        check_limit(
            Limit::ElementEntries,
            self.element_bytes,
            MAX_ELEMENT_ENTRIES,
        )?;
        check_limit(Limit::Globals, self.globals, MAX_GLOBALS)
    }

    /// Checks every body; returns the total operator count.
    fn check_code(&self) -> Result<u64, ValidationError> {
        let mut total = 0u64;
        for (function, body) in (self.imported_funcs..).zip(&self.bodies) {
            let params = self
                .func_type(function)
                .map_or(0, |t| count(t.params().len()));
            let mut locals = body.get_locals_reader()?;
            let mut declared = 0u64;
            for _ in 0..locals.get_count() {
                declared = declared.saturating_add(u64::from(locals.read()?.0));
            }
            let all_locals = declared.saturating_add(params);
            check_limit(Limit::Locals { function }, all_locals, MAX_LOCALS)?;

            let mut ops = body.get_operators_reader()?;
            let mut operators = 0u64;
            let mut first_unsupported = None;
            let mut first_float = None;
            while !ops.eof() {
                let (op, offset) = ops.read_with_offset()?;
                operators += 1;
                match classify(&op) {
                    OperatorClass::Supported => {}
                    OperatorClass::Float => {
                        first_float.get_or_insert((to_u64(offset), operator_name(&op)));
                    }
                    OperatorClass::Unsupported => {
                        first_unsupported.get_or_insert((to_u64(offset), operator_name(&op)));
                    }
                }
            }
            check_limit(Limit::Operators { function }, operators, MAX_OPERATORS)?;
            if let Some((offset, operator)) = first_unsupported {
                return Err(ValidationError::UnsupportedOperator {
                    function,
                    offset,
                    operator,
                });
            }
            if let Some((offset, operator)) = first_float {
                return Err(ValidationError::FloatOperator {
                    function,
                    offset,
                    operator,
                });
            }
            total = total.saturating_add(operators);
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_modules::{minimal, module, ENTRY, HOOKS, MEMORY};
    use std::fmt::Write as _;

    fn rejects(wat: &str) -> ValidationError {
        match validate(&module(wat)) {
            Ok(summary) => panic!("module should be rejected, got {summary:?}:\n{wat}"),
            Err(e) => e,
        }
    }

    fn invalid_message(wat: &str) -> String {
        match rejects(wat) {
            ValidationError::Invalid { message, .. } => message,
            other => panic!("expected a wasmparser rejection, got {other:?}"),
        }
    }

    fn limit(wat: &str) -> (Limit, u64, u64) {
        match rejects(wat) {
            ValidationError::LimitExceeded { limit, actual, max } => (limit, actual, max),
            other => panic!("expected a limit error, got {other:?}"),
        }
    }

    #[test]
    fn minimal_stylus_module_passes() {
        let summary = validate(&minimal()).unwrap();
        assert_eq!(summary.imports, ["pay_for_memory_grow", "read_args"]);
        assert_eq!(summary.functions, 1);
        assert_eq!(summary.initial_pages, 1);
        assert_eq!(summary.maximum_pages, None);
        assert_eq!(summary.operators, 6);
        assert_eq!(
            summary.to_string(),
            "2 vm_hooks imports, 1 functions, 6 operators, 0 globals, 0 data bytes, \
             memory 1 page(s) initial, no max"
        );
    }

    #[test]
    fn garbage_never_panics() {
        let mut inputs: Vec<Vec<u8>> = vec![
            vec![],
            b"\0asm".to_vec(),
            vec![0xff; 64],
            vec![
                0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f,
            ],
        ];
        let good = minimal();
        for cut in 0..good.len() {
            inputs.push(good[..cut].to_vec());
        }
        for i in 8..good.len() {
            let mut flipped = good.clone();
            flipped[i] ^= 0x5a;
            inputs.push(flipped);
        }
        for input in inputs {
            // Must return, Ok or Err; a panic fails the test.
            let _ = validate(&input);
        }
        assert!(matches!(
            validate(b"garbage"),
            Err(ValidationError::Invalid { .. })
        ));
    }

    #[test]
    fn rejects_start_function() {
        let e = rejects(&format!("{HOOKS} {MEMORY} {ENTRY} (func $s) (start $s)"));
        assert_eq!(e, ValidationError::StartFunction);
    }

    #[test]
    fn rejects_foreign_import_and_names_it() {
        let e = rejects(&format!(
            r#"{HOOKS} (import "env" "abort" (func)) {MEMORY} {ENTRY}"#
        ));
        assert_eq!(
            e,
            ValidationError::ForeignImport {
                module: "env".into(),
                name: "abort".into()
            }
        );
        assert!(e.to_string().contains("env.abort"));
    }

    #[test]
    fn rejects_non_function_import() {
        let e = rejects(&format!(
            r#"{HOOKS} (import "vm_hooks" "g" (global i32)) {MEMORY} {ENTRY}"#
        ));
        assert!(
            matches!(e, ValidationError::NonFunctionImport { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_reserved_and_shadowing_names() {
        let e = rejects(&format!(
            r#"{HOOKS} {MEMORY} {ENTRY} (func (export "stylus_ink_left"))"#
        ));
        assert_eq!(
            e,
            ValidationError::ReservedName {
                name: "stylus_ink_left".into()
            }
        );
        let e = rejects(&format!(
            r#"{HOOKS} {MEMORY} {ENTRY} (func (export "x__read_args"))"#
        ));
        assert_eq!(
            e,
            ValidationError::ExportShadowsImport {
                export: "x__read_args".into()
            }
        );
    }

    #[test]
    fn rejects_inconsistent_duplicate_import() {
        let e = rejects(&format!(
            r#"{HOOKS} (import "vm_hooks" "read_args" (func (param i64))) {MEMORY} {ENTRY}"#
        ));
        assert!(
            matches!(e, ValidationError::InconsistentImport { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_missing_entrypoint() {
        let e = rejects(&format!(
            r#"{HOOKS} {MEMORY} (func (export "main") (param i32) (result i32) i32.const 0)"#
        ));
        assert_eq!(e, ValidationError::MissingEntrypoint);
    }

    #[test]
    fn rejects_wrong_entrypoint_type() {
        let e = rejects(&format!(
            r#"{HOOKS} {MEMORY} (func (export "user_entrypoint") (param i64) (result i32) i32.const 0)"#
        ));
        assert_eq!(
            e,
            ValidationError::WrongEntrypoint {
                found: "(func (param i64) (result i32))".into()
            }
        );
        let e = rejects(&format!(
            r#"{HOOKS} {MEMORY} (global (export "user_entrypoint") i32 (i32.const 0))"#
        ));
        assert_eq!(
            e,
            ValidationError::WrongEntrypoint {
                found: "global".into()
            }
        );
    }

    #[test]
    fn rejects_missing_memory_export() {
        let e = rejects(&format!("{HOOKS} (memory 1) {ENTRY}"));
        assert_eq!(e, ValidationError::MissingMemoryExport);
        let e = rejects(&format!(r#"{HOOKS} (memory (export "mem") 1) {ENTRY}"#));
        assert_eq!(e, ValidationError::MissingMemoryExport);
    }

    #[test]
    fn rejects_missing_memory() {
        assert_eq!(
            rejects(&format!("{HOOKS} {ENTRY}")),
            ValidationError::MissingMemory
        );
    }

    #[test]
    fn rejects_two_memories() {
        let message = invalid_message(&format!("{HOOKS} {MEMORY} (memory 1) {ENTRY}"));
        assert!(message.contains("multiple memories"), "{message}");
    }

    #[test]
    fn rejects_too_many_initial_pages() {
        let (what, actual, max) = limit(&format!(
            r#"{HOOKS} (memory (export "memory") 129) {ENTRY}"#
        ));
        assert_eq!((what, actual, max), (Limit::InitialPages, 129, 128));
        validate(&module(&format!(
            r#"{HOOKS} (memory (export "memory") 128) {ENTRY}"#
        )))
        .unwrap();
    }

    #[test]
    fn growable_memory_needs_pay_for_memory_grow() {
        let no_hook = r#"(import "vm_hooks" "read_args" (func (param i32)))"#;
        let e = rejects(&format!("{no_hook} {MEMORY} {ENTRY}"));
        assert_eq!(e, ValidationError::MissingPayForMemoryGrow);
        // A maximum above the initial size can still grow.
        let e = rejects(&format!(
            r#"{no_hook} (memory (export "memory") 1 2) {ENTRY}"#
        ));
        assert_eq!(e, ValidationError::MissingPayForMemoryGrow);
        // A fixed-size memory needs no hook.
        validate(&module(&format!(
            r#"{no_hook} (memory (export "memory") 1 1) {ENTRY}"#
        )))
        .unwrap();
    }

    #[test]
    fn rejects_wrongly_typed_pay_for_memory_grow() {
        let e = rejects(&format!(
            r#"(import "vm_hooks" "pay_for_memory_grow" (func (param i32) (result i32))) {MEMORY} {ENTRY}"#
        ));
        assert!(
            matches!(e, ValidationError::WrongPayForMemoryGrow { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_float_operator() {
        let e = rejects(&format!(
            "{HOOKS} {MEMORY} {ENTRY} (func (result i64) f64.const 1.5 i64.trunc_sat_f64_s)"
        ));
        match e {
            ValidationError::FloatOperator {
                function, operator, ..
            } => {
                assert_eq!(function, 3);
                assert_eq!(operator, "F64Const");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rejects_memory_init_and_data_drop() {
        let data = r#"(data $d "abc")"#;
        let e = rejects(&format!(
            "{HOOKS} {MEMORY} {ENTRY} {data} (func i32.const 0 i32.const 0 i32.const 1 memory.init $d)"
        ));
        assert!(
            matches!(
                e,
                ValidationError::UnsupportedOperator {
                    operator: "MemoryInit",
                    ..
                }
            ),
            "{e:?}"
        );
        let e = rejects(&format!(
            "{HOOKS} {MEMORY} {ENTRY} {data} (func data.drop $d)"
        ));
        assert!(
            matches!(
                e,
                ValidationError::UnsupportedOperator {
                    operator: "DataDrop",
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn rejects_table_operators() {
        let table = "(table 2 funcref) (elem $e func 0)";
        let e = rejects(&format!(
            "{HOOKS} {MEMORY} {ENTRY} {table} (func i32.const 0 i32.const 0 i32.const 1 table.copy)"
        ));
        assert!(
            matches!(
                e,
                ValidationError::UnsupportedOperator {
                    operator: "TableCopy",
                    ..
                }
            ),
            "{e:?}"
        );
        let e = rejects(&format!(
            "{HOOKS} {MEMORY} {ENTRY} {table} (func elem.drop $e)"
        ));
        assert!(
            matches!(
                e,
                ValidationError::UnsupportedOperator {
                    operator: "ElemDrop",
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn reference_types_ops_are_rejected_by_the_feature_set() {
        let message = invalid_message(&format!(
            "{HOOKS} {MEMORY} {ENTRY} (table 1 funcref) (func (result i32) table.size 0)"
        ));
        assert!(message.contains("reference types"), "{message}");
        // call_indirect into a second table needs reference types too.
        let message = invalid_message(&format!(
            "{HOOKS} {MEMORY} {ENTRY} (table 1 funcref) (table $t2 1 funcref)
             (func i32.const 0 call_indirect $t2 (type 1))"
        ));
        assert!(
            message.contains("reference types") || message.contains("multiple tables"),
            "{message}"
        );
    }

    #[test]
    fn rejects_simd() {
        let message = invalid_message(&format!(
            "{HOOKS} {MEMORY} {ENTRY} (func i32.const 0 i32x4.splat drop)"
        ));
        assert!(message.contains("SIMD"), "{message}");
    }

    #[test]
    fn rejects_multi_value() {
        let message = invalid_message(&format!(
            "{HOOKS} {MEMORY} {ENTRY} (func (result i32 i32) i32.const 0 i32.const 1)"
        ));
        assert!(
            message.contains("multi-value") || message.contains("multiple"),
            "{message}"
        );
    }

    #[test]
    fn rejects_too_many_locals_params_included() {
        // 340 params + 8 locals = 348: accepted; one more local: rejected.
        let params = "i32 ".repeat(340);
        let ok = format!("{HOOKS} {MEMORY} {ENTRY} (func (param {params}) (local i64 i64 i64 i64 i64 i64 i64 i64))");
        validate(&module(&ok)).unwrap();
        let bad = format!(
            "{HOOKS} {MEMORY} {ENTRY} (func (param {params}) (local i64 i64 i64 i64 i64 i64 i64 i64 i64))"
        );
        assert_eq!(limit(&bad), (Limit::Locals { function: 3 }, 349, 348));
    }

    #[test]
    fn rejects_too_many_operators() {
        // 32767 nops + `i32.const 0` ... plus drops: count = 2 * 32768 + 1 (end) = 65537.
        let body = "i32.const 0 drop ".repeat(32768);
        let (what, actual, max) = limit(&format!("{HOOKS} {MEMORY} {ENTRY} (func {body})"));
        assert_eq!(
            (what, actual, max),
            (Limit::Operators { function: 3 }, 65537, 65536)
        );
    }

    #[test]
    fn rejects_too_many_data_segments() {
        let data = r#"(data (i32.const 0) "x") "#.repeat(129);
        assert_eq!(
            limit(&format!("{HOOKS} {MEMORY} {ENTRY} {data}")).0,
            Limit::DataSegments
        );
    }

    #[test]
    fn rejects_too_many_element_segments_and_table_entries() {
        let elems = "(elem (i32.const 0) func 0) ".repeat(129);
        let wat = format!("{HOOKS} {MEMORY} {ENTRY} (table 1 funcref) {elems}");
        assert_eq!(limit(&wat).0, Limit::ElementSegments);
        let wat = format!("{HOOKS} {MEMORY} {ENTRY} (table 4097 funcref)");
        assert_eq!(limit(&wat), (Limit::TableEntries, 4097, 4096));
    }

    #[test]
    fn rejects_too_many_functions_and_imports() {
        let funcs = "(func) ".repeat(4096);
        let (what, actual, _) = limit(&format!("{HOOKS} {MEMORY} {ENTRY} {funcs}"));
        assert_eq!((what, actual), (Limit::Functions, 4097));
        let imports: String = (0..512).fold(String::new(), |mut s, i| {
            let _ = write!(s, r#"(import "vm_hooks" "h{i}" (func)) "#);
            s
        });
        let (what, actual, _) = limit(&format!("{HOOKS} {imports} {MEMORY} {ENTRY}"));
        assert_eq!((what, actual), (Limit::Imports, 514));
    }

    #[test]
    fn rejects_too_many_exports() {
        let exports = (0..1024).fold(String::new(), |mut s, i| {
            let _ = write!(s, r#"(export "e{i}" (func 2)) "#);
            s
        });
        let (what, actual, _) = limit(&format!("{HOOKS} {MEMORY} {ENTRY} {exports}"));
        assert_eq!((what, actual), (Limit::Exports, 1026));
    }

    #[test]
    fn rejects_long_names() {
        let long = "a".repeat(513);
        let e = rejects(&format!(
            r#"{HOOKS} {MEMORY} {ENTRY} (func (export "{long}"))"#
        ));
        assert_eq!(
            e,
            ValidationError::NameTooLong {
                kind: NameKind::Export,
                len: 513
            }
        );
        let e = rejects(&format!(
            r#"{HOOKS} (import "vm_hooks" "{long}" (func)) {MEMORY} {ENTRY}"#
        ));
        assert_eq!(
            e,
            ValidationError::NameTooLong {
                kind: NameKind::Import,
                len: 513
            }
        );
        let e = rejects(&format!(
            r#"{HOOKS} (import "{long}" "f" (func)) {MEMORY} {ENTRY}"#
        ));
        assert_eq!(
            e,
            ValidationError::NameTooLong {
                kind: NameKind::ImportModule,
                len: 513
            }
        );
        let wasm = wat::parse_str(format!("(module ${long} {HOOKS} {MEMORY} {ENTRY})")).unwrap();
        assert_eq!(
            validate(&wasm),
            Err(ValidationError::NameTooLong {
                kind: NameKind::Module,
                len: 513
            })
        );
    }

    #[test]
    fn rejects_oversized_wasm() {
        // A 129 KiB data segment keeps the module otherwise valid.
        let data = format!(r#"(data (i32.const 0) "{}")"#, "x".repeat(129 * 1024));
        let (what, actual, max) = limit(&format!("{HOOKS} {MEMORY} {ENTRY} {data}"));
        assert_eq!(what, Limit::WasmSize);
        assert!(actual > max && max == 131_072);
    }

    #[test]
    fn allows_bulk_memory_copy_fill_and_sign_extension() {
        let wat = format!(
            "{HOOKS} {MEMORY} {ENTRY}
             (func i32.const 0 i32.const 8 i32.const 4 memory.copy
                   i32.const 0 i32.const 0 i32.const 4 memory.fill)
             (func (param i32) (result i32) local.get 0 i32.extend8_s)"
        );
        validate(&module(&wat)).unwrap();
    }
}
