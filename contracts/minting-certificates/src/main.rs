//! Binary entry point, used only by `--features export-abi` to print the contract's ABI.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
/// Unused: a contract has no `main`; `user_entrypoint` is its entry point.
#[no_mangle]
pub extern "C" fn main() {}

#[cfg(feature = "export-abi")]
fn main() {
    minting_certificates::print_from_args();
}
