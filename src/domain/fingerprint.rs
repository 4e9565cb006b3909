//! Fingerprints: 64-bit hashes that say whether an input changed since the
//! previous build, so `rungs serve` can reuse what did not change.
//!
//! A fingerprint is only ever compared with another fingerprint made the
//! same way by the same binary in the same process, so it needs no stable
//! format, and the inputs are the user's own files, so it needs no defence
//! against crafted collisions: a fast 64-bit hash of good quality
//! (foldhash, several times faster than SipHash over 77 MB of assessment
//! files) with a fixed seed serves. Values are fed in through their `Debug` output, which prints
//! every field and floats exactly (shortest round-trip form), so two values
//! with the same fingerprint print, and render, the same.

use std::fmt::{self, Debug, Write as _};
use std::hash::{BuildHasher, Hasher};

use foldhash::quality::{FixedState, FoldHasher};

/// Accumulates a fingerprint.
#[derive(Clone)]
pub struct Fingerprint {
    hasher: FoldHasher<'static>,
    /// `Debug` output comes in many tiny pieces, which the hasher takes
    /// far more slowly than a few large ones: they are gathered here first.
    pending: Vec<u8>,
}

/// How much `Debug` output is gathered before it is hashed.
const PENDING: usize = 8 * 1024;

/// The hasher's fixed seed: the same in every process.
const SEED: FixedState = FixedState::with_seed(0x7275_6e67_735f_6670);

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint {
            hasher: SEED.build_hasher(),
            pending: Vec::new(),
        }
    }
}

impl Fingerprint {
    /// A new, empty fingerprint.
    pub fn new() -> Self {
        Fingerprint::default()
    }

    /// Adds bytes (with their length, so `ab`+`c` differs from `a`+`bc`).
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.flush();
        self.hasher.write_usize(bytes.len());
        self.hasher.write(bytes);
        self
    }

    /// Adds a number.
    pub fn number(&mut self, n: u64) -> &mut Self {
        self.flush();
        self.hasher.write_u64(n);
        self
    }

    /// Adds a value through its `Debug` output.
    pub fn debug(&mut self, value: &dyn Debug) -> &mut Self {
        // Writing into the buffer cannot fail.
        let _ = write!(self, "{value:?}");
        // A separator, so that consecutive values cannot run together
        // (it never occurs in UTF-8).
        self.pending.push(0xff);
        self
    }

    /// The fingerprint of everything added.
    pub fn finish(&mut self) -> u64 {
        self.flush();
        self.hasher.finish()
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.hasher.write(&self.pending);
            self.pending.clear();
        }
    }
}

impl Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fingerprint")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl fmt::Write for Fingerprint {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.pending.extend_from_slice(s.as_bytes());
        if self.pending.len() >= PENDING {
            self.flush();
        }
        Ok(())
    }
}

/// The fingerprint of some bytes, such as a source file's text.
pub fn of_bytes(bytes: &[u8]) -> u64 {
    Fingerprint::new().bytes(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_give_equal_fingerprints_and_changes_show() {
        assert_eq!(of_bytes(b"abc"), of_bytes(b"abc"));
        assert_ne!(of_bytes(b"abc"), of_bytes(b"abd"));
        let of = |parts: &[&str]| {
            let mut f = Fingerprint::new();
            for p in parts {
                f.bytes(p.as_bytes());
            }
            f.finish()
        };
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
    }

    #[test]
    fn debug_values_are_told_apart_to_the_last_bit() {
        let f = |x: &dyn Debug| Fingerprint::new().debug(x).finish();
        assert_eq!(f(&(1.5, "x")), f(&(1.5, "x")));
        assert_ne!(f(&0.1), f(&(0.1 + f64::EPSILON)));
        assert_ne!(f(&Some(2)), f(&None::<i32>));
        let mut two = Fingerprint::new();
        two.debug(&"a").debug(&"b");
        let mut one = Fingerprint::new();
        one.debug(&"ab");
        assert_ne!(two.finish(), one.finish());
    }
}
