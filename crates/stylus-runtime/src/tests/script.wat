;; A test program that runs a script of host actions given as calldata (see script.rs).
;; Calldata is read to 0x400; output is collected at 0x8000 and returned with write_result.
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
  (import "vm_hooks" "storage_load_bytes32" (func $sload (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $flush (param i32)))
  (import "vm_hooks" "emit_log" (func $log (param i32 i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "static_call_contract" (func $scall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "delegate_call_contract" (func $dcall (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $rrd (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "return_data_size" (func $rds (result i32)))
  (import "vm_hooks" "msg_reentrant" (func $reentrant (result i32)))
  (import "vm_hooks" "msg_sender" (func $sender (param i32)))
  (import "vm_hooks" "msg_value" (func $value (param i32)))
  (import "vm_hooks" "contract_address" (func $this (param i32)))
  (import "vm_hooks" "tx_origin" (func $origin (param i32)))
  (import "vm_hooks" "tx_gas_price" (func $gas_price (param i32)))
  (import "vm_hooks" "tx_ink_price" (func $ink_price (result i32)))
  (import "vm_hooks" "block_basefee" (func $basefee (param i32)))
  (import "vm_hooks" "block_coinbase" (func $coinbase (param i32)))
  (import "vm_hooks" "block_timestamp" (func $timestamp (result i64)))
  (import "vm_hooks" "block_number" (func $number (result i64)))
  (import "vm_hooks" "chainid" (func $chainid (result i64)))
  (import "vm_hooks" "block_gas_limit" (func $gas_limit (result i64)))
  (import "vm_hooks" "evm_gas_left" (func $gas_left (result i64)))
  (import "vm_hooks" "native_keccak256" (func $keccak (param i32 i32 i32)))
  (import "vm_hooks" "account_balance" (func $balance (param i32 i32)))
  (import "vm_hooks" "account_codehash" (func $codehash (param i32 i32)))
  (import "vm_hooks" "account_code_size" (func $codesize (param i32) (result i32)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (import "vm_hooks" "exit_early" (func $exit (param i32)))
  (import "vm_hooks" "math_add_mod" (func $add_mod (param i32 i32 i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $out (mut i32) (i32.const 0))

  ;; Output helpers.
  (func $here (result i32) (i32.add (i32.const 0x8000) (global.get $out)))
  (func $grow_out (param $n i32) (global.set $out (i32.add (global.get $out) (local.get $n))))
  (func $append_byte (param $b i32) (i32.store8 (call $here) (local.get $b)) (call $grow_out (i32.const 1)))
  (func $append_i32 (param $v i32) (i32.store (call $here) (local.get $v)) (call $grow_out (i32.const 4)))
  (func $append_i64 (param $v i64) (i64.store (call $here) (local.get $v)) (call $grow_out (i32.const 8)))

  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $p i32) (local $end i32) (local $op i32) (local $n i32) (local $m i32) (local $status i32)
    (call $pay (i32.const 0))
    (call $read_args (i32.const 0x400))
    (local.set $p (i32.const 0x400))
    (local.set $end (i32.add (i32.const 0x400) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $op (i32.load8_u (local.get $p)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (block $dispatched
          ;; 0x01 STORE key value
          (if (i32.eq (local.get $op) (i32.const 0x01)) (then
            (call $scache (local.get $p) (i32.add (local.get $p) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (br $dispatched)))
          ;; 0x02 FLUSH
          (if (i32.eq (local.get $op) (i32.const 0x02)) (then
            (call $flush (i32.const 0)) (br $dispatched)))
          ;; 0x03 LOAD key -> 32 bytes
          (if (i32.eq (local.get $op) (i32.const 0x03)) (then
            (call $sload (local.get $p) (call $here))
            (call $grow_out (i32.const 32))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br $dispatched)))
          ;; 0x04 LOG topics:u8 len:u16 bytes
          (if (i32.eq (local.get $op) (i32.const 0x04)) (then
            (local.set $n (i32.load16_u (i32.add (local.get $p) (i32.const 1))))
            (call $log (i32.add (local.get $p) (i32.const 3)) (local.get $n) (i32.load8_u (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.add (i32.const 3) (local.get $n))))
            (br $dispatched)))
          ;; 0x05 CALL kind:u8 address:20 gas:u64 value:32 len:u16 data
          ;;   -> status:u8, return length:u32, return data
          (if (i32.eq (local.get $op) (i32.const 0x05)) (then
            (local.set $n (i32.load16_u (i32.add (local.get $p) (i32.const 61))))
            (local.set $m (i32.load8_u (local.get $p)))
            (if (i32.eqz (local.get $m))
              (then (local.set $status (call $call
                (i32.add (local.get $p) (i32.const 1))
                (i32.add (local.get $p) (i32.const 63)) (local.get $n)
                (i32.add (local.get $p) (i32.const 29))
                (i64.load (i32.add (local.get $p) (i32.const 21)))
                (i32.const 0x100))))
              (else (if (i32.eq (local.get $m) (i32.const 1))
                (then (local.set $status (call $scall
                  (i32.add (local.get $p) (i32.const 1))
                  (i32.add (local.get $p) (i32.const 63)) (local.get $n)
                  (i64.load (i32.add (local.get $p) (i32.const 21)))
                  (i32.const 0x100))))
                (else (local.set $status (call $dcall
                  (i32.add (local.get $p) (i32.const 1))
                  (i32.add (local.get $p) (i32.const 63)) (local.get $n)
                  (i64.load (i32.add (local.get $p) (i32.const 21)))
                  (i32.const 0x100)))))))
            (call $append_byte (local.get $status))
            (call $append_i32 (i32.load (i32.const 0x100)))
            (call $grow_out (call $rrd (call $here) (i32.const 0) (i32.load (i32.const 0x100))))
            (local.set $p (i32.add (local.get $p) (i32.add (i32.const 63) (local.get $n))))
            (br $dispatched)))
          ;; 0x06 REVERT (with the output so far)
          (if (i32.eq (local.get $op) (i32.const 0x06)) (then
            (call $write_result (i32.const 0x8000) (global.get $out))
            (return (i32.const 1))))
          ;; 0x07 TRAP
          (if (i32.eq (local.get $op) (i32.const 0x07)) (then unreachable))
          ;; 0x08 REENTRANT -> u8
          (if (i32.eq (local.get $op) (i32.const 0x08)) (then
            (call $append_byte (call $reentrant)) (br $dispatched)))
          ;; 0x09 SENDER -> 20 bytes
          (if (i32.eq (local.get $op) (i32.const 0x09)) (then
            (call $sender (call $here)) (call $grow_out (i32.const 20)) (br $dispatched)))
          ;; 0x0a CONTEXT -> timestamp:8 number:8 chainid:8 basefee:32 origin:20 gas_price:32
          ;;   this:20 value:32 coinbase:20 gas_limit:8 ink_price:4
          (if (i32.eq (local.get $op) (i32.const 0x0a)) (then
            (call $append_i64 (call $timestamp))
            (call $append_i64 (call $number))
            (call $append_i64 (call $chainid))
            (call $basefee (call $here)) (call $grow_out (i32.const 32))
            (call $origin (call $here)) (call $grow_out (i32.const 20))
            (call $gas_price (call $here)) (call $grow_out (i32.const 32))
            (call $this (call $here)) (call $grow_out (i32.const 20))
            (call $value (call $here)) (call $grow_out (i32.const 32))
            (call $coinbase (call $here)) (call $grow_out (i32.const 20))
            (call $append_i64 (call $gas_limit))
            (call $append_i32 (call $ink_price))
            (br $dispatched)))
          ;; 0x0b CLEAR (flush and clear the cache)
          (if (i32.eq (local.get $op) (i32.const 0x0b)) (then
            (call $flush (i32.const 1)) (br $dispatched)))
          ;; 0x0c SPIN n:u32 (a loop of n iterations)
          (if (i32.eq (local.get $op) (i32.const 0x0c)) (then
            (local.set $n (i32.load (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (block $spun (loop $spin
              (br_if $spun (i32.eqz (local.get $n)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $spin)))
            (br $dispatched)))
          ;; 0x0d KECCAK len:u16 bytes -> 32
          (if (i32.eq (local.get $op) (i32.const 0x0d)) (then
            (local.set $n (i32.load16_u (local.get $p)))
            (call $keccak (i32.add (local.get $p) (i32.const 2)) (local.get $n) (call $here))
            (call $grow_out (i32.const 32))
            (local.set $p (i32.add (local.get $p) (i32.add (i32.const 2) (local.get $n))))
            (br $dispatched)))
          ;; 0x0e GROW pages:u8 -> memory.grow result:i32
          (if (i32.eq (local.get $op) (i32.const 0x0e)) (then
            (call $append_i32 (memory.grow (i32.load8_u (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $dispatched)))
          ;; 0x0f BALANCE address -> 32
          (if (i32.eq (local.get $op) (i32.const 0x0f)) (then
            (call $balance (local.get $p) (call $here)) (call $grow_out (i32.const 32))
            (local.set $p (i32.add (local.get $p) (i32.const 20)))
            (br $dispatched)))
          ;; 0x10 CODEHASH address -> 32
          (if (i32.eq (local.get $op) (i32.const 0x10)) (then
            (call $codehash (local.get $p) (call $here)) (call $grow_out (i32.const 32))
            (local.set $p (i32.add (local.get $p) (i32.const 20)))
            (br $dispatched)))
          ;; 0x11 GASLEFT -> u64
          (if (i32.eq (local.get $op) (i32.const 0x11)) (then
            (call $append_i64 (call $gas_left)) (br $dispatched)))
          ;; 0x12 BADPTR (a hostio pointer outside memory)
          (if (i32.eq (local.get $op) (i32.const 0x12)) (then
            (call $sload (i32.const 0xfffffff0) (i32.const 0)) (br $dispatched)))
          ;; 0x13 RETURNDATA offset:u32 size:u32 -> written:u32, bytes
          (if (i32.eq (local.get $op) (i32.const 0x13)) (then
            (local.set $n (call $rrd (i32.add (call $here) (i32.const 4))
              (i32.load (local.get $p)) (i32.load (i32.add (local.get $p) (i32.const 4)))))
            (call $append_i32 (local.get $n))
            (call $grow_out (local.get $n))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (br $dispatched)))
          ;; 0x14 COPY n:u32 (memory.copy of n bytes inside the first 16 KiB)
          (if (i32.eq (local.get $op) (i32.const 0x14)) (then
            (memory.copy (i32.const 0x2000) (i32.const 0) (i32.load (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $dispatched)))
          ;; 0x15 CODESIZE address -> u32
          (if (i32.eq (local.get $op) (i32.const 0x15)) (then
            (call $append_i32 (call $codesize (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 20)))
            (br $dispatched)))
          ;; 0x16 TSTORE key value
          (if (i32.eq (local.get $op) (i32.const 0x16)) (then
            (call $tstore (local.get $p) (i32.add (local.get $p) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (br $dispatched)))
          ;; 0x17 TLOAD key -> 32
          (if (i32.eq (local.get $op) (i32.const 0x17)) (then
            (call $tload (local.get $p) (call $here)) (call $grow_out (i32.const 32))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br $dispatched)))
          ;; 0x18 EXIT status:u8 (exit_early with the output so far)
          (if (i32.eq (local.get $op) (i32.const 0x18)) (then
            (call $write_result (i32.const 0x8000) (global.get $out))
            (call $exit (i32.load8_u (local.get $p)))
            unreachable))
          ;; 0x19 RETURNSIZE -> u32
          (if (i32.eq (local.get $op) (i32.const 0x19)) (then
            (call $append_i32 (call $rds)) (br $dispatched)))
          ;; 0x1a RECURSE: calls itself with the same calldata -> status:u8
          (if (i32.eq (local.get $op) (i32.const 0x1a)) (then
            (call $this (i32.const 0x200))
            (i64.store (i32.const 0x220) (i64.const 0))
            (i64.store (i32.const 0x228) (i64.const 0))
            (i64.store (i32.const 0x230) (i64.const 0))
            (i64.store (i32.const 0x238) (i64.const 0))
            (call $append_byte (call $call (i32.const 0x200) (i32.const 0x400) (local.get $len)
              (i32.const 0x220) (i64.const -1) (i32.const 0x100)))
            (br $dispatched)))
          ;; 0x1b ADDMOD a b m -> 32 (math_add_mod)
          (if (i32.eq (local.get $op) (i32.const 0x1b)) (then
            (call $add_mod (local.get $p) (i32.add (local.get $p) (i32.const 32))
              (i32.add (local.get $p) (i32.const 64)))
            (memory.copy (call $here) (local.get $p) (i32.const 32))
            (call $grow_out (i32.const 32))
            (local.set $p (i32.add (local.get $p) (i32.const 96)))
            (br $dispatched)))
          ;; 0x1c CREATE len:u16 code -> address:20 (create1 without endowment)
          (if (i32.eq (local.get $op) (i32.const 0x1c)) (then
            (local.set $n (i32.load16_u (local.get $p)))
            (i64.store (i32.const 0x220) (i64.const 0))
            (i64.store (i32.const 0x228) (i64.const 0))
            (i64.store (i32.const 0x230) (i64.const 0))
            (i64.store (i32.const 0x238) (i64.const 0))
            (call $create1 (i32.add (local.get $p) (i32.const 2)) (local.get $n) (i32.const 0x220)
              (call $here) (i32.const 0x100))
            (call $grow_out (i32.const 20))
            (local.set $p (i32.add (local.get $p) (i32.add (i32.const 2) (local.get $n))))
            (br $dispatched)))
          ;; unknown op: stop
          (br $done))
        (br $next)))
    (call $write_result (i32.const 0x8000) (global.get $out))
    (i32.const 0))
)
