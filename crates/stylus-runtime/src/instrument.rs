//! The activation-time rewrite of a program: ink metering and paid memory growth (reference
//! note 3.4 and 1.4), done with wasmparser and wasm-encoder's re-encoder.
//!
//! * Two globals are appended and exported: [`INK_LEFT`] (`i64`, the frame's ink) and
//!   [`INK_STATUS`] (`i32`, set to 1 when the program ran out of ink).
//! * Every function body is cut into basic blocks; a block ends after `end`, `else`, `return`,
//!   `loop`, `br`, `br_if`, `br_table`, `if`, `call` and `call_indirect`. Before each block the
//!   rewrite inserts "if ink < cost then status = 1, trap; else ink -= cost", where cost is
//!   the sum of [`op_ink`] over the block plus [`BLOCK_INK`]. The inserted code is not charged.
//! * `memory.copy` and `memory.fill` also charge [`MEMORY_BYTE_INK`] per byte at run time.
//! * `memory.grow` first calls the imported `pay_for_memory_grow` with the same page count, as
//!   Nitro's heap-bound pass does, so that the host charges the page price.
//!
//! Host functions read and write the same global, so ink spent by the guest and by the host
//! come out of one balance, as on chain.

use std::fmt;

use wasm_encoder::{
    reencode::{self, Reencode, RoundtripReencoder},
    BlockType, ConstExpr, ExportKind, GlobalType, Instruction, SectionId, ValType,
};
use wasmparser::{FunctionBody, Operator, Parser, Payload, TypeRef};

use crate::pricing::{ends_block, op_ink, BLOCK_INK, MEMORY_BYTE_INK};

/// Export name of the ink global.
pub const INK_LEFT: &str = "stylus_ink_left";

/// Export name of the out-of-ink status global.
pub const INK_STATUS: &str = "stylus_ink_status";

/// Why a module could not be instrumented (only for modules that did not pass validation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentError(pub String);

impl fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "metering rewrite failed: {}", self.0)
    }
}

impl std::error::Error for InstrumentError {}

impl<E: fmt::Debug> From<reencode::Error<E>> for InstrumentError {
    fn from(e: reencode::Error<E>) -> Self {
        Self(format!("{e:?}"))
    }
}

impl From<wasmparser::BinaryReaderError> for InstrumentError {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Self(e.to_string())
    }
}

/// Returns `wasm` with ink metering and paid memory growth; see the module docs.
///
/// # Errors
///
/// [`InstrumentError`] if the module cannot be parsed or re-encoded. Modules that pass
/// [`stylus_wasm::validate()`] always can.
pub fn instrument(wasm: &[u8]) -> Result<Vec<u8>, InstrumentError> {
    let facts = Facts::gather(wasm)?;
    let mut meter = Meter {
        ink: facts.globals,
        status: facts.globals + 1,
        next_function: 0,
        globals_written: false,
        facts,
    };
    let mut module = wasm_encoder::Module::new();
    meter.parse_core_module(&mut module, Parser::new(0), wasm)?;
    Ok(module.finish())
}

/// What the rewrite needs to know before it re-encodes the module.
struct Facts {
    /// Parameter count of every type in the type section.
    type_params: Vec<u32>,
    /// Type index of every defined function.
    function_types: Vec<u32>,
    /// Index of the imported `vm_hooks.pay_for_memory_grow`, if imported.
    pay_for_memory_grow: Option<u32>,
    /// Globals defined by the module (Stylus modules import none).
    globals: u32,
}

impl Facts {
    fn gather(wasm: &[u8]) -> Result<Self, InstrumentError> {
        let mut facts = Self {
            type_params: Vec::new(),
            function_types: Vec::new(),
            pay_for_memory_grow: None,
            globals: 0,
        };
        let mut imported_functions = 0;
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        let ty = ty?;
                        facts.type_params.push(count(ty.params().len()));
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        if let TypeRef::Func(_) = import.ty {
                            if import.module == stylus_wasm::limits::HOST_MODULE
                                && import.name == stylus_wasm::limits::PAY_FOR_MEMORY_GROW
                            {
                                facts.pay_for_memory_grow = Some(imported_functions);
                            }
                            imported_functions += 1;
                        } else {
                            return Err(InstrumentError("non-function import".into()));
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        facts.function_types.push(ty?);
                    }
                }
                Payload::GlobalSection(reader) => facts.globals = reader.count(),
                _ => {}
            }
        }
        Ok(facts)
    }

    fn params_of_type(&self, ty: u32) -> u32 {
        usize::try_from(ty)
            .ok()
            .and_then(|i| self.type_params.get(i))
            .copied()
            .unwrap_or(0)
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The re-encoder that performs the rewrite.
struct Meter {
    facts: Facts,
    /// Index of the ink global.
    ink: u32,
    /// Index of the status global.
    status: u32,
    /// Index (among defined functions) of the next body.
    next_function: usize,
    /// Whether the two globals were emitted (inside an existing global section or a new one).
    globals_written: bool,
}

/// Section order rank (custom sections aside), to find where a missing global section goes.
fn rank(id: SectionId) -> u8 {
    match id {
        SectionId::Type => 1,
        SectionId::Import => 2,
        SectionId::Function => 3,
        SectionId::Table => 4,
        SectionId::Memory => 5,
        SectionId::Tag => 6,
        SectionId::Global => 7,
        SectionId::Export => 8,
        SectionId::Start => 9,
        SectionId::Element => 10,
        SectionId::DataCount => 11,
        SectionId::Code => 12,
        SectionId::Data => 13,
        SectionId::Custom => 0,
    }
}

impl Meter {
    fn add_globals(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        let mutable = |val_type| GlobalType {
            val_type,
            mutable: true,
            shared: false,
        };
        globals.global(mutable(ValType::I64), &ConstExpr::i64_const(0));
        globals.global(mutable(ValType::I32), &ConstExpr::i32_const(0));
        self.globals_written = true;
    }

    /// "if ink < cost { status = 1; unreachable } ink -= cost", with the cost either a
    /// constant or in the local `cost_local`.
    fn charge(&self, function: &mut wasm_encoder::Function, cost: Cost) {
        let push_cost = match cost {
            // Costs above i64::MAX (unusable operators) wrap to negative values; the unsigned
            // comparison still sees them as huge.
            #[allow(clippy::cast_possible_wrap)]
            Cost::Constant(ink) => Instruction::I64Const(ink as i64),
            Cost::Local(local) => Instruction::LocalGet(local),
        };
        for instruction in [
            Instruction::GlobalGet(self.ink),
            push_cost.clone(),
            Instruction::I64LtU,
            Instruction::If(BlockType::Empty),
            Instruction::I32Const(1),
            Instruction::GlobalSet(self.status),
            Instruction::Unreachable,
            Instruction::End,
            Instruction::GlobalGet(self.ink),
            push_cost,
            Instruction::I64Sub,
            Instruction::GlobalSet(self.ink),
        ] {
            function.instruction(&instruction);
        }
    }
}

/// A block's or a dynamic operation's ink.
#[derive(Clone, Copy)]
enum Cost {
    Constant(u64),
    Local(u32),
}

impl Reencode for Meter {
    type Error = std::convert::Infallible;

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        reencode::utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        let global = rank(SectionId::Global);
        let after_ok = after.is_none_or(|s| rank(s) < global);
        let before_ok = before.is_none_or(|s| rank(s) > global);
        if !self.globals_written && after_ok && before_ok {
            let mut globals = wasm_encoder::GlobalSection::new();
            self.add_globals(&mut globals);
            module.section(&globals);
        }
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        reencode::utils::parse_export_section(self, exports, section)?;
        exports.export(INK_LEFT, ExportKind::Global, self.ink);
        exports.export(INK_STATUS, ExportKind::Global, self.status);
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        let ty = self
            .facts
            .function_types
            .get(self.next_function)
            .copied()
            .unwrap_or(0);
        self.next_function += 1;
        let mut locals = Vec::new();
        let mut local_count = self.facts.params_of_type(ty);
        for pair in func.get_locals_reader()? {
            let (n, ty) = pair?;
            local_count = local_count.saturating_add(n);
            locals.push((n, RoundtripReencoder.val_type(ty)?));
        }
        // Two scratch locals: the byte or page count (i32) and a dynamic cost (i64).
        let scratch32 = local_count;
        let scratch64 = local_count + 1;
        locals.push((1, ValType::I32));
        locals.push((1, ValType::I64));
        let mut function = wasm_encoder::Function::new(locals);

        let mut block: Vec<Operator<'_>> = Vec::new();
        let mut block_ink = 0_u64;
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            let params = match &op {
                Operator::CallIndirect { type_index, .. } => {
                    u64::from(self.facts.params_of_type(*type_index))
                }
                _ => 0,
            };
            block_ink = block_ink.saturating_add(op_ink(&op, params));
            let end = ends_block(&op);
            block.push(op);
            if end {
                self.charge(
                    &mut function,
                    Cost::Constant(block_ink.saturating_add(BLOCK_INK)),
                );
                for op in block.drain(..) {
                    self.emit(&mut function, op, scratch32, scratch64)?;
                }
                block_ink = 0;
            }
        }
        // A valid body ends with `end`, which closes the last block; anything left is emitted
        // uncharged only for malformed input.
        for op in block.drain(..) {
            self.emit(&mut function, op, scratch32, scratch64)?;
        }
        code.function(&function);
        Ok(())
    }
}

impl Meter {
    /// Emits `op`, expanded for the dynamic charges.
    fn emit(
        &mut self,
        function: &mut wasm_encoder::Function,
        op: Operator<'_>,
        scratch32: u32,
        scratch64: u32,
    ) -> Result<(), reencode::Error<std::convert::Infallible>> {
        match op {
            Operator::MemoryCopy { .. } | Operator::MemoryFill { .. } => {
                for instruction in [
                    Instruction::LocalTee(scratch32),
                    Instruction::LocalGet(scratch32),
                    Instruction::I64ExtendI32U,
                    Instruction::I64Const(i64::try_from(MEMORY_BYTE_INK).unwrap_or(i64::MAX)),
                    Instruction::I64Mul,
                    Instruction::LocalSet(scratch64),
                ] {
                    function.instruction(&instruction);
                }
                self.charge(function, Cost::Local(scratch64));
            }
            Operator::MemoryGrow { .. } => {
                if let Some(pay) = self.facts.pay_for_memory_grow {
                    for instruction in [
                        Instruction::LocalTee(scratch32),
                        Instruction::Call(pay),
                        Instruction::LocalGet(scratch32),
                    ] {
                        function.instruction(&instruction);
                    }
                }
            }
            _ => {}
        }
        function.instruction(&self.instruction(op)?);
        Ok(())
    }
}
