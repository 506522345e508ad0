//! Typed calls through the runtime: alloy `SolCall` values in, decoded returns or custom
//! errors out.

use std::fmt;
use std::marker::PhantomData;

use alloy_primitives::Address;
use alloy_sol_types::{SolCall, SolError, SolInterface};
use dimo_interfaces::{
    certificates::{ICertificateToken, IDeviceCertificates},
    erc,
    licenses::{IDeviceLicenses, IManufacturingLicenses},
    registry,
};
use stylus_runtime::{Receipt, Tx, World};

/// A call that was sent, with its receipt.
pub struct Sent<C> {
    /// The transaction's receipt.
    pub receipt: Receipt,
    call: PhantomData<C>,
}

impl<C> fmt::Debug for Sent<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sent")
            .field("outcome", &self.receipt.outcome)
            .field("error", &describe_revert(&self.receipt.output))
            .finish_non_exhaustive()
    }
}

impl<C: SolCall> Sent<C> {
    /// Whether the call succeeded.
    pub fn is_ok(&self) -> bool {
        self.receipt.is_success()
    }

    /// The decoded return value.
    ///
    /// # Panics
    ///
    /// If the call did not succeed (the message names the decoded error), or its output does
    /// not decode.
    pub fn ok(&self) -> C::Return {
        assert!(
            self.receipt.is_success(),
            "{} failed: {:?}, {}",
            C::SIGNATURE,
            self.receipt.outcome,
            describe_revert(&self.receipt.output)
        );
        C::abi_decode_returns(&self.receipt.output, true)
            .unwrap_or_else(|e| panic!("{} returned undecodable data: {e}", C::SIGNATURE))
    }

    /// The revert data.
    ///
    /// # Panics
    ///
    /// If the call succeeded.
    pub fn revert_data(&self) -> &[u8] {
        assert!(!self.receipt.is_success(), "{} succeeded", C::SIGNATURE);
        &self.receipt.output
    }

    /// The revert data decoded as the custom error `E`, checked to be its exact encoding.
    ///
    /// # Panics
    ///
    /// If the call succeeded or reverted with anything else.
    pub fn error<E: SolError + PartialEq + fmt::Debug>(&self) -> E {
        let data = self.revert_data();
        let error = E::abi_decode(data, true).unwrap_or_else(|e| {
            panic!(
                "{} reverted with {} instead of {}: {e}",
                C::SIGNATURE,
                describe_revert(data),
                E::SIGNATURE
            )
        });
        assert_eq!(
            error.abi_encode(),
            data,
            "{} is not canonical",
            E::SIGNATURE
        );
        error
    }
}

/// Sends `call` to `to` from `from` as a committed transaction.
///
/// # Panics
///
/// If the transaction is invalid (not enough gas for its calldata, value it cannot pay).
pub fn send<C: SolCall>(world: &mut World, from: Address, to: Address, call: &C) -> Sent<C> {
    let receipt = world
        .transact(&Tx::call(from, to, call.abi_encode()))
        .unwrap_or_else(|e| panic!("{} not executed: {e}", C::SIGNATURE));
    Sent {
        receipt,
        call: PhantomData,
    }
}

/// Runs `call` without committing and decodes its return value.
///
/// # Panics
///
/// As [`Sent::ok`].
pub fn view<C: SolCall>(world: &mut World, to: Address, call: &C) -> C::Return {
    let receipt = world
        .view(&Tx::call(Address::ZERO, to, call.abi_encode()))
        .unwrap_or_else(|e| panic!("{} not executed: {e}", C::SIGNATURE));
    Sent::<C> {
        receipt,
        call: PhantomData,
    }
    .ok()
}

/// Decodes revert data as an error of the registry's ABI (its own errors, the admin list's,
/// ERC-721's and two-step ownership's), or `None`.
pub fn decode_registry_error(data: &[u8]) -> Option<String> {
    if let Ok(e) =
        registry::IManufacturerRegistry::IManufacturerRegistryErrors::abi_decode(data, true)
    {
        return Some(format!("{e:?}"));
    }
    if let Ok(e) = erc::IERC721::IERC721Errors::abi_decode(data, true) {
        return Some(format!("{e:?}"));
    }
    if let Ok(e) = erc::IOwnable2Step::IOwnable2StepErrors::abi_decode(data, true) {
        return Some(format!("{e:?}"));
    }
    if let Ok(e) = dimo_interfaces::admin::IAdmins::IAdminsErrors::abi_decode(data, true) {
        return Some(format!("{e:?}"));
    }
    None
}

/// Decodes revert data as an error of any of the project's ABIs (the registry's, both
/// licence contracts', the certificate contract's and token's, the test ERC-20's, ERC-721's
/// and two-step ownership's), or `None`. Decoding validates: the data must be exactly the
/// canonical encoding of the error.
pub fn decode_error(data: &[u8]) -> Option<String> {
    fn try_decode<E: SolInterface + fmt::Debug>(data: &[u8]) -> Option<String> {
        E::abi_decode(data, true).ok().map(|e| format!("{e:?}"))
    }
    decode_registry_error(data)
        .or_else(|| try_decode::<IManufacturingLicenses::IManufacturingLicensesErrors>(data))
        .or_else(|| try_decode::<IDeviceLicenses::IDeviceLicensesErrors>(data))
        .or_else(|| try_decode::<IDeviceCertificates::IDeviceCertificatesErrors>(data))
        .or_else(|| try_decode::<ICertificateToken::ICertificateTokenErrors>(data))
        .or_else(|| try_decode::<crate::stack::erc20::ITestErc20::ITestErc20Errors>(data))
}

/// A readable form of revert data: the decoded error, "empty", or hex.
pub fn describe_revert(data: &[u8]) -> String {
    if data.is_empty() {
        return "empty revert data".to_owned();
    }
    decode_error(data)
        .unwrap_or_else(|| format!("undecoded data 0x{}", alloy_primitives::hex::encode(data)))
}
