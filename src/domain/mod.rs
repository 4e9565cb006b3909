//! The types every stage shares, and the defaults embedded in the binary.

pub mod builtin;
pub mod fingerprint;
pub mod progress;
