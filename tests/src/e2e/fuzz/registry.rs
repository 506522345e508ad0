//! Calldata fuzzing of the registry: mutations of valid calls, random selectors, truncated and
//! oversized arguments, from privileged and unprivileged callers. Every call must end as a
//! success or a clean revert (empty data or an exactly encoded custom error of the
//! registry's ABI), never a trap, and a call that did not succeed must leave the world state
//! byte-for-byte unchanged.
//!
//! One more ending is legitimate: out of gas. A forged array length (say 6.5 million names
//! in `mintManufacturerBatch`) makes the SDK's ABI decoder work until the gas runs out before
//! it gives up, on chain as here; the caller pays and nothing changes.
//!
//! `FUZZ_CASES` sets the number of calls (default 400, for CI); `FUZZ_SEED` the seed.

use alloy_primitives::{Address, Bytes, FixedBytes, U256};
use alloy_sol_types::SolCall;
use dimo_interfaces::{
    erc::{IERC721Metadata as M, IOwnable2Step as O, IERC165, IERC721 as E},
    registry::IManufacturerRegistry as R,
};
use stylus_runtime::{constructor_selector, Outcome, Tx, World};

use crate::calls::{decode_registry_error, describe_revert};
use crate::registry::{account, RegistryFixture};

/// Calls per run unless `FUZZ_CASES` says otherwise.
const DEFAULT_CASES: u64 = 400;

/// A small, fast, deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next().to_le_bytes()[0]).collect()
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Valid calldata for every function, with arguments drawn from the fixture's accounts and
/// nodes (and some odd values).
// One entry per function of the ABI: splitting the list would only scatter it.
#[allow(clippy::too_many_lines)]
fn templates(rng: &mut Rng, people: &[Address], now: u64) -> Vec<Vec<u8>> {
    let who = |rng: &mut Rng| rng.pick(people);
    let node = |rng: &mut Rng| U256::from(rng.below(5));
    let name = |rng: &mut Rng| {
        rng.pick(&[
            "Acme".to_owned(),
            "acme".to_owned(),
            "New Maker".to_owned(),
            String::new(),
            " x".to_owned(),
            "z".repeat(65),
            "Ünï".to_owned(),
        ])
    };
    let privilege = |rng: &mut Rng| u8::try_from(rng.below(8)).unwrap_or(0);
    let expiry = |rng: &mut Rng| rng.pick(&[0, now, now + 1, now + 86_400, u64::MAX]);
    vec![
        R::isAdminCall { account: who(rng) }.abi_encode(),
        R::addAdminCall { account: who(rng) }.abi_encode(),
        R::removeAdminCall { account: who(rng) }.abi_encode(),
        R::isControllerCall { account: who(rng) }.abi_encode(),
        R::addControllerCall {
            controller: who(rng),
        }
        .abi_encode(),
        R::removeControllerCall {
            controller: who(rng),
        }
        .abi_encode(),
        R::manufacturerOfCall { account: who(rng) }.abi_encode(),
        R::mintManufacturerCall {
            owner: who(rng),
            name: name(rng),
        }
        .abi_encode(),
        R::mintManufacturerBatchCall {
            owner: who(rng),
            names: (0..rng.below(4)).map(|_| name(rng)).collect(),
        }
        .abi_encode(),
        R::renameManufacturerCall {
            node: node(rng),
            newName: name(rng),
        }
        .abi_encode(),
        R::manufacturerIdByNameCall { name: name(rng) }.abi_encode(),
        R::manufacturerNameByIdCall { node: node(rng) }.abi_encode(),
        R::totalManufacturersCall {}.abi_encode(),
        R::grantPrivilegeCall {
            node: node(rng),
            operator: who(rng),
            privilege: privilege(rng),
            expiresAt: expiry(rng),
        }
        .abi_encode(),
        R::revokePrivilegeCall {
            node: node(rng),
            operator: who(rng),
            privilege: privilege(rng),
        }
        .abi_encode(),
        R::privilegeExpiryCall {
            node: node(rng),
            operator: who(rng),
            privilege: privilege(rng),
        }
        .abi_encode(),
        R::isAuthorizedCall {
            node: node(rng),
            account: who(rng),
            privilege: privilege(rng),
        }
        .abi_encode(),
        R::setManufacturerURICall {
            node: node(rng),
            uri: "ipfs://x".repeat(rng.below(70)),
        }
        .abi_encode(),
        E::balanceOfCall { owner: who(rng) }.abi_encode(),
        E::ownerOfCall { tokenId: node(rng) }.abi_encode(),
        E::transferFromCall {
            from: who(rng),
            to: who(rng),
            tokenId: node(rng),
        }
        .abi_encode(),
        E::safeTransferFrom_0Call {
            from: who(rng),
            to: who(rng),
            tokenId: node(rng),
            data: {
                let n = rng.below(40);
                Bytes::from(rng.bytes(n))
            },
        }
        .abi_encode(),
        E::safeTransferFrom_1Call {
            from: who(rng),
            to: who(rng),
            tokenId: node(rng),
        }
        .abi_encode(),
        E::approveCall {
            to: who(rng),
            tokenId: node(rng),
        }
        .abi_encode(),
        E::setApprovalForAllCall {
            operator: who(rng),
            approved: rng.below(2) == 1,
        }
        .abi_encode(),
        E::getApprovedCall { tokenId: node(rng) }.abi_encode(),
        E::isApprovedForAllCall {
            owner: who(rng),
            operator: who(rng),
        }
        .abi_encode(),
        M::nameCall {}.abi_encode(),
        M::symbolCall {}.abi_encode(),
        M::tokenURICall { tokenId: node(rng) }.abi_encode(),
        O::ownerCall {}.abi_encode(),
        O::pendingOwnerCall {}.abi_encode(),
        O::transferOwnershipCall { newOwner: who(rng) }.abi_encode(),
        O::acceptOwnershipCall {}.abi_encode(),
        O::renounceOwnershipCall {}.abi_encode(),
        IERC165::supportsInterfaceCall {
            interfaceId: FixedBytes(rng.next().to_le_bytes()[..4].try_into().unwrap_or([0; 4])),
        }
        .abi_encode(),
        [constructor_selector().to_vec(), rng.bytes(32)].concat(),
    ]
}

/// One fuzz input: a template, mutated.
fn mutate(rng: &mut Rng, mut data: Vec<u8>) -> Vec<u8> {
    match rng.below(9) {
        // Unchanged: valid calls must also end cleanly.
        0 => {}
        // Flip a few bytes of the arguments.
        1 => {
            for _ in 0..=rng.below(4) {
                if data.len() > 4 {
                    let i = 4 + rng.below(data.len() - 4);
                    data[i] ^= u8::try_from(rng.below(255) + 1).unwrap_or(1);
                }
            }
        }
        // Truncate.
        2 => data.truncate(rng.below(data.len() + 1)),
        // Oversize: append junk.
        3 => {
            let n = 1 + rng.below(200);
            let junk = rng.bytes(n);
            data.extend(junk);
        }
        // A random selector with these arguments.
        4 => {
            if data.len() >= 4 {
                let selector = rng.bytes(4);
                data[..4].copy_from_slice(&selector);
            }
        }
        // Random bytes only.
        5 => {
            let n = rng.below(300);
            data = rng.bytes(n);
        }
        // Corrupt an ABI word into a huge offset or length.
        6 => {
            let words = data.len().saturating_sub(4) / 32;
            if words > 0 {
                let at = 4 + 32 * rng.below(words);
                data[at..at + 32].copy_from_slice(&[0xff; 32]);
                data[at + 31] = rng.pick(&[0x00, 0x20, 0xe0, 0xff]);
            }
        }
        // A small offset or length that points into the head.
        7 => {
            let words = data.len().saturating_sub(4) / 32;
            if words > 0 {
                let at = 4 + 32 * rng.below(words);
                let value = U256::from(rng.below(256)).to_be_bytes::<32>();
                data[at..at + 32].copy_from_slice(&value);
            }
        }
        // Just the selector, or nothing.
        _ => data.truncate(rng.pick(&[0, 1, 3, 4])),
    }
    data
}

/// Whether revert data is clean: empty, or exactly the encoding of an error of the ABI.
fn clean_revert(data: &[u8]) -> bool {
    data.is_empty() || decode_registry_error(data).is_some()
}

/// A registry with admins, controllers, nodes, a grant and an approval.
fn populated() -> (World, Address, Vec<Address>, u64) {
    let mut f = RegistryFixture::new();
    let (owner, admin, carol, dave, erin, op) = (
        f.owner,
        account("admin"),
        account("carol"),
        account("dave"),
        account("erin"),
        account("operator"),
    );
    f.ok(owner, &R::addAdminCall { account: admin });
    let node = f.controller_with_node(carol, "Acme");
    f.controller_with_node(dave, "Dave Devices");
    f.add_controller(erin);
    f.mint(admin, "Admin Held");
    let now = f.world.block().timestamp;
    f.ok(
        carol,
        &R::grantPrivilegeCall {
            node,
            operator: op,
            privilege: 1,
            expiresAt: now + 1_000,
        },
    );
    f.ok(
        carol,
        &E::approveCall {
            to: op,
            tokenId: node,
        },
    );
    let people = vec![
        owner,
        admin,
        carol,
        dave,
        erin,
        op,
        account("stranger"),
        Address::ZERO,
        f.registry,
    ];
    (f.world, f.registry, people, now)
}

#[test]
fn random_and_mutated_calldata_ends_cleanly() {
    let cases = env_u64("FUZZ_CASES", DEFAULT_CASES);
    let seed = env_u64("FUZZ_SEED", 0x00d1_5ea5_e5ee_d001);
    let mut rng = Rng(seed);
    let (pristine, registry, people, now) = populated();
    let mut world = pristine.clone();
    let (mut successes, mut reverts, mut out_of_gas) = (0_u64, 0_u64, 0_u64);
    for case in 0..cases {
        // Start over now and then, so that state-changing successes do not pile up.
        if case % 64 == 0 {
            world = pristine.clone();
        }
        let templates = templates(&mut rng, &people, now);
        let template = rng.pick(&templates);
        let data = mutate(&mut rng, template);
        let caller = rng.pick(&people[..7]);
        let before = world.state().clone();
        let receipt = world
            .transact(&Tx::call(caller, registry, data.clone()))
            .unwrap_or_else(|e| panic!("case {case}: not executed: {e}"));
        let context = || {
            format!(
                "case {case} (seed {seed:#x}), caller {caller}, calldata 0x{}",
                alloy_primitives::hex::encode(&data)
            )
        };
        match &receipt.outcome {
            Outcome::Success => successes += 1,
            Outcome::Revert => {
                reverts += 1;
                assert!(
                    clean_revert(&receipt.output),
                    "{}: unclean revert: {}",
                    context(),
                    describe_revert(&receipt.output)
                );
                assert!(
                    world.state() == &before,
                    "{}: the revert changed state",
                    context()
                );
            }
            Outcome::OutOfGas => {
                out_of_gas += 1;
                assert_eq!(receipt.gas.used, receipt.gas.limit, "{}", context());
                assert!(
                    world.state() == &before,
                    "{}: running out of gas changed state",
                    context()
                );
            }
            Outcome::Failure(failure) => panic!("{}: trapped: {failure}", context()),
        }
    }
    eprintln!(
        "fuzz: {cases} calls, {successes} succeeded, {reverts} reverted, {out_of_gas} out of gas"
    );
    assert_eq!(successes + reverts + out_of_gas, cases);
    assert!(
        cases < 50 || (successes > 0 && reverts > 0),
        "{successes} / {reverts}"
    );
}
