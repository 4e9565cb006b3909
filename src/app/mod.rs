//! The application: the command line, `rungs init`, `rungs questionnaire`
//! and `rungs serve`.

pub mod cli;
pub mod init;
pub mod questionnaire;
pub mod serve;

/// Exit status for invalid input (every problem is listed).
pub const EXIT_INVALID: u8 = 1;
/// Exit status for a usage error.
pub const EXIT_USAGE: u8 = 2;
