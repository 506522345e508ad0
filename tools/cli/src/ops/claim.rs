//! `dimo claim`: anyone relays a device's signed `Claim` (the certificate leaves factory
//! custody for the owner the device signed for); the relayer pays the gas.

use alloy::primitives::{Address, Bytes, U256};
use clap::Args;

use super::context::Ctx;
use super::lookup::{certificate_id, CertArgs};
use super::send::Call;
use crate::contracts::MintingCertificates as C;

/// Options of `dimo claim`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ClaimArgs {
    #[command(flatten)]
    pub cert: CertArgs,
    /// The new owner the device signed for.
    #[arg(long)]
    pub owner: Address,
    /// The claim nonce the device signed (default: the certificate's current one).
    #[arg(long)]
    pub nonce: Option<U256>,
    /// The signature's deadline (Unix seconds).
    #[arg(long)]
    pub deadline: U256,
    /// The device key's 65-byte `Claim` signature (hex).
    #[arg(long)]
    pub signature: Bytes,
}

/// The claim call.
pub(crate) async fn calls(ctx: &Ctx, args: &ClaimArgs) -> eyre::Result<Vec<Call>> {
    let id = certificate_id(ctx, &args.cert).await?;
    let nonce = match args.nonce {
        Some(n) => n,
        None => {
            C::new(ctx.contracts.certificates, &ctx.provider)
                .claimNonce(id)
                .call()
                .await?
        }
    };
    Ok(vec![Call::new(
        ctx.contracts.certificates,
        &C::claimCall {
            id,
            owner: args.owner,
            nonce,
            deadline: args.deadline,
            signature: args.signature.clone(),
        },
        format!(
            "certificates.claim({id}, owner {}, nonce {nonce})",
            args.owner
        ),
    )])
}
