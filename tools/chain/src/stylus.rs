//! Stylus deployment as Arbitrum does it: `cargo-stylus`'s init-code prelude, the `ArbWasm`
//! precompile's interface and data fee, and `StylusDeployer`'s interface and address.

use alloy::primitives::{address, Address, U256};
use alloy::sol;

/// `ArbWasm`, the precompile that activates programs.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");

/// `StylusDeployer`'s canonical address (CREATE2, the same on every Arbitrum chain).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");

/// The code `eth_getCode` shows at the natively emulated addresses (`INVALID`, as Nitro shows
/// for its precompiles): non-empty, so that tools checking for the deployer find it.
pub const NATIVE_CODE_MARKER: [u8; 1] = [0xfe];

/// The Stylus version `ArbWasm.stylusVersion()` reports (`ArbOS` 40 and later).
pub const STYLUS_VERSION: u16 = 2;

/// `ArbWasm`'s initial minimum data price (wei), from `ArbOS`'s `data_pricer`.
pub const DATA_PRICE_MIN: u64 = 82_928_201;

/// Largest code a contract may hold (Arbitrum's 24 KiB), compressed Stylus code included.
pub const MAX_CODE_SIZE: usize = 24_576;

/// Largest init code (EIP-3860: twice the code limit).
pub const MAX_INITCODE_SIZE: usize = 2 * MAX_CODE_SIZE;

/// Length of the init-code prelude `cargo stylus` sends, version byte included.
pub const PRELUDE_LEN: usize = 43;

sol! {
    /// The part of `ArbWasm` deployment tools use.
    #[sol(rpc)]
    interface IArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        function stylusVersion() external view returns (uint16 version);

        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);

        error ProgramNotWasm();
        error ProgramNotActivated();
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        error ProgramUpToDate();
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }

    /// `StylusDeployer` (Offchain Labs' nitro-contracts): deploy, activate and construct in one
    /// transaction.
    #[sol(rpc)]
    interface IStylusDeployer {
        function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);

        event ContractDeployed(address deployedContract);

        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();
    }
}

/// The init code that deploys `code` (`cargo stylus get-initcode`): `PUSH32 len, DUP1,
/// PUSH1 43, PUSH1 0, CODECOPY, PUSH1 0, RETURN`, version byte 0, then the code.
pub fn init_code(code: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(PRELUDE_LEN + code.len());
    out.push(0x7f);
    out.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    out.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    out.extend_from_slice(code);
    out
}

/// The code an init code deploys, if it is [`init_code`]'s prelude around Stylus code
/// (`EF F0 00` and a dictionary byte); `None` for anything else (EVM init code).
pub fn code_of_init_code(init: &[u8]) -> Option<&[u8]> {
    if init.len() < PRELUDE_LEN || init[0] != 0x7f {
        return None;
    }
    let expected_tail = [0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00];
    if init[33..PRELUDE_LEN] != expected_tail {
        return None;
    }
    let len = U256::from_be_slice(&init[1..33]);
    let code = &init[PRELUDE_LEN..];
    if len != U256::from(code.len()) || !is_stylus_code(code) {
        return None;
    }
    Some(code)
}

/// Whether `code` starts with the Stylus prefix `EF F0 00` and a dictionary byte.
pub fn is_stylus_code(code: &[u8]) -> bool {
    code.len() > 4 && code[..3] == [0xef, 0xf0, 0x00]
}

/// The activation data fee for a program whose wasm is `wasm_len` bytes: `ArbOS`'s price per
/// byte at zero demand (its minimum) times the module size over 10,000. `ArbOS` multiplies by
/// its estimate of the compiled module's size, which this chain does not compile the same way;
/// the wasm size stands in for it.
pub fn data_fee(wasm_len: usize) -> U256 {
    U256::from(DATA_PRICE_MIN) * U256::from(wasm_len) / U256::from(10_000u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prelude_round_trips_and_rejects_evm_init_code() {
        let code = [0xef, 0xf0, 0x00, 0x00, 1, 2, 3];
        let init = init_code(&code);
        assert_eq!(init.len(), PRELUDE_LEN + code.len());
        assert_eq!(code_of_init_code(&init), Some(&code[..]));
        // A wrong length, EVM code and a short input are refused.
        let mut wrong = init.clone();
        wrong[32] ^= 1;
        assert_eq!(code_of_init_code(&wrong), None);
        assert_eq!(
            code_of_init_code(&init_code(&[0x60, 0x00, 0x60, 0x00, 0xf3])),
            None
        );
        assert_eq!(code_of_init_code(&[0x7f]), None);
    }

    #[test]
    fn selectors_are_the_published_ones() {
        use alloy::sol_types::SolCall;
        assert_eq!(
            IArbWasm::activateProgramCall::SELECTOR,
            [0x58, 0xc7, 0x80, 0xc2]
        );
        assert_eq!(
            IStylusDeployer::deployCall::SELECTOR,
            [0xa9, 0xa8, 0xe4, 0xe9]
        );
    }
}
