//! Where the deployer's key comes from: an environment variable, a file, or an encrypted
//! keystore (with its password from a file or an environment variable). Never from a flag's
//! plain text, which would end up in shell histories and process lists.

use std::path::PathBuf;

use alloy::signers::local::PrivateKeySigner;
use clap::Args;
use eyre::{bail, eyre, WrapErr};

/// Default environment variable holding the key (hex).
pub(crate) const KEY_ENV: &str = "DIMO_DEPLOYER_KEY";
/// Environment variable holding a keystore's password.
pub(crate) const PASSWORD_ENV: &str = "DIMO_KEYSTORE_PASSWORD";

/// Key options.
#[derive(Debug, Clone, Args)]
pub(crate) struct KeyArgs {
    /// Environment variable that holds the private key (hex).
    #[arg(long, default_value = KEY_ENV)]
    pub key_env: String,
    /// File that holds the private key (hex, surrounding whitespace ignored).
    #[arg(long, conflicts_with = "keystore")]
    pub key_file: Option<PathBuf>,
    /// Encrypted JSON keystore (the password from `--password-file` or `DIMO_KEYSTORE_PASSWORD`).
    #[arg(long)]
    pub keystore: Option<PathBuf>,
    /// File holding the keystore's password.
    #[arg(long, requires = "keystore")]
    pub password_file: Option<PathBuf>,
}

fn parse_hex_key(text: &str, source: &str) -> eyre::Result<PrivateKeySigner> {
    text.trim()
        .parse::<PrivateKeySigner>()
        .map_err(|_| eyre!("{source} does not hold a valid hex private key"))
}

impl KeyArgs {
    /// The signer.
    pub(crate) fn signer(&self) -> eyre::Result<PrivateKeySigner> {
        if let Some(path) = &self.keystore {
            let password = match &self.password_file {
                Some(file) => std::fs::read_to_string(file)
                    .wrap_err_with(|| format!("reading {}", file.display()))?
                    .trim_end_matches(['\n', '\r'])
                    .to_owned(),
                None => std::env::var(PASSWORD_ENV).map_err(|_| {
                    eyre!("the keystore needs a password: --password-file or {PASSWORD_ENV}")
                })?,
            };
            return PrivateKeySigner::decrypt_keystore(path, password)
                .map_err(|e| eyre!("decrypting {}: {e}", path.display()));
        }
        if let Some(path) = &self.key_file {
            let text = std::fs::read_to_string(path)
                .wrap_err_with(|| format!("reading {}", path.display()))?;
            return parse_hex_key(&text, &path.display().to_string());
        }
        match std::env::var(&self.key_env) {
            Ok(text) => parse_hex_key(&text, &self.key_env),
            Err(_) => bail!(
                "no deployer key: set {} (or --key-env VAR), or pass --key-file or --keystore",
                self.key_env
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> KeyArgs {
        KeyArgs {
            key_env: "DIMO_TEST_KEY_THAT_IS_NOT_SET".into(),
            key_file: None,
            keystore: None,
            password_file: None,
        }
    }

    #[test]
    fn key_file_and_keystore_are_read_and_a_missing_key_is_refused() {
        let dir = std::env::temp_dir().join(format!("dimo-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let signer = PrivateKeySigner::random();
        let file = dir.join("key.hex");
        std::fs::write(
            &file,
            format!("{}\n", alloy::hex::encode(signer.to_bytes())),
        )
        .unwrap();
        let from_file = KeyArgs {
            key_file: Some(file.clone()),
            ..args()
        };
        assert_eq!(from_file.signer().unwrap().address(), signer.address());

        let mut rng = alloy::signers::k256::elliptic_curve::rand_core::OsRng;
        PrivateKeySigner::encrypt_keystore(
            &dir,
            &mut rng,
            signer.to_bytes(),
            "pw",
            Some("ks.json"),
        )
        .unwrap();
        let pw = dir.join("pw.txt");
        std::fs::write(&pw, "pw\n").unwrap();
        let from_keystore = KeyArgs {
            keystore: Some(dir.join("ks.json")),
            password_file: Some(pw),
            ..args()
        };
        assert_eq!(from_keystore.signer().unwrap().address(), signer.address());

        std::fs::write(&file, "not a key").unwrap();
        assert!(from_file.signer().is_err());
        assert!(args().signer().is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
