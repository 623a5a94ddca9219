//! The co-op's signing key: made once, in the transaction that creates the co-op (or the first
//! time a bundle is signed in an older book), kept in the book and never shown; its public half's
//! fingerprint is what the township confirms by phone. [`crate::sync::bundle`] signs with it.

use crate::base::error::{Error, Result};
use crate::store::book::Tx;
use ed25519_dalek::SigningKey;
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

/// `1A2B-3C4D-5E6F-7A8B`: the first 8 bytes of SHA-256 of the public key, to read out by phone.
pub fn fingerprint(public: &[u8]) -> String {
    let h = Sha256::digest(public);
    h[..8].chunks(2).map(hex::encode_upper).collect::<Vec<_>>().join("-")
}

/// Makes the co-op's key pair if the book has none (books made before schema 10 get theirs here).
pub(crate) fn ensure_key(tx: &mut Tx) -> Result<SigningKey> {
    let found: Option<Vec<u8>> =
        tx.query_row("SELECT secret FROM coop_key WHERE id = 1", [], |r| r.get(0)).optional()?;
    if let Some(secret) = found {
        let seed: [u8; 32] = secret.try_into().map_err(|_| Error::internal("coop_key.secret is not 32 bytes"))?;
        return Ok(SigningKey::from_bytes(&seed));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Error::new("random", format!("无法取得系统随机数：{e}"), format!("no OS randomness: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    let public = key.verifying_key().to_bytes();
    tx.execute(
        "INSERT INTO coop_key (id, secret, public, created_at) VALUES (1, ?1, ?2, ?3)",
        params![seed.to_vec(), public.to_vec(), tx.now],
    )?;
    tx.log(
        "coop.key",
        "coop",
        1,
        &serde_json::json!({"public_key": hex::encode(public), "fingerprint": fingerprint(&public)}),
    )?;
    Ok(key)
}
