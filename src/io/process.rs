//! Facts about the running process that only the operating system knows.

/// The process's peak resident memory in MiB, where the system tells
/// (Linux's `/proc/self/status`); `None` elsewhere. `rungs build -v`
/// prints it beside each stage's time.
pub fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
