//! The journal beside the CSV (`<file>.journal`): one JSON line per step, flushed to disk
//! before the next, so that a run killed at any moment (even between sending a batch and
//! seeing its receipt) knows on restart which devices it may have sent and which transactions
//! to look for.

use std::collections::{BTreeMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use alloy::primitives::{Address, B256, U256};
use eyre::{ensure, WrapErr};
use serde::{Deserialize, Serialize};

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "camelCase")]
pub(crate) enum Entry {
    /// A run against this chain, contract and manufacturer started.
    Start {
        /// The chain id.
        chain_id: u64,
        /// The certificate contract.
        certificates: Address,
        /// The manufacturer node.
        manufacturer: U256,
    },
    /// Batch `batch` of `devices` is about to be sent.
    Sending {
        /// The run's batch number.
        batch: u64,
        /// Its devices.
        devices: Vec<Address>,
    },
    /// Batch `batch` was sent as `tx`.
    Sent {
        /// The run's batch number.
        batch: u64,
        /// The transaction.
        tx: B256,
    },
    /// Batch `batch`'s receipt came.
    Mined {
        /// The run's batch number.
        batch: u64,
        /// The transaction.
        tx: B256,
        /// Gas used.
        gas: u64,
    },
}

/// The journal, open for appending.
pub(crate) struct Journal {
    file: File,
    /// Its path.
    pub path: PathBuf,
    /// Every device any run may have sent.
    pub devices: HashSet<Address>,
    /// Transactions sent whose receipt the journal lacks.
    pub unconfirmed: Vec<B256>,
    /// The next batch number.
    pub next_batch: u64,
}

/// The journal's path for `csv`.
pub(crate) fn path_for(csv: &Path) -> PathBuf {
    let mut name = csv.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

impl Journal {
    /// Opens (or starts) the journal of `csv` for a run described by `start`; refuses a
    /// journal of another chain, contract or manufacturer. A torn last line (a kill while
    /// writing it) is ignored: its step had not happened yet.
    pub(crate) fn open(csv: &Path, start: &Entry) -> eyre::Result<Self> {
        let path = path_for(csv);
        let mut entries = Vec::new();
        if path.exists() {
            let reader = BufReader::new(
                File::open(&path).wrap_err_with(|| format!("opening {}", path.display()))?,
            );
            for line in reader.lines() {
                let line = line.wrap_err_with(|| format!("reading {}", path.display()))?;
                if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
                    entries.push(entry);
                }
            }
        }
        if let Some(first @ Entry::Start { .. }) = entries.first() {
            ensure!(
                first == start,
                "{} belongs to another run ({first:?}); this run is {start:?}: move it away \
                 to mint this file there",
                path.display()
            );
        }
        let mut devices = HashSet::new();
        let mut sent: BTreeMap<u64, B256> = BTreeMap::new();
        let mut next_batch = 1;
        for entry in &entries {
            match entry {
                Entry::Start { .. } => {}
                Entry::Sending { batch, devices: d } => {
                    devices.extend(d.iter().copied());
                    next_batch = next_batch.max(batch + 1);
                }
                Entry::Sent { batch, tx } => {
                    sent.insert(*batch, *tx);
                }
                Entry::Mined { batch, .. } => {
                    sent.remove(batch);
                }
            }
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .wrap_err_with(|| format!("opening {}", path.display()))?;
        // A torn last line gets its own line end, so the next entry starts clean.
        if std::fs::read(&path)?.last().is_some_and(|b| *b != b'\n') {
            file.write_all(b"\n")?;
        }
        let mut journal = Self {
            file,
            path,
            devices,
            unconfirmed: sent.into_values().collect(),
            next_batch,
        };
        if entries.is_empty() {
            journal.append(start)?;
        }
        Ok(journal)
    }

    /// Appends `entry` and flushes it to disk.
    pub(crate) fn append(&mut self, entry: &Entry) -> eyre::Result<()> {
        let mut line = serde_json::to_string(entry)?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .wrap_err_with(|| format!("writing {}", self.path.display()))?;
        if let Entry::Sending { devices, .. } = entry {
            self.devices.extend(devices.iter().copied());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reopened_journal_knows_its_devices_and_unconfirmed_batches() {
        let dir = std::env::temp_dir().join(format!("dimo-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let csv = dir.join("run.csv");
        let start = Entry::Start {
            chain_id: 1,
            certificates: Address::repeat_byte(1),
            manufacturer: U256::from(1),
        };
        let mut j = Journal::open(&csv, &start).unwrap();
        let (a, b) = (Address::repeat_byte(2), Address::repeat_byte(3));
        j.append(&Entry::Sending {
            batch: 1,
            devices: vec![a],
        })
        .unwrap();
        j.append(&Entry::Sent {
            batch: 1,
            tx: B256::repeat_byte(9),
        })
        .unwrap();
        j.append(&Entry::Mined {
            batch: 1,
            tx: B256::repeat_byte(9),
            gas: 5,
        })
        .unwrap();
        j.append(&Entry::Sending {
            batch: 2,
            devices: vec![b],
        })
        .unwrap();
        j.append(&Entry::Sent {
            batch: 2,
            tx: B256::repeat_byte(8),
        })
        .unwrap();
        drop(j);
        // A kill while writing the next line.
        let mut f = OpenOptions::new()
            .append(true)
            .open(path_for(&csv))
            .unwrap();
        f.write_all(b"{\"step\":\"mined\",\"bat").unwrap();
        let j = Journal::open(&csv, &start).unwrap();
        assert_eq!(j.devices, HashSet::from([a, b]));
        assert_eq!(j.unconfirmed, vec![B256::repeat_byte(8)]);
        assert_eq!(j.next_batch, 3);
        let other = Entry::Start {
            chain_id: 2,
            certificates: Address::repeat_byte(1),
            manufacturer: U256::from(1),
        };
        assert!(Journal::open(&csv, &other).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
