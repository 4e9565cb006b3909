//! What kind of file a path is, in words, for the messages that refuse
//! what rungs will not read, replace or delete (links, pipes, devices and
//! sockets). Pure: it describes metadata that `load` or `write` fetched.

use std::fs::FileType;

/// `file_type` in words, with its article: "a symbolic link", "a named
/// pipe (FIFO)", "a character device", "a folder"... as in "the file is
/// a named pipe (FIFO), not a regular file".
pub fn describe(file_type: FileType) -> &'static str {
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    if file_type.is_dir() {
        return "a folder";
    }
    if file_type.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_words() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let kind =
            |p: &std::path::Path| describe(std::fs::symlink_metadata(p).unwrap().file_type());
        assert_eq!(kind(&file), "a regular file");
        assert_eq!(kind(dir.path()), "a folder");
        #[cfg(unix)]
        {
            let link = dir.path().join("l");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert_eq!(kind(&link), "a symbolic link");
            assert_eq!(
                kind(std::path::Path::new("/dev/null")),
                "a character device"
            );
            let fifo = dir.path().join("p");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert_eq!(kind(&fifo), "a named pipe (FIFO)");
            }
            let socket = std::os::unix::net::UnixListener::bind(dir.path().join("s")).unwrap();
            assert_eq!(kind(&dir.path().join("s")), "a socket");
            drop(socket);
        }
    }
}
