//! The operations `scripts/gas-report` measures, grouped by contract. Each scenario sets up
//! its own world (steady state: earlier manufacturers, licences and certificates exist,
//! accounts are funded and known), then measures one transaction.
//!
//! * [`registry`]: the manufacturer registry;
//! * [`licences`]: each step of the licence flow ([`crate::stack`]);
//! * [`certificates`]: minting (one device, batches of 10 and 100 full certificates) and each
//!   later step of a device's life. [`TARGET_SCENARIO`] is the batch the project's
//!   execution-gas target is about.

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    certificates::{status, ICertificateToken as T, IDeviceCertificates as C},
    erc::IERC721 as E,
    licenses::{IDeviceLicenses as D, IManufacturingLicenses as M, DEFAULT_MINIMUM_STAKE},
    privileges,
    registry::IManufacturerRegistry as R,
    signer::DeviceKey,
};
use stylus_runtime::{GasUsage, Tx, World};

use crate::measure::{measure, Measurement};
use crate::registry::{account, RegistryFixture};
use crate::stack::{
    acme, auditors, hash, manager, rival, team, Device, Stack, ACME, ACME_LICENSE, FIRMWARE, RIVAL,
    RIVAL_LICENSE,
};

/// DIMO's measured figure for a comparable operation (`dimo-gas-baseline.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DimoFigure {
    /// The baseline's row, as it names it.
    pub label: &'static str,
    /// Its `gasUsed` (total, 21,000 and calldata included).
    pub gas_used: u64,
    /// Its execution gas: `gasUsed` less 21,000 and the calldata gas.
    pub execution: u64,
}

/// One measured operation.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Contract group, e.g. "Manufacturer registry".
    pub group: &'static str,
    /// What the transaction does.
    pub operation: String,
    /// Items in the transaction (names or devices in a batch; 1 otherwise).
    pub items: usize,
    /// Bytes of calldata.
    pub calldata_bytes: usize,
    /// Measured with the program not cached (the default on chain).
    pub uncached: Measurement,
    /// Gas used by the same transaction when the program is cached.
    pub cached_gas_used: u64,
    /// The gas of that cached run, in detail.
    pub cached: GasUsage,
    /// DIMO's comparable figure, if it has one.
    pub dimo: Option<DimoFigure>,
    /// Program entries per contract (the runtime's count, uncached run), in
    /// [`CONTRACTS`] order: how many times the transaction called each contract.
    pub entries: [u32; CONTRACTS.len()],
}

/// The contracts whose entries the report counts, in column order.
pub const CONTRACTS: [&str; 6] = [
    "registry",
    "manufacturing licences",
    "device licences",
    "certificates",
    "certificate token",
    "staking token",
];

/// A prepared world, the transaction to measure in it, and the addresses of the contracts
/// in [`CONTRACTS`] order (zero for those not deployed).
struct Prepared {
    world: World,
    tx: Tx,
    contracts: [Address; CONTRACTS.len()],
}

/// Measures `prepare`'s transaction uncached and cached.
fn scenario(
    group: &'static str,
    operation: impl Into<String>,
    items: usize,
    dimo: Option<DimoFigure>,
    prepare: impl Fn() -> Prepared,
) -> Scenario {
    let Prepared {
        mut world,
        tx,
        contracts,
    } = prepare();
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
    let entries = contracts.map(|c| {
        uncached
            .receipt
            .entries
            .get(&c)
            .copied()
            .unwrap_or_default()
    });
    let Prepared { mut world, tx, .. } = prepare();
    world.set_cache_all(true);
    let cached = world
        .transact(&tx)
        .unwrap_or_else(|e| panic!("scenario transaction not executed: {e}"));
    Scenario {
        group,
        operation,
        items,
        calldata_bytes: tx.data.len(),
        uncached,
        cached_gas_used: cached.gas.used,
        cached: cached.gas,
        dimo,
        entries,
    }
}

impl Scenario {
    /// Execution gas: gas used less the 21,000 intrinsic and the calldata gas (the refund,
    /// if any, deducted).
    pub fn execution(&self) -> u64 {
        let gas = &self.uncached.receipt.gas;
        gas.used - gas.intrinsic - gas.calldata
    }

    /// [`Self::execution`] per item.
    pub fn execution_per_item(&self) -> u64 {
        self.execution() / u64::try_from(self.items.max(1)).unwrap_or(1)
    }

    /// Execution gas when the programs are cached.
    pub fn cached_execution(&self) -> u64 {
        let gas = &self.uncached.receipt.gas;
        self.cached_gas_used - gas.intrinsic - gas.calldata
    }
}

/// Every scenario, in report order.
pub fn all() -> Vec<Scenario> {
    let mut out = registry();
    out.extend(licences());
    out.extend(certificates());
    out
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
    let mut contracts = [Address::ZERO; CONTRACTS.len()];
    contracts[0] = f.registry;
    Prepared {
        tx: Tx::call(from, f.registry, call.abi_encode()),
        world: f.world,
        contracts,
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
                execution: 163_020,
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
                execution: 145_920,
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
    for (n, dimo, execution) in [
        (1, 146_298, 124_046),
        (10, 816_397, 788_961),
        (100, 7_690_713, 7_609_433),
    ] {
        out.push(scenario(
            REGISTRY,
            format!("batch register {n} (to an admin)"),
            n,
            Some(DimoFigure {
                label: "mintManufacturerBatch (names only)",
                gas_used: dimo,
                execution,
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

fn prepared_stack<C: SolCall>(s: Stack, from: Address, to: Address, call: &C) -> Prepared {
    Prepared {
        tx: Tx::call(from, to, call.abi_encode()),
        contracts: [
            s.registry,
            s.manufacturing,
            s.devices,
            s.certificates,
            s.token,
            s.erc20,
        ],
        world: s.world,
    }
}

const LICENCES: &str = "Licences";

/// The licence flow's world before ACME's step `step` (0: nothing done yet; then stake,
/// MOU, grant, application, three audits, first vote): the rival has gone through all of
/// it first, so counters and totals are not zero. ACME's device licence is number 2.
fn licence_stage(step: usize) -> Stack {
    let mut s = Stack::deployed();
    s.license_manufacturer(RIVAL);
    s.device_license(RIVAL, "Model One");
    let steps: [&dyn Fn(&mut Stack); 7] = [
        &|s| s.stake(ACME),
        &|s| s.accept_mou(ACME),
        &|s| s.grant(ACME),
        &|s| {
            s.apply(ACME, "Model One");
        },
        &|s| s.audit(U256::from(2), 1),
        &|s| s.audit(U256::from(2), 2),
        &|s| s.audit(U256::from(2), 3),
    ];
    for f in steps.iter().take(step) {
        f(&mut s);
    }
    if step > 7 {
        s.approve(U256::from(2), 0);
    }
    s
}

/// Each step of the licence flow, for a manufacturer after another one went through it.
pub fn licences() -> Vec<Scenario> {
    let id = U256::from(2);
    let mut out = vec![
        scenario(
            LICENCES,
            "stake the minimum (the node's first stake)",
            1,
            None,
            || {
                let s = licence_stage(0);
                let m = s.manufacturing;
                let call = M::stakeCall {
                    node: ACME,
                    amount: DEFAULT_MINIMUM_STAKE,
                };
                prepared_stack(s, acme(), m, &call)
            },
        ),
        scenario(LICENCES, "accept the MOU", 1, None, || {
            let s = licence_stage(1);
            let m = s.manufacturing;
            let call = M::acceptMouCall {
                node: ACME,
                version: 1,
            };
            prepared_stack(s, acme(), m, &call)
        }),
        scenario(
            LICENCES,
            "unstake the whole stake (no licence yet)",
            1,
            None,
            || {
                let s = licence_stage(1);
                let m = s.manufacturing;
                let call = M::unstakeCall {
                    node: ACME,
                    amount: DEFAULT_MINIMUM_STAKE,
                };
                prepared_stack(s, acme(), m, &call)
            },
        ),
        scenario(LICENCES, "grant the Manufacturing License", 1, None, || {
            let s = licence_stage(2);
            let m = s.manufacturing;
            let call = M::grantManufacturingLicenseCall {
                node: ACME,
                expiresAt: 0,
                reason: hash(0x61),
            };
            prepared_stack(s, manager(), m, &call)
        }),
        scenario(LICENCES, "apply for a device licence", 1, None, || {
            let s = licence_stage(3);
            let d = s.devices;
            let call = D::applyForDeviceLicenseCall {
                manufacturer: ACME,
                model: "Model One".into(),
                hardwareRevision: "rev B".into(),
                designHash: hash(0x44),
                supersedes: U256::ZERO,
            };
            prepared_stack(s, acme(), d, &call)
        }),
    ];
    for (kind, name) in [
        (1_u8, "hardware and security"),
        (2, "customer experience"),
        (3, "integration and quality"),
    ] {
        out.push(scenario(
            LICENCES,
            format!("record audit {kind} ({name})"),
            1,
            None,
            move || {
                let s = licence_stage(3 + usize::from(kind));
                let d = s.devices;
                let call = D::recordAuditCall {
                    id,
                    kind,
                    passed: true,
                    reportHash: hash(0xa0 + kind),
                    reportUri: format!("ipfs://audit-{kind}"),
                };
                prepared_stack(s, auditors()[usize::from(kind - 1)], d, &call)
            },
        ));
    }
    for (member, step, what) in [
        (0, 7, "vote: first approval (2 of 3 needed)"),
        (1, 8, "vote: deciding approval (grants the licence)"),
    ] {
        out.push(scenario(LICENCES, what, 1, None, move || {
            let s = licence_stage(step);
            let d = s.devices;
            let call = D::voteCall { id, approve: true };
            prepared_stack(s, team()[member], d, &call)
        }));
    }
    out
}

const CERTIFICATES: &str = "Device Minting Certificates";

/// The scenario whose execution gas per device the project's target is about.
pub const TARGET_SCENARIO: &str = "mint 100 full certificates (one batch)";

/// Devices of ACME's earlier batch in [`certificate_stage`].
const EARLIER: u64 = 3;

/// A licensed stack in steady state: ACME minted a batch of [`EARLIER`] devices (line 1) and
/// the rival one device, so counters and the holder's balance are not zero.
fn certificate_stage() -> Stack {
    let mut s = Stack::licensed();
    let earlier: Vec<Device> = (0..EARLIER).map(|i| Device::new(1, i)).collect();
    s.mint(&earlier);
    let theirs = Device::new(2, 0);
    let call = s.mint_call(RIVAL, RIVAL_LICENSE, std::slice::from_ref(&theirs));
    let c = s.certificates;
    s.ok(rival(), c, &call);
    s
}

/// [`certificate_stage`] with ACME's device 0 claimed by the user.
fn claimed_stage() -> Stack {
    let mut s = certificate_stage();
    let c = s.certificates;
    let call = s.claim_call(&Device::new(1, 0), account("user"));
    s.ok(account("relayer"), c, &call);
    s
}

/// A mint of `n` new full certificates (line 1, after the earlier batch) by `minter`.
fn mint_scenario(
    operation: &str,
    n: u64,
    minter: Address,
    first_ever: bool,
    dimo: Option<DimoFigure>,
) -> Scenario {
    scenario(
        CERTIFICATES,
        operation,
        usize::try_from(n).unwrap_or(1),
        dimo,
        move || {
            let mut s = if first_ever {
                Stack::licensed()
            } else {
                certificate_stage()
            };
            if minter != acme() {
                let registry = s.registry;
                let expires = s.now() + 86_400;
                s.ok(
                    acme(),
                    registry,
                    &R::grantPrivilegeCall {
                        node: ACME,
                        operator: minter,
                        privilege: privileges::MINT_DEVICES,
                        expiresAt: expires,
                    },
                );
            }
            let devices: Vec<Device> = (100..100 + n).map(|i| Device::new(1, i)).collect();
            let call = s.mint_call(ACME, ACME_LICENSE, &devices);
            let c = s.certificates;
            prepared_stack(s, minter, c, &call)
        },
    )
}

/// Minting and each later step of a device's life.
pub fn certificates() -> Vec<Scenario> {
    let dimo = |label, gas_used, execution| {
        Some(DimoFigure {
            label,
            gas_used,
            execution,
        })
    };
    let mut out = vec![
        mint_scenario(
            "mint 1 full certificate (first ever)",
            1,
            acme(),
            true,
            dimo(
                "AD mint, very first device on a fresh deployment (Serial + IMEI)",
                297_619,
                272_943,
            ),
        ),
        mint_scenario(
            "mint 1 full certificate (steady state)",
            1,
            acme(),
            false,
            dimo(
                "AD batch mint, Serial (16 chars) + IMEI (15 digits), n = 1",
                263_419,
                238_743,
            ),
        ),
        mint_scenario(
            "mint 10 full certificates (one batch)",
            10,
            acme(),
            false,
            dimo("AD batch mint, Serial + IMEI, n = 10", 1_677_563, 1_624_063),
        ),
        mint_scenario(
            "mint 10 full certificates (MINT_DEVICES delegate)",
            10,
            account("factory line"),
            false,
            dimo(
                "AD batch mint by a privileged non-owner minter, n = 10",
                1_679_790,
                1_626_278,
            ),
        ),
        mint_scenario(
            TARGET_SCENARIO,
            100,
            acme(),
            false,
            dimo(
                "AD batch mint, Serial + IMEI, n = 100",
                15_824_467,
                15_482_907,
            ),
        ),
        scenario(
            CERTIFICATES,
            "claim (a relayer sends; device signature; owner's first)",
            1,
            dimo(
                "claimAftermarketDevice (AD signature only), owner's first AD",
                155_780,
                133_120,
            ),
            || {
                let s = certificate_stage();
                let c = s.certificates;
                let call = s.claim_call(&Device::new(1, 0), account("user"));
                prepared_stack(s, account("relayer"), c, &call)
            },
        ),
    ];
    out.extend(lifecycle());
    out
}

/// After the claim: provisioning, an organization, OTA, reset with rotation, end of life.
fn lifecycle() -> Vec<Scenario> {
    let id = Device::new(1, 0).id();
    let user = account("user");
    vec![
        scenario(
            CERTIFICATES,
            "mark provisioned (owner)",
            1,
            None,
            move || {
                let s = claimed_stage();
                let c = s.certificates;
                let call = C::markProvisionedCall {
                    id,
                    provisionedAt: s.now() - 60,
                };
                prepared_stack(s, user, c, &call)
            },
        ),
        scenario(
            CERTIFICATES,
            "authorize an organization (owner, on the token)",
            1,
            None,
            move || {
                let s = claimed_stage();
                let token = s.token;
                let call = T::authorizeOrganizationCall {
                    id,
                    org: account("fleet org"),
                };
                prepared_stack(s, user, token, &call)
            },
        ),
        scenario(
            CERTIFICATES,
            "OTA update (manufacturer, first update)",
            1,
            None,
            move || {
                let s = claimed_stage();
                let c = s.certificates;
                let call = C::updateFirmwareCall {
                    id,
                    version: FIRMWARE + (1 << 32),
                    imageHash: hash(0x77),
                    rollback: false,
                };
                prepared_stack(s, acme(), c, &call)
            },
        ),
        scenario(
            CERTIFICATES,
            "factory reset rotating the key (manufacturer)",
            1,
            Some(DimoFigure {
                label: "resetAftermarketDeviceAddressByManufacturerBatch, n = 1",
                gas_used: 91_579,
                execution: 69_727,
            }),
            move || {
                let s = claimed_stage();
                let c = s.certificates;
                let key = DeviceKey::from_seed("device 1/0, after its factory reset");
                let call = C::factoryResetCall {
                    id,
                    newDevice: key.address(),
                    signature: s.rotate_signature(&Device::new(1, 0).key, &key, id, 0),
                };
                prepared_stack(s, acme(), c, &call)
            },
        ),
        scenario(CERTIFICATES, "end of life (owner)", 1, None, move || {
            let s = claimed_stage();
            let c = s.certificates;
            let call = C::endOfLifeCall {
                id,
                kind: status::RECYCLED,
                reason: hash(0xe0),
            };
            prepared_stack(s, user, c, &call)
        }),
    ]
}
