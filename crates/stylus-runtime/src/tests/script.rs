//! Builder for the calldata of `script.wat`, the test program that runs a list of host
//! actions, and helpers to deploy it.

use std::sync::OnceLock;

use alloy_primitives::{Address, B256, U256};

use crate::{Program, World};

/// The script program, compiled once per test binary.
pub(crate) fn program() -> Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let wasm = wat::parse_str(include_str!("script.wat")).unwrap();
            Program::from_wasm(&wasm).unwrap()
        })
        .clone()
}

/// A program from WAT text.
pub(crate) fn wat_program(text: &str) -> Program {
    Program::from_wasm(&wat::parse_str(text).unwrap()).unwrap()
}

/// The kinds of call a script can make.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Call = 0,
    Static = 1,
    Delegate = 2,
}

/// A script: the calldata of `script.wat`.
#[derive(Default, Clone)]
pub(crate) struct Script(Vec<u8>);

pub(crate) fn word(n: u64) -> B256 {
    B256::from(U256::from(n))
}

impl Script {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn op(mut self, op: u8, args: &[u8]) -> Self {
        self.0.push(op);
        self.0.extend_from_slice(args);
        self
    }

    pub(crate) fn store(self, key: B256, value: B256) -> Self {
        self.op(0x01, &[key.as_slice(), value.as_slice()].concat())
    }
    pub(crate) fn flush(self) -> Self {
        self.op(0x02, &[])
    }
    pub(crate) fn load(self, key: B256) -> Self {
        self.op(0x03, key.as_slice())
    }
    pub(crate) fn log(self, topics: &[B256], data: &[u8]) -> Self {
        let mut bytes: Vec<u8> = topics.iter().flat_map(|t| t.0).collect();
        bytes.extend_from_slice(data);
        self.raw_log(u8::try_from(topics.len()).unwrap(), &bytes)
    }
    pub(crate) fn raw_log(self, topics: u8, bytes: &[u8]) -> Self {
        let mut args = vec![topics];
        args.extend_from_slice(&u16::try_from(bytes.len()).unwrap().to_le_bytes());
        args.extend_from_slice(bytes);
        self.op(0x04, &args)
    }
    pub(crate) fn call(self, kind: Kind, to: Address, gas: u64, value: U256, data: &[u8]) -> Self {
        let mut args = vec![kind as u8];
        args.extend_from_slice(to.as_slice());
        args.extend_from_slice(&gas.to_le_bytes());
        args.extend_from_slice(&value.to_be_bytes::<32>());
        args.extend_from_slice(&u16::try_from(data.len()).unwrap().to_le_bytes());
        args.extend_from_slice(data);
        self.op(0x05, &args)
    }
    pub(crate) fn revert(self) -> Self {
        self.op(0x06, &[])
    }
    pub(crate) fn trap(self) -> Self {
        self.op(0x07, &[])
    }
    pub(crate) fn reentrant(self) -> Self {
        self.op(0x08, &[])
    }
    pub(crate) fn sender(self) -> Self {
        self.op(0x09, &[])
    }
    pub(crate) fn context(self) -> Self {
        self.op(0x0a, &[])
    }
    pub(crate) fn clear(self) -> Self {
        self.op(0x0b, &[])
    }
    pub(crate) fn spin(self, n: u32) -> Self {
        self.op(0x0c, &n.to_le_bytes())
    }
    pub(crate) fn keccak(self, data: &[u8]) -> Self {
        let mut args = u16::try_from(data.len()).unwrap().to_le_bytes().to_vec();
        args.extend_from_slice(data);
        self.op(0x0d, &args)
    }
    pub(crate) fn grow(self, pages: u8) -> Self {
        self.op(0x0e, &[pages])
    }
    pub(crate) fn balance(self, of: Address) -> Self {
        self.op(0x0f, of.as_slice())
    }
    pub(crate) fn codehash(self, of: Address) -> Self {
        self.op(0x10, of.as_slice())
    }
    pub(crate) fn gas_left(self) -> Self {
        self.op(0x11, &[])
    }
    pub(crate) fn bad_pointer(self) -> Self {
        self.op(0x12, &[])
    }
    pub(crate) fn return_data(self, offset: u32, size: u32) -> Self {
        self.op(0x13, &[offset.to_le_bytes(), size.to_le_bytes()].concat())
    }
    pub(crate) fn copy(self, n: u32) -> Self {
        self.op(0x14, &n.to_le_bytes())
    }
    pub(crate) fn code_size(self, of: Address) -> Self {
        self.op(0x15, of.as_slice())
    }
    pub(crate) fn tstore(self, key: B256, value: B256) -> Self {
        self.op(0x16, &[key.as_slice(), value.as_slice()].concat())
    }
    pub(crate) fn tload(self, key: B256) -> Self {
        self.op(0x17, key.as_slice())
    }
    pub(crate) fn exit(self, status: u8) -> Self {
        self.op(0x18, &[status])
    }
    pub(crate) fn return_size(self) -> Self {
        self.op(0x19, &[])
    }
    pub(crate) fn recurse(self) -> Self {
        self.op(0x1a, &[])
    }
    pub(crate) fn add_mod(self, a: U256, b: U256, m: U256) -> Self {
        let args = [
            a.to_be_bytes::<32>(),
            b.to_be_bytes::<32>(),
            m.to_be_bytes::<32>(),
        ]
        .concat();
        self.op(0x1b, &args)
    }

    pub(crate) fn create(self, init: &[u8]) -> Self {
        let mut args = u16::try_from(init.len()).unwrap().to_le_bytes().to_vec();
        args.extend_from_slice(init);
        self.op(0x1c, &args)
    }

    pub(crate) fn bytes(&self) -> Vec<u8> {
        self.0.clone()
    }
}

/// Well-known test accounts.
pub(crate) fn alice() -> Address {
    Address::repeat_byte(0xa1)
}
pub(crate) fn bob() -> Address {
    Address::repeat_byte(0xb0)
}

/// A world with the script program at `count` addresses (0x1000…01, 0x1000…02, ...).
pub(crate) fn world_with_scripts(count: u8) -> (World, Vec<Address>) {
    let mut world = World::new();
    let program = program();
    let addresses: Vec<Address> = (1..=count)
        .map(|i| {
            let mut bytes = [0u8; 20];
            bytes[0] = 0x10;
            bytes[19] = i;
            Address::from(bytes)
        })
        .collect();
    for address in &addresses {
        world.install(*address, &program);
    }
    (world, addresses)
}

/// Reads a little-endian u32 at `at`.
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// Reads a little-endian u64 at `at`.
pub(crate) fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}
