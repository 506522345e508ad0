//! The operations `scripts/gas-report` measures, grouped by contract. Each scenario sets up
//! its own world (steady state: earlier manufacturers exist, accounts are funded and known),
//! then measures one transaction. Licence and certificate scenarios join as their contracts
//! land: add a group to [`all`].

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{erc::IERC721 as E, privileges, registry::IManufacturerRegistry as R};
use stylus_runtime::{Tx, World};

use crate::measure::{measure, Measurement};
use crate::registry::{account, RegistryFixture};

/// DIMO's measured figure for a comparable operation (`dimo-gas-baseline.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DimoFigure {
    /// The baseline's row, as it names it.
    pub label: &'static str,
    /// Its `gasUsed` (total, 21,000 and calldata included).
    pub gas_used: u64,
}

/// One measured operation.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Contract group, e.g. "Manufacturer registry".
    pub group: &'static str,
    /// What the transaction does.
    pub operation: String,
    /// Items in the transaction (names in a batch; 1 otherwise).
    pub items: usize,
    /// Measured with the program not cached (the default on chain).
    pub uncached: Measurement,
    /// Gas used by the same transaction when the program is cached.
    pub cached_gas_used: u64,
    /// DIMO's comparable figure, if it has one.
    pub dimo: Option<DimoFigure>,
}

/// A prepared world and the transaction to measure in it.
struct Prepared {
    world: World,
    tx: Tx,
}

/// Measures `prepare`'s transaction uncached and cached.
fn scenario(
    group: &'static str,
    operation: impl Into<String>,
    items: usize,
    dimo: Option<DimoFigure>,
    prepare: impl Fn() -> Prepared,
) -> Scenario {
    let Prepared { mut world, tx } = prepare();
    let uncached = measure(&mut world, |w| {
        w.transact(&tx)
            .unwrap_or_else(|e| panic!("scenario transaction not executed: {e}"))
    });
    let operation = operation.into();
    assert!(
        uncached.receipt.is_success(),
        "scenario {operation:?} failed: {:?}",
        uncached.receipt.outcome
    );
    let Prepared { mut world, tx } = prepare();
    world.set_cache_all(true);
    let cached = world
        .transact(&tx)
        .unwrap_or_else(|e| panic!("scenario transaction not executed: {e}"));
    Scenario {
        group,
        operation,
        items,
        uncached,
        cached_gas_used: cached.gas.used,
        dimo,
    }
}

/// Every scenario, in report order.
pub fn all() -> Vec<Scenario> {
    registry()
}

const REGISTRY: &str = "Manufacturer registry";

/// A registry in steady state: three manufacturers exist (one held by a controller), and
/// the accounts the scenarios use are known.
fn steady() -> RegistryFixture {
    let mut f = RegistryFixture::new();
    let owner = f.owner;
    f.controller_with_node(account("carol"), "Carol Telematics");
    f.mint(owner, "Reserve One");
    f.mint(owner, "Reserve Two");
    f
}

fn prepared<C: SolCall>(f: RegistryFixture, from: Address, call: &C) -> Prepared {
    Prepared {
        tx: Tx::call(from, f.registry, call.abi_encode()),
        world: f.world,
    }
}

/// The registry's scenarios.
pub fn registry() -> Vec<Scenario> {
    let mut out = registry_minting();
    out.extend(registry_batches());
    out.extend(registry_holders());
    out
}

/// Single mints and what they need.
fn registry_minting() -> Vec<Scenario> {
    vec![
        scenario(
            REGISTRY,
            "register a manufacturer (first ever, to a controller)",
            1,
            Some(DimoFigure {
                label: "mintManufacturer, name only, first manufacturer ever",
                gas_used: 185_308,
            }),
            || {
                let mut f = RegistryFixture::new();
                let controller = account("acme controller");
                f.add_controller(controller);
                let owner = f.owner;
                let call = R::mintManufacturerCall {
                    owner: controller,
                    name: "Acme Devices".into(),
                };
                prepared(f, owner, &call)
            },
        ),
        scenario(
            REGISTRY,
            "register a manufacturer (steady state, to a fresh controller)",
            1,
            Some(DimoFigure {
                label: "mintManufacturer, name only (steady state, fresh owner)",
                gas_used: 168_232,
            }),
            || {
                let mut f = steady();
                let controller = account("acme controller");
                f.add_controller(controller);
                let owner = f.owner;
                let call = R::mintManufacturerCall {
                    owner: controller,
                    name: "Acme Devices".into(),
                };
                prepared(f, owner, &call)
            },
        ),
        scenario(
            REGISTRY,
            "add a controller (DIMO sets controller flags inside its mint)",
            1,
            None,
            || {
                let f = steady();
                let owner = f.owner;
                let call = R::addControllerCall {
                    controller: account("acme controller"),
                };
                prepared(f, owner, &call)
            },
        ),
    ]
}

/// Batch mints of 1, 10 and 100 names.
fn registry_batches() -> Vec<Scenario> {
    let mut out = Vec::new();
    for (n, dimo) in [(1, 146_298), (10, 816_397), (100, 7_690_713)] {
        out.push(scenario(
            REGISTRY,
            format!("batch register {n} (to an admin)"),
            n,
            Some(DimoFigure {
                label: "mintManufacturerBatch (names only)",
                gas_used: dimo,
            }),
            move || {
                let f = steady();
                let owner = f.owner;
                let call = R::mintManufacturerBatchCall {
                    owner,
                    names: (0..n).map(|i| format!("Batch Maker {i:03}")).collect(),
                };
                prepared(f, owner, &call)
            },
        ));
    }
    out
}

/// What a node's holder and the admins do afterwards.
fn registry_holders() -> Vec<Scenario> {
    vec![
        scenario(
            REGISTRY,
            "transfer a node to a controller (transferFrom)",
            1,
            None,
            || {
                let mut f = steady();
                let dave = account("dave");
                f.add_controller(dave);
                let carol = account("carol");
                let call = E::transferFromCall {
                    from: carol,
                    to: dave,
                    tokenId: U256::from(1),
                };
                prepared(f, carol, &call)
            },
        ),
        scenario(REGISTRY, "grant a privilege", 1, None, || {
            let f = steady();
            let carol = account("carol");
            let call = R::grantPrivilegeCall {
                node: U256::from(1),
                operator: account("factory line wallet"),
                privilege: privileges::MINT_DEVICES,
                expiresAt: f.world.block().timestamp + 365 * 86_400,
            };
            prepared(f, carol, &call)
        }),
        scenario(REGISTRY, "rename a manufacturer", 1, None, || {
            let f = steady();
            let owner = f.owner;
            let call = R::renameManufacturerCall {
                node: U256::from(1),
                newName: "Carol Telematics GmbH".into(),
            };
            prepared(f, owner, &call)
        }),
        scenario(REGISTRY, "set the metadata URI (66 bytes)", 1, None, || {
            let f = steady();
            let carol = account("carol");
            let call = R::setManufacturerURICall {
                node: U256::from(1),
                uri: "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".into(),
            };
            prepared(f, carol, &call)
        }),
    ]
}
