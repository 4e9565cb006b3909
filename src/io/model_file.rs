//! Reading a file that site.yaml names by itself: the model alone, for a
//! command that needs `site.yaml` and the model but no assessment, page or
//! template (`rungs questionnaire`), so that it works in a site with no
//! assessments yet and costs nothing in a large one; and the reference
//! benchmark (`benchmark.reference`). The rules are those of [`crate::io::load`]: a regular
//! file inside the site (a link out of it is refused, a pipe or device is
//! never opened), at most [`MAX_TEXT_FILE_BYTES`], UTF-8.

use std::fs;
use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::domain::config::SiteConfig;
use crate::domain::source::SourceFile;
use crate::io::load::MAX_TEXT_FILE_BYTES;

/// The model file that `config` (the parsed `site.yaml` of the site at
/// `root`) names, read as text.
pub fn read(root: &Path, config: &SiteConfig) -> Result<SourceFile, Diagnostic> {
    read_named(
        root,
        &config.model,
        &Named {
            key: "model",
            noun: "the model",
            kind: "a YAML file",
        },
    )
}

/// The reference benchmark that `benchmark.reference` of `config` names,
/// read as text; `None` when it names none.
pub fn read_reference(root: &Path, config: &SiteConfig) -> Option<Result<SourceFile, Diagnostic>> {
    let path = config.benchmark.reference.as_deref()?;
    Some(read_named(
        root,
        path,
        &Named {
            key: "benchmark.reference",
            noun: "the reference benchmark",
            kind: "the `data/benchmarks.json` of a rungs site",
        },
    ))
}

/// How the messages about a file that site.yaml names call it.
struct Named {
    /// Its key in site.yaml.
    key: &'static str,
    /// What it is, as a sentence names it.
    noun: &'static str,
    /// What it should be.
    kind: &'static str,
}

/// The text file at `shown` (relative to the site at `root`), which
/// site.yaml names at `named.key`.
fn read_named(root: &Path, shown: &str, named: &Named) -> Result<SourceFile, Diagnostic> {
    let path = root.join(shown);
    let key = named.key;
    let problem =
        |message: String, help: String| Diagnostic::in_file(shown, message).with_help(help);
    let failed = |e: std::io::Error| {
        let (why, help) = match e.kind() {
            std::io::ErrorKind::NotFound => (
                "it does not exist".to_owned(),
                format!("check `{key}` in site.yaml, or create the file"),
            ),
            std::io::ErrorKind::PermissionDenied => (
                "permission denied".to_owned(),
                "check the file's permissions".to_owned(),
            ),
            _ => (e.to_string(), "check the file's permissions".to_owned()),
        };
        problem(format!("cannot read the file: {why}"), help)
    };
    let inside = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if fs::canonicalize(&path).is_ok_and(|real| !real.starts_with(&inside)) {
        return Err(problem(
            "the file is a link to a place outside the site folder".to_owned(),
            "copy the file into the site instead of linking to it".to_owned(),
        ));
    }
    // The type is checked before opening (a named pipe would wait for a
    // writer forever) and again on what was opened.
    let regular = |kind: fs::FileType| {
        if kind.is_file() {
            Ok(())
        } else {
            Err(problem(
                format!(
                    "{} is {}, not a regular file",
                    named.noun,
                    crate::io::file_kind::describe(kind)
                ),
                format!("point `{key}` in site.yaml at {}", named.kind),
            ))
        }
    };
    regular(fs::metadata(&path).map_err(failed)?.file_type())?;
    let file = fs::File::open(&path).map_err(failed)?;
    let metadata = file.metadata().map_err(failed)?;
    regular(metadata.file_type())?;
    let mut bytes = Vec::new();
    file.take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if metadata.len() > MAX_TEXT_FILE_BYTES || bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(problem(
            format!(
                "{} is larger than {} MB, the most rungs reads",
                named.noun,
                MAX_TEXT_FILE_BYTES / (1024 * 1024)
            ),
            format!("check that `{key}` in site.yaml names {}", named.kind),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        problem(
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the file as UTF-8".to_owned(),
        )
    })?;
    Ok(SourceFile {
        path: shown.to_owned(),
        relative: shown.to_owned(),
        text: Arc::new(text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(model: &str) -> SiteConfig {
        crate::input::config::parse(&format!("title: T\nbase_url: /\nmodel: {model}\n")).unwrap()
    }

    #[test]
    fn the_model_is_read_and_nothing_else_is_needed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("content")).unwrap();
        fs::write(dir.path().join("content/model.yaml"), "id: m\n").unwrap();
        let file = read(dir.path(), &config("content/model.yaml")).unwrap();
        assert_eq!(file.path, "content/model.yaml");
        assert_eq!(file.text.as_str(), "id: m\n");
    }

    #[test]
    fn a_missing_folder_or_bad_file_is_named_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let missing = read(dir.path(), &config("model.yaml")).unwrap_err();
        assert_eq!(missing.file, "model.yaml");
        assert_eq!(missing.message, "cannot read the file: it does not exist");
        assert!(missing.help.unwrap().contains("`model` in site.yaml"));
        fs::create_dir(dir.path().join("folder.yaml")).unwrap();
        let folder = read(dir.path(), &config("folder.yaml")).unwrap_err();
        assert!(folder.message.contains("not a regular file"), "{folder:?}");
        fs::write(dir.path().join("latin1.yaml"), b"id: caf\xe9\n").unwrap();
        let latin1 = read(dir.path(), &config("latin1.yaml")).unwrap_err();
        assert!(latin1.message.contains("not UTF-8"), "{latin1:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_site_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret.yaml"), "id: m\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.yaml"),
            dir.path().join("model.yaml"),
        )
        .unwrap();
        let e = read(dir.path(), &config("model.yaml")).unwrap_err();
        assert!(e.message.contains("outside the site"), "{e:?}");
    }
}
