//! Checks over the finished output before it is committed.

pub mod links;
