//! Signed tokens: small values handed to a browser (in cookies or hidden fields) that come
//! back unaltered or not at all. Each token is bound to a purpose, so a token made for one
//! use is worthless for another.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = hmac::Hmac<Sha256>;

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// Signs and verifies tokens with one secret key.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Signer(<secret>)")
    }
}

impl Signer {
    /// A signer with `key`, which must be at least [`MIN_KEY_BYTES`] long.
    pub fn new(key: &[u8]) -> Result<Self, String> {
        if key.len() < MIN_KEY_BYTES {
            return Err(format!(
                "the signing key must be at least {MIN_KEY_BYTES} bytes long; it has {}",
                key.len()
            ));
        }
        Ok(Self { key: key.to_vec() })
    }

    /// Makes a fresh random key.
    pub fn generate_key() -> Result<Vec<u8>, String> {
        let mut key = vec![0_u8; MIN_KEY_BYTES];
        getrandom::fill(&mut key)
            .map_err(|error| format!("the system could not provide random bytes: {error}"))?;
        Ok(key)
    }

    fn mac(&self, purpose: &str, payload: &[u8]) -> HmacSha256 {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.key)
            .expect("HMAC takes keys of any length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(payload);
        mac
    }

    /// A token carrying `payload` for `purpose`.
    pub fn sign(&self, purpose: &str, payload: &[u8]) -> String {
        let tag = self.mac(purpose, payload).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The payload of `token` if it was made by this signer for `purpose`.
    pub fn verify(&self, purpose: &str, token: &str) -> Option<Vec<u8>> {
        let (payload, tag) = token.split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(purpose, &payload).verify_slice(&tag).ok()?;
        Some(payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> Signer {
        Signer::new(&[7; 32]).unwrap()
    }

    #[test]
    fn round_trips_for_the_same_purpose_only() {
        let token = signer().sign("pending_comments", b"12:34");
        assert_eq!(
            signer().verify("pending_comments", &token).as_deref(),
            Some(&b"12:34"[..])
        );
        assert_eq!(signer().verify("other_purpose", &token), None);
        assert_eq!(
            Signer::new(&[8; 32])
                .unwrap()
                .verify("pending_comments", &token),
            None
        );
    }

    #[test]
    fn refuses_tampered_or_malformed_tokens() {
        let token = signer().sign("p", b"12");
        let tampered = format!(
            "{}{}",
            URL_SAFE_NO_PAD.encode(b"13"),
            &token[token.find('.').unwrap()..]
        );
        assert_eq!(signer().verify("p", &tampered), None);
        for garbage in ["", ".", "abc", "a.b.c", "!!.??"] {
            assert_eq!(signer().verify("p", garbage), None);
        }
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(Signer::new(b"short").is_err());
        assert_eq!(Signer::generate_key().unwrap().len(), MIN_KEY_BYTES);
    }
}
