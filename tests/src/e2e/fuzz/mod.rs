//! Calldata fuzzing of every contract: mutations of valid calls, random selectors, truncated
//! and oversized arguments, from privileged and unprivileged callers. Every call must end as a
//! success or a clean revert (empty data or an exactly encoded custom error of the contract's
//! ABI), never a trap, and a call that did not succeed must leave the world state
//! byte-for-byte unchanged.
//!
//! One more ending is legitimate: out of gas. A forged array length (say 6.5 million names
//! in `mintManufacturerBatch`) makes the SDK's ABI decoder work until the gas runs out before
//! it gives up, on chain as here; the caller pays and nothing changes.
//!
//! * [`registry`]: the manufacturer registry on its own;
//! * [`contracts`]: the manufacturing-licence, device-licence and certificate contracts and
//!   the certificate token, each in a populated [`crate::stack::Stack`].
//!
//! `FUZZ_CASES` sets the number of calls per contract (default 400, for CI); `FUZZ_SEED` the
//! seed (each contract's campaign mixes in its own salt).

mod contracts;
mod registry;

use alloy_primitives::{Address, U256};
use stylus_runtime::{Outcome, Tx, World};

use crate::calls::describe_revert;

/// Calls per run unless `FUZZ_CASES` says otherwise.
pub(super) const DEFAULT_CASES: u64 = 400;

/// A small, fast, deterministic generator (splitmix64).
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }

    pub(super) fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next().to_le_bytes()[0]).collect()
    }

    pub(super) fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// The value of environment variable `name` as a number, or `default`.
pub(super) fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One fuzz input: a template, mutated.
pub(super) fn mutate(rng: &mut Rng, mut data: Vec<u8>) -> Vec<u8> {
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

/// What a campaign ended with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Tally {
    /// Calls that succeeded.
    pub(super) successes: u64,
    /// Calls that reverted cleanly.
    pub(super) reverts: u64,
    /// Calls that ran out of gas.
    pub(super) out_of_gas: u64,
}

/// One contract under fuzzing.
pub(super) struct Campaign<'a> {
    /// Its name, for the messages.
    pub(super) name: &'static str,
    /// The world to start from (and to return to every 64 calls).
    pub(super) pristine: &'a World,
    /// The contract called.
    pub(super) target: Address,
    /// Who calls.
    pub(super) callers: &'a [Address],
    /// Whether revert data is clean for this contract.
    pub(super) clean: fn(&[u8]) -> bool,
    /// Mixed into the seed, so that each contract gets its own inputs.
    pub(super) salt: u64,
}

impl Campaign<'_> {
    /// Runs `FUZZ_CASES` calls whose calldata is a template of `templates` (valid calldata
    /// for every function, drawn afresh per call), mutated; checks each ending as the module
    /// says and returns the tally.
    ///
    /// # Panics
    ///
    /// On a trap, an unclean revert, or a failed call that changed the state.
    pub(super) fn run(&self, templates: impl Fn(&mut Rng) -> Vec<Vec<u8>>) -> Tally {
        let cases = env_u64("FUZZ_CASES", DEFAULT_CASES);
        let seed = env_u64("FUZZ_SEED", 0x00d1_5ea5_e5ee_d001) ^ self.salt;
        let mut rng = Rng(seed);
        let mut world = self.pristine.clone();
        let mut tally = Tally::default();
        for case in 0..cases {
            // Start over now and then, so that state-changing successes do not pile up.
            if case % 64 == 0 {
                world = self.pristine.clone();
            }
            let templates = templates(&mut rng);
            let template = rng.pick(&templates);
            let data = mutate(&mut rng, template);
            let caller = rng.pick(self.callers);
            let before = world.state().clone();
            let receipt = world
                .transact(&Tx::call(caller, self.target, data.clone()))
                .unwrap_or_else(|e| panic!("{}: case {case}: not executed: {e}", self.name));
            let context = || {
                format!(
                    "{}: case {case} (seed {seed:#x}), caller {caller}, calldata 0x{}",
                    self.name,
                    alloy_primitives::hex::encode(&data)
                )
            };
            match &receipt.outcome {
                Outcome::Success => tally.successes += 1,
                Outcome::Revert => {
                    tally.reverts += 1;
                    assert!(
                        (self.clean)(&receipt.output),
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
                    tally.out_of_gas += 1;
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
            "fuzz {}: {cases} calls, {} succeeded, {} reverted, {} out of gas",
            self.name, tally.successes, tally.reverts, tally.out_of_gas
        );
        assert_eq!(tally.successes + tally.reverts + tally.out_of_gas, cases);
        assert!(
            cases < 50 || (tally.successes > 0 && tally.reverts > 0),
            "{}: {tally:?}",
            self.name
        );
        tally
    }
}

/// A recognisable word for templates: `n` as a `uint256`.
pub(super) fn word(n: u64) -> U256 {
    U256::from(n)
}
