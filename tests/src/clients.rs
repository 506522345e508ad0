//! The JavaScript clients a dApp uses (solc, viem), run with `node` on the scripts of
//! `tests/js/tools/` from the pinned packages of `tests/js/` (installed by `.ci/run` with
//! `npm ci`): solc's ERC-165 ids of the published interfaces, and EIP-712 signatures made by
//! viem's `signTypedData`. The end-to-end tests give both to the compiled contracts.
//!
//! Both fail loudly, saying what to run, when `node` or `tests/js/node_modules` is missing.

use std::path::PathBuf;
use std::process::Command;

use alloy_primitives::{hex, Address, FixedBytes, U256};
use alloy_sol_types::{Eip712Domain, SolStruct, SolValue};
use dimo_interfaces::signer::DeviceKey;

use crate::artifacts::workspace_root;

/// `tests/js`, the npm project of the JavaScript clients.
fn js_dir() -> PathBuf {
    workspace_root().join("tests/js")
}

/// Runs `node tools/<tool> <args>` in `tests/js` and returns its standard output.
///
/// # Panics
///
/// If `node_modules` is missing, `node` cannot run, or the tool fails.
fn node(tool: &str, args: &[String]) -> String {
    let dir = js_dir();
    assert!(
        dir.join("node_modules").is_dir(),
        "{} is missing: run (cd tests/js && npm ci) first (.ci/run does)",
        dir.join("node_modules").display()
    );
    let out = Command::new("node")
        .current_dir(&dir)
        .arg(format!("tools/{tool}"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (Node.js 20 or later is needed): {e}"));
    assert!(
        out.status.success(),
        "node tools/{tool} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("node prints UTF-8")
}

/// One line of solc's figures: a published contract, an interface it implements (its own
/// published interface or one it inherits) and solc's `type(I).interfaceId` of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterfaceId {
    /// The contract's crate name (`minting-certificates`).
    pub contract: String,
    /// The interface's Solidity name (`IMintingCertificates`, `IERC165`).
    pub interface: String,
    /// solc's ERC-165 id of it.
    pub id: FixedBytes<4>,
}

/// solc's ERC-165 id of every interface of every published contract (`abi/*.sol`).
///
/// # Panics
///
/// If the tool cannot run or prints something else.
pub fn solc_interface_ids() -> Vec<InterfaceId> {
    node("interface-ids.mjs", &[])
        .lines()
        .map(|line| {
            let mut words = line.split_whitespace();
            let (Some(contract), Some(interface), Some(id), None) =
                (words.next(), words.next(), words.next(), words.next())
            else {
                panic!("unexpected line from interface-ids.mjs: {line}");
            };
            InterfaceId {
                contract: contract.into(),
                interface: interface.into(),
                id: id.parse().unwrap_or_else(|e| panic!("{line}: {e}")),
            }
        })
        .collect()
}

/// The signature viem's `signTypedData` makes of `message` under `domain` with `key` (65
/// bytes, `r ‖ s ‖ v`). The message's type and value are handed over as crates/interfaces
/// declares them (its EIP-712 type string and its ABI encoding).
///
/// # Panics
///
/// If the domain lacks a field the certificate contract's domain has, or node fails.
pub fn viem_sign_typed<M: SolStruct + SolValue>(
    key: &DeviceKey,
    domain: &Eip712Domain,
    message: &M,
) -> Vec<u8> {
    let args = [
        hex::encode_prefixed(key.secret()),
        domain.name.clone().expect("a domain name").into_owned(),
        domain
            .version
            .clone()
            .expect("a domain version")
            .into_owned(),
        domain.chain_id.expect("a chain id").to_string(),
        domain
            .verifying_contract
            .expect("a verifying contract")
            .to_checksum(None),
        M::eip712_encode_type().into_owned(),
        hex::encode_prefixed(message.abi_encode()),
    ];
    let out = node("sign-typed-data.mjs", &args);
    hex::decode(out.trim()).unwrap_or_else(|e| panic!("not a signature: {out}: {e}"))
}

/// `domain` with another verifying contract.
pub fn with_contract(domain: &Eip712Domain, contract: Address) -> Eip712Domain {
    Eip712Domain {
        verifying_contract: Some(contract),
        ..domain.clone()
    }
}

/// `domain` on another chain.
pub fn with_chain(domain: &Eip712Domain, chain_id: u64) -> Eip712Domain {
    Eip712Domain {
        chain_id: Some(U256::from(chain_id)),
        ..domain.clone()
    }
}
