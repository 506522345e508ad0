//! Activation: the shared validation rejects what Nitro rejects; the metering rewrite keeps
//! programs working; deployment runs the constructor the SDK way; `create1` installs programs.

use alloy_primitives::{keccak256, Address, B256, U256};

use super::script::{alice, bob, program, wat_program, word, world_with_scripts, Script};
use crate::{
    constructor_guard_slot, constructor_selector, create_address, DeployError, LoadError, Program,
    World,
};

fn load(text: &str) -> Result<Program, LoadError> {
    Program::from_wasm(&wat::parse_str(text).unwrap())
}

#[test]
fn activation_rules_come_from_stylus_wasm() {
    let start = r#"(module (memory (export "memory") 1 1)
        (func $s) (start $s)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;
    assert!(matches!(
        load(start),
        Err(LoadError::Validate(
            stylus_wasm::ValidationError::StartFunction
        ))
    ));
    let float = r#"(module (memory (export "memory") 1 1)
        (func (export "user_entrypoint") (param i32) (result i32)
            f32.const 1 i32.trunc_sat_f32_s))"#;
    assert!(matches!(
        load(float),
        Err(LoadError::Validate(
            stylus_wasm::ValidationError::FloatOperator { .. }
        ))
    ));
    let foreign = r#"(module (import "env" "f" (func)) (memory (export "memory") 1 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;
    assert!(matches!(
        load(foreign),
        Err(LoadError::Validate(
            stylus_wasm::ValidationError::ForeignImport { .. }
        ))
    ));
    assert!(matches!(
        Program::from_wasm(b"not wasm"),
        Err(LoadError::Normalize(_))
    ));
}

#[test]
fn unknown_or_mistyped_hooks_fail_to_link() {
    let unknown = r#"(module (import "vm_hooks" "no_such_hook" (func))
        (memory (export "memory") 1 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;
    assert!(matches!(load(unknown), Err(LoadError::Compile(_))));
    let mistyped = r#"(module (import "vm_hooks" "read_args" (func (param i64)))
        (memory (export "memory") 1 1)
        (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#;
    assert!(matches!(load(mistyped), Err(LoadError::Compile(_))));
}

#[test]
fn metering_keeps_branch_tables_indirect_calls_and_globals_working() {
    // Returns f(calldata length) through a br_table and a call_indirect, via a global.
    let text = r#"(module
        (import "vm_hooks" "write_result" (func $write (param i32 i32)))
        (memory (export "memory") 1 1)
        (global $g (mut i32) (i32.const 40))
        (type $t (func (param i32) (result i32)))
        (table 2 funcref)
        (elem (i32.const 0) $double $square)
        (func $double (type $t) (i32.add (local.get 0) (local.get 0)))
        (func $square (type $t) (i32.mul (local.get 0) (local.get 0)))
        (func (export "user_entrypoint") (param $len i32) (result i32)
            (block $two (block $one (block $zero
                (br_table $zero $one $two (local.get $len)))
                (global.set $g (i32.const 1)) (br $two))
              (global.set $g (call_indirect (type $t) (i32.const 7) (i32.const 0))))
            (i32.store (i32.const 0) (global.get $g))
            (call $write (i32.const 0) (i32.const 4))
            (i32.const 0)))"#;
    let program = wat_program(text);
    let mut world = World::new();
    let at = Address::repeat_byte(0x55);
    world.install(at, &program);
    let run = |world: &mut World, len| world.call(alice(), at, &vec![0; len]).unwrap().output;
    assert_eq!(run(&mut world, 0), 1_i32.to_le_bytes());
    assert_eq!(run(&mut world, 1), 14_i32.to_le_bytes());
    assert_eq!(run(&mut world, 5), 40_i32.to_le_bytes());
}

#[test]
fn deployed_code_round_trips() {
    let program = program();
    assert_eq!(&program.code()[..4], &[0xEF, 0xF0, 0x00, 0x00]);
    assert_eq!(program.codehash(), keccak256(program.code()));
    let again = Program::from_deployed_code(program.code()).unwrap();
    assert_eq!(again, program);
    assert!(Program::from_deployed_code(&[0xEF, 0xF0, 0x00, 0x01, 1]).is_err());
    assert!(Program::from_deployed_code(b"plain").is_err());
}

/// Stores its first argument word in slot 0, or reverts when it is zero: a stand-in for an
/// SDK constructor.
const CONSTRUCTOR: &str = r#"(module
    (import "vm_hooks" "read_args" (func $read_args (param i32)))
    (import "vm_hooks" "storage_cache_bytes32" (func $cache (param i32 i32)))
    (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
    (memory (export "memory") 1 1)
    (func (export "user_entrypoint") (param $len i32) (result i32)
        (call $read_args (i32.const 0))
        (if (i64.eqz (i64.or
                (i64.or (i64.load (i32.const 4)) (i64.load (i32.const 12)))
                (i64.or (i64.load (i32.const 20)) (i64.load (i32.const 28)))))
            (then (return (i32.const 1))))
        (call $cache (i32.const 100) (i32.const 4))
        (call $flush (i32.const 0))
        (i32.const 0)))"#;

#[test]
fn deploy_runs_the_constructor_with_the_sdk_selector() {
    assert_eq!(
        constructor_selector(),
        keccak256("stylus_constructor()")[..4]
    );
    assert_eq!(constructor_guard_slot(), keccak256("stylus_constructor"));
    let program = wat_program(CONSTRUCTOR);
    let mut world = World::new();
    let deployed = world.deploy(bob(), &program, word(5).as_slice()).unwrap();
    assert_eq!(deployed.address, create_address(bob(), 0));
    assert_eq!(world.nonce(bob()), 1);
    assert_eq!(world.nonce(deployed.address), 1);
    assert_eq!(world.storage(deployed.address, B256::ZERO), word(5));
    assert!(deployed.receipt.unwrap().is_success());

    // A reverting constructor installs nothing, but the nonce is spent.
    let failed = world.deploy(bob(), &program, B256::ZERO.as_slice());
    assert!(matches!(failed, Err(DeployError::Constructor(_))));
    let second = create_address(bob(), 1);
    assert!(world.code(second).is_none());
    assert!(world.state().account(second).is_none());
    assert_eq!(world.nonce(bob()), 2);

    // Without a constructor call.
    let plain = world
        .deploy_with(bob(), &program, None, U256::ZERO)
        .unwrap();
    assert_eq!(plain.address, create_address(bob(), 2));
    assert!(plain.receipt.is_none());
}

#[test]
fn create1_installs_cargo_stylus_init_code() {
    let (mut world, a) = world_with_scripts(1);
    let child = wat_program(CONSTRUCTOR);
    let mut init = vec![0x7f];
    init.extend_from_slice(&U256::from(child.code().len()).to_be_bytes::<32>());
    init.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    init.extend_from_slice(child.code());
    let receipt = world
        .call(
            alice(),
            a[0],
            &Script::new().create(&init).create(b"evm").bytes(),
        )
        .unwrap();
    assert!(receipt.is_success());
    let created = Address::from_slice(&receipt.output[..20]);
    assert_eq!(created, create_address(a[0], 1));
    assert!(matches!(world.code(created), Some(crate::Code::Stylus(p)) if *p == child));
    assert_eq!(
        &receipt.output[20..40],
        Address::ZERO.as_slice(),
        "EVM init code fails"
    );
    assert_eq!(world.nonce(a[0]), 3);
}

/// Every hook with the wasm signature stylus-sdk 0.9 declares for it.
const ALL_HOOKS: &str = r#"
    (import "vm_hooks" "read_args" (func (param i32)))
    (import "vm_hooks" "write_result" (func (param i32 i32)))
    (import "vm_hooks" "exit_early" (func (param i32)))
    (import "vm_hooks" "return_data_size" (func (result i32)))
    (import "vm_hooks" "read_return_data" (func (param i32 i32 i32) (result i32)))
    (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))
    (import "vm_hooks" "emit_log" (func (param i32 i32 i32)))
    (import "vm_hooks" "storage_load_bytes32" (func (param i32 i32)))
    (import "vm_hooks" "storage_cache_bytes32" (func (param i32 i32)))
    (import "vm_hooks" "storage_flush_cache" (func (param i32)))
    (import "vm_hooks" "transient_load_bytes32" (func (param i32 i32)))
    (import "vm_hooks" "transient_store_bytes32" (func (param i32 i32)))
    (import "vm_hooks" "msg_sender" (func (param i32)))
    (import "vm_hooks" "msg_value" (func (param i32)))
    (import "vm_hooks" "contract_address" (func (param i32)))
    (import "vm_hooks" "tx_origin" (func (param i32)))
    (import "vm_hooks" "tx_gas_price" (func (param i32)))
    (import "vm_hooks" "block_basefee" (func (param i32)))
    (import "vm_hooks" "block_coinbase" (func (param i32)))
    (import "vm_hooks" "block_gas_limit" (func (result i64)))
    (import "vm_hooks" "block_number" (func (result i64)))
    (import "vm_hooks" "block_timestamp" (func (result i64)))
    (import "vm_hooks" "chainid" (func (result i64)))
    (import "vm_hooks" "evm_gas_left" (func (result i64)))
    (import "vm_hooks" "evm_ink_left" (func (result i64)))
    (import "vm_hooks" "tx_ink_price" (func (result i32)))
    (import "vm_hooks" "msg_reentrant" (func (result i32)))
    (import "vm_hooks" "account_balance" (func (param i32 i32)))
    (import "vm_hooks" "account_codehash" (func (param i32 i32)))
    (import "vm_hooks" "account_code_size" (func (param i32) (result i32)))
    (import "vm_hooks" "account_code" (func (param i32 i32 i32 i32) (result i32)))
    (import "vm_hooks" "call_contract" (func (param i32 i32 i32 i32 i64 i32) (result i32)))
    (import "vm_hooks" "delegate_call_contract" (func (param i32 i32 i32 i64 i32) (result i32)))
    (import "vm_hooks" "static_call_contract" (func (param i32 i32 i32 i64 i32) (result i32)))
    (import "vm_hooks" "create1" (func (param i32 i32 i32 i32 i32)))
    (import "vm_hooks" "create2" (func (param i32 i32 i32 i32 i32 i32)))
    (import "vm_hooks" "native_keccak256" (func (param i32 i32 i32)))
    (import "vm_hooks" "math_div" (func (param i32 i32)))
    (import "vm_hooks" "math_mod" (func (param i32 i32)))
    (import "vm_hooks" "math_pow" (func (param i32 i32)))
    (import "vm_hooks" "math_add_mod" (func (param i32 i32 i32)))
    (import "vm_hooks" "math_mul_mod" (func (param i32 i32 i32)))
"#;

#[test]
fn every_hook_links_with_the_sdk_signature() {
    let text = format!(
        r#"(module {ALL_HOOKS} (memory (export "memory") 1)
            (func (export "user_entrypoint") (param i32) (result i32) i32.const 0))"#
    );
    let program = load(&text).unwrap();
    assert_eq!(program.summary().imports.len(), crate::HOOK_NAMES.len());
    for name in &program.summary().imports {
        assert!(crate::HOOK_NAMES.contains(&name.as_str()), "{name}");
    }
}
