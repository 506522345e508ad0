//! Operator classification: which wasm operators Nitro cannot run.
//!
//! The names come from wasmparser's own operator list (`for_each_operator!`), so new operators
//! in a future wasmparser are classified without editing this file.

use wasmparser::Operator;

/// How Nitro treats an operator that passed wasmparser's validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorClass {
    /// Metered normally.
    Supported,
    /// A floating-point operator (load, store, const, arithmetic, conversion): it validates, but
    /// its ink price is `u64::MAX`.
    Float,
    /// Rejected or priced at `u64::MAX`: `memory.init`, `data.drop`, every table and element
    /// operator, and operators of proposals Nitro disables (reference types, atomics, SIMD,
    /// exceptions, tail calls, GC, ...), which its validator normally rejects first.
    Unsupported,
}

/// Returns wasmparser's variant name of `op`, e.g. `"I32Add"` or `"MemoryInit"`.
pub fn operator_name(op: &Operator<'_>) -> &'static str {
    macro_rules! name_of {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $( Operator::$op { .. } => stringify!($op), )*
                _ => "UnknownOperator",
            }
        };
    }
    wasmparser::for_each_operator!(name_of)
}

/// Returns the wasm proposal wasmparser files `op` under, e.g. `"mvp"`, `"bulk_memory"`,
/// `"simd"`.
pub fn operator_proposal(op: &Operator<'_>) -> &'static str {
    macro_rules! proposal_of {
        ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
            match op {
                $( Operator::$op { .. } => stringify!($proposal), )*
                _ => "unknown",
            }
        };
    }
    wasmparser::for_each_operator!(proposal_of)
}

/// Classifies `op` the way Nitro's metering prices it.
pub fn classify(op: &Operator<'_>) -> OperatorClass {
    let name = operator_name(op);
    let proposal = operator_proposal(op);
    let supported_proposal = matches!(
        proposal,
        "mvp" | "sign_extension" | "saturating_float_to_int" | "bulk_memory"
    );
    if !supported_proposal
        || matches!(op, Operator::MemoryInit { .. } | Operator::DataDrop { .. })
        || name.starts_with("Table")
        || name.starts_with("Elem")
    {
        OperatorClass::Unsupported
    } else if name.contains("F32") || name.contains("F64") {
        OperatorClass::Float
    } else {
        OperatorClass::Supported
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::Ieee64;

    #[test]
    fn names_and_proposals_come_from_wasmparser() {
        assert_eq!(operator_name(&Operator::I32Add), "I32Add");
        assert_eq!(operator_proposal(&Operator::I32Add), "mvp");
        assert_eq!(
            operator_name(&Operator::MemoryInit {
                data_index: 0,
                mem: 0
            }),
            "MemoryInit"
        );
        assert_eq!(
            operator_proposal(&Operator::MemoryCopy {
                dst_mem: 0,
                src_mem: 0
            }),
            "bulk_memory"
        );
    }

    #[test]
    fn classifies_like_nitro_pricing() {
        use OperatorClass::{Float, Supported, Unsupported};
        let cases = [
            (Operator::I64Add, Supported),
            (Operator::I32Extend8S, Supported),
            (
                Operator::MemoryCopy {
                    dst_mem: 0,
                    src_mem: 0,
                },
                Supported,
            ),
            (Operator::MemoryFill { mem: 0 }, Supported),
            (
                Operator::CallIndirect {
                    type_index: 0,
                    table_index: 0,
                },
                Supported,
            ),
            (Operator::F64Add, Float),
            (Operator::F32ConvertI32S, Float),
            (
                Operator::F64Const {
                    value: Ieee64::from(1.0),
                },
                Float,
            ),
            (Operator::I32TruncSatF64S, Float),
            (Operator::I64ReinterpretF64, Float),
            (
                Operator::MemoryInit {
                    data_index: 0,
                    mem: 0,
                },
                Unsupported,
            ),
            (Operator::DataDrop { data_index: 0 }, Unsupported),
            (
                Operator::TableCopy {
                    dst_table: 0,
                    src_table: 0,
                },
                Unsupported,
            ),
            (
                Operator::TableInit {
                    elem_index: 0,
                    table: 0,
                },
                Unsupported,
            ),
            (Operator::ElemDrop { elem_index: 0 }, Unsupported),
            (Operator::TableSize { table: 0 }, Unsupported),
            (Operator::RefIsNull, Unsupported),
            (Operator::ReturnCall { function_index: 0 }, Unsupported),
            (Operator::Throw { tag_index: 0 }, Unsupported),
        ];
        for (op, class) in cases {
            assert_eq!(classify(&op), class, "{op:?}");
        }
    }
}
