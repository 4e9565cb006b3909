//! The application: the command line, `rungs init` and `rungs serve`.

pub mod cli;
pub mod init;
pub mod serve;
