//! The `rungs` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    rungs::cli::run()
}
