//! The application: the command line, `rungs init`, `rungs questionnaire`,
//! `rungs import` and `rungs serve`.

pub mod cli;
pub mod import;
pub mod init;
pub mod questionnaire;
pub mod serve;

/// Why a command that writes files (`questionnaire`, `import`) wrote
/// nothing.
#[derive(Debug)]
pub enum Failure {
    /// The command line asks for something impossible (exit status 2): what
    /// is wrong, and what to do.
    Usage(String, String),
    /// The input is invalid or a file cannot be written (exit status 1).
    Invalid(crate::diag::Diagnostics),
}

/// Exit status for invalid input (every problem is listed).
pub const EXIT_INVALID: u8 = 1;
/// Exit status for a usage error.
pub const EXIT_USAGE: u8 = 2;
