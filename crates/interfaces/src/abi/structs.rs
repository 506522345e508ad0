//! Solidity's `internalType`s for the JSON ABIs: every parameter gets the type solc would
//! write, and tuples become the named structs of this crate
//! (`struct IMintingCertificates.DeviceInput[]`), so that code generators name them and
//! `to_sol` declares them.
//!
//! alloy's `sol!` leaves `internalType` out of the ABIs it generates (alloy 0.8), so the
//! structs are named here: a tuple parameter is matched to the struct of [`STRUCTS`] with the
//! same field names and types. A tuple that matches none is a bug in this crate (a struct
//! used in an interface but missing from [`STRUCTS`]): [`name_structs`] panics saying so, and
//! the unit tests and `scripts/abi` run it on every contract.

#[cfg(test)]
use alloc::vec;
use alloc::{borrow::ToOwned, format, string::String, vec::Vec};

use alloy_json_abi::{EventParam, InternalType, JsonAbi, Param};
use alloy_sol_types::SolStruct;

use crate::certificates;

/// A struct of this crate: its Solidity name and its fields as `(name, type)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedStruct {
    /// The struct's name.
    pub name: &'static str,
    /// Its fields, in order: `(name, Solidity type)`.
    pub fields: Vec<(String, String)>,
}

/// The struct `T` as `sol!` declared it, read from its EIP-712 type string
/// (`DeviceInput(string serial,uint64 imei,...)`).
///
/// # Panics
///
/// If the type string is not `Name(type name,...)` (it always is for a `sol!` struct).
#[must_use]
pub fn named<T: SolStruct>() -> NamedStruct {
    let root = T::eip712_root_type();
    let fields = root
        .strip_prefix(T::NAME)
        .and_then(|rest| rest.strip_prefix('('))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected EIP-712 type {root}"));
    NamedStruct {
        name: T::NAME,
        fields: fields
            .split(',')
            .filter(|f| !f.is_empty())
            .map(|field| {
                let (ty, name) = field
                    .rsplit_once(' ')
                    .unwrap_or_else(|| panic!("unexpected field {field} in {root}"));
                (name.to_owned(), ty.to_owned())
            })
            .collect(),
    }
}

/// Every struct that appears in a parameter of a published interface.
#[must_use]
pub fn structs() -> Vec<NamedStruct> {
    STRUCTS.iter().map(|f| f()).collect()
}

/// The struct types that interfaces take or return, each by its `sol!` type.
pub const STRUCTS: &[fn() -> NamedStruct] = &[named::<certificates::DeviceInput>];

/// Sets solc's `internalType` on every parameter of `abi`; structs are named as declared in
/// the published interface `interface`.
///
/// # Panics
///
/// If a tuple parameter matches no struct of [`STRUCTS`].
pub fn name_structs(abi: &mut JsonAbi, interface: &str) {
    let known = structs();
    let mut name = |param: &mut Param| name_param(param, interface, &known);
    if let Some(c) = abi.constructor.as_mut() {
        c.inputs.iter_mut().for_each(&mut name);
    }
    for f in abi.functions.values_mut().flatten() {
        f.inputs
            .iter_mut()
            .chain(f.outputs.iter_mut())
            .for_each(&mut name);
    }
    for e in abi.errors.values_mut().flatten() {
        e.inputs.iter_mut().for_each(&mut name);
    }
    for e in abi.events.values_mut().flatten() {
        for p in &mut e.inputs {
            name_event_param(p, interface, &known);
        }
    }
}

fn name_event_param(param: &mut EventParam, interface: &str, known: &[NamedStruct]) {
    let mut as_param = Param {
        ty: param.ty.clone(),
        name: param.name.clone(),
        components: param.components.clone(),
        internal_type: None,
    };
    name_param(&mut as_param, interface, known);
    param.components = as_param.components;
    param.internal_type = as_param.internal_type;
}

fn name_param(param: &mut Param, interface: &str, known: &[NamedStruct]) {
    for component in &mut param.components {
        name_param(component, interface, known);
    }
    param.internal_type = Some(match param.ty.strip_prefix("tuple") {
        Some(suffix) => {
            let fields: Vec<(String, String)> = param
                .components
                .iter()
                .map(|c| (c.name.clone(), solidity_type(c)))
                .collect();
            let found = known
                .iter()
                .find(|s| s.fields == fields)
                .unwrap_or_else(|| {
                    panic!(
                        "parameter {} is a tuple that matches no struct of abi::structs::STRUCTS: \
                     declare it as a struct in crates/interfaces and list it there",
                        param.name
                    )
                });
            InternalType::Struct {
                contract: Some(interface.to_owned()),
                ty: format!("{}{suffix}", found.name),
            }
        }
        None => InternalType::Other {
            contract: None,
            ty: param.ty.clone(),
        },
    });
}

/// The Solidity type of a parameter as a struct field is written: the struct name for a
/// named tuple, the ABI type otherwise.
fn solidity_type(param: &Param) -> String {
    match &param.internal_type {
        Some(InternalType::Struct { ty, .. }) => ty.clone(),
        _ => param.ty.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_input_is_read_from_its_eip712_type() {
        let s = named::<certificates::DeviceInput>();
        assert_eq!(s.name, "DeviceInput");
        assert_eq!(
            s.fields.first().unwrap(),
            &("serial".into(), "string".into())
        );
        assert_eq!(
            s.fields.last().unwrap(),
            &("signature".into(), "bytes".into())
        );
        assert_eq!(s.fields.len(), 13);
    }

    #[test]
    fn structs_are_distinct() {
        let all = structs();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.fields, b.fields, "{} and {}", a.name, b.name);
            }
        }
    }

    #[test]
    fn tuples_become_named_structs_and_other_types_keep_theirs() {
        let mut abi = JsonAbi::new();
        let f = certificates::IDeviceCertificates::abi::contract().functions["mintCertificates"]
            .clone();
        abi.functions.insert(f[0].name.clone(), f);
        name_structs(&mut abi, "IThing");
        let f = &abi.functions["mintCertificates"][0];
        assert_eq!(
            f.inputs[2].internal_type.as_ref().unwrap().to_string(),
            "struct IThing.DeviceInput[]"
        );
        assert_eq!(
            f.inputs[0].internal_type.as_ref().unwrap().to_string(),
            "uint256"
        );
        assert_eq!(
            f.inputs[2].components[12]
                .internal_type
                .as_ref()
                .unwrap()
                .to_string(),
            "bytes"
        );
    }

    #[test]
    #[should_panic(expected = "matches no struct")]
    fn an_unknown_tuple_is_refused() {
        let field = |name: &str, ty: &str| Param {
            ty: ty.into(),
            name: name.into(),
            components: Vec::new(),
            internal_type: None,
        };
        let mut abi = JsonAbi::parse(["function f(uint8 x)"]).unwrap();
        let f = abi.functions.get_mut("f").unwrap();
        f[0].inputs[0] = Param {
            ty: "tuple".into(),
            name: "x".into(),
            components: vec![field("a", "uint8"), field("b", "bool")],
            internal_type: None,
        };
        name_structs(&mut abi, "IThing");
    }
}
