//! The `rungs` binary: everything lives in the library.

// A build makes and frees millions of small strings and template values on
// every core; glibc's allocator spent about 18 % of a build's CPU time on
// them, mimalloc a third of that (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    rungs::app::cli::run()
}
