//! `rungs import`: a table of assessments ([`crate::input::table`]) written
//! out as one YAML file per row, for sites that keep their assessments as
//! files under version control. The files hold what the cells held, so
//! importing and building give the same site as building the table.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::model::ModelIndex;
use crate::input::assessment::Context;

pub use super::Failure;

/// What was written.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The folder the files went into.
    pub output: PathBuf,
    /// The files written, relative to `output` (`<organisation>/<period>.yaml`).
    pub files: Vec<String>,
}

/// Reads the table at `table` against the model of the site at `site` and
/// writes each row to `output/<organisation>/<period>.yaml`. Every row is
/// checked first, and every file's place: with a problem in any, nothing
/// is written. A file there already is refused unless `force`, which
/// replaces it at once (never half written).
pub fn import(table: &Path, site: &Path, output: &Path, force: bool) -> Result<Imported, Failure> {
    let shown = table.display().to_string();
    let extension = table
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if !extension
        .as_deref()
        .is_some_and(|e| crate::io::layout::TABLE_EXTENSIONS.contains(&e))
    {
        return Err(Failure::Usage(
            format!("{shown}: a table of assessments is a .csv, .xlsx or .ods file"),
            "give the table to import, such as survey.xlsx (see `rungs questionnaire`)".to_owned(),
        ));
    }
    let invalid = |d: Diagnostic| Failure::Invalid(Diagnostics(vec![d]));
    let (config, model) = crate::pipeline::load_model(site).map_err(Failure::Invalid)?;
    let file = crate::io::load::read_table(table).map_err(invalid)?;
    let index = ModelIndex::new(&model);
    let cx = Context {
        model: &model,
        index: &index,
        publish_default: config.publish_reports,
    };
    let read = crate::input::table::read_as_yaml(&file, &cx);
    let mut problems = read.problems;
    problems.extend(crate::input::validate::duplicate_assessments(
        &read.assessments,
    ));
    let mut files = Vec::with_capacity(read.assessments.len());
    for (a, yaml) in read.assessments.iter().zip(read.yaml) {
        let name = format!("{}/{}.yaml", a.organization.id, a.period);
        let path = output
            .join(&a.organization.id)
            .join(format!("{}.yaml", a.period));
        if !force && !crate::io::write::is_free(&path) {
            problems.push(
                Diagnostic::in_file(path.display().to_string(), "the file exists already")
                    .with_help("import into another folder, or pass --force to replace it"),
            );
        }
        files.push((name, path, yaml));
    }
    if !problems.is_empty() {
        return Err(Failure::Invalid(Diagnostics(problems)));
    }
    for (_, path, yaml) in &files {
        if force {
            crate::io::write::replace_file(path, yaml.as_bytes())
        } else {
            crate::io::write::new_file(path, yaml.as_bytes())
        }
        .map_err(invalid)?;
    }
    Ok(Imported {
        output: output.to_path_buf(),
        files: files.into_iter().map(|(name, _, _)| name).collect(),
    })
}
