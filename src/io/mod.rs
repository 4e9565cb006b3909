//! The file system: the only layer that reads or writes files.

pub mod file_kind;
pub mod layout;
pub mod load;
pub mod model_file;
pub mod process;
pub mod write;
