//! `rungs questionnaire`: writes the empty questionnaire of a site's model
//! ([`crate::publish::questionnaire`]) to a `.xlsx` or `.csv` file.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::publish::questionnaire::{self, Rule};

/// How a questionnaire is encoded, chosen by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// An Excel workbook, with labels, notes and drop-down lists.
    Xlsx,
    /// The header row alone, as CSV.
    Csv,
}

impl Encoding {
    /// The encoding a file named `path` asks for (`.xlsx` or `.csv`, in
    /// any case), if any.
    pub fn of(path: &Path) -> Option<Encoding> {
        let extension = path.extension()?.to_str()?;
        if extension.eq_ignore_ascii_case("xlsx") {
            Some(Encoding::Xlsx)
        } else if extension.eq_ignore_ascii_case("csv") {
            Some(Encoding::Csv)
        } else {
            None
        }
    }
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    /// The file.
    pub path: PathBuf,
    /// The model's name and version.
    pub model: String,
    /// How many columns the questionnaire has.
    pub columns: usize,
    /// How many of them rate a criterion.
    pub criteria: usize,
    /// The site's assessments folder, relative to the site, where the
    /// filled-in file goes.
    pub assessments: String,
}

pub use super::Failure;

/// Writes the questionnaire of the site at `site` to `output`, refusing
/// to replace a file there unless `force`.
pub fn write(site: &Path, output: &Path, force: bool) -> Result<Written, Failure> {
    let shown = output.display().to_string();
    let Some(encoding) = Encoding::of(output) else {
        return Err(Failure::Usage(
            format!("{shown}: a questionnaire is written as .xlsx or .csv"),
            "name the file questionnaire.xlsx (for Excel and LibreOffice: notes, drop-down \
             lists and frozen headers) or questionnaire.csv (the header row alone)"
                .to_owned(),
        ));
    };
    let invalid = |d: Diagnostic| Failure::Invalid(Diagnostics(vec![d]));
    if !force && !crate::io::write::is_free(output) {
        return Err(invalid(
            Diagnostic::in_file(&shown, "the file exists already")
                .with_help("choose another name, or pass --force to replace it"),
        ));
    }
    let (config, model) = crate::pipeline::load_model(site).map_err(Failure::Invalid)?;
    let plan = questionnaire::plan(&model, &config);
    let bytes = match encoding {
        Encoding::Xlsx => questionnaire::to_xlsx(&plan)
            .map_err(|why| invalid(Diagnostic::in_file(&shown, why)))?,
        Encoding::Csv => questionnaire::to_csv(&plan),
    };
    if force {
        crate::io::write::replace_file(output, &bytes)
    } else {
        crate::io::write::new_file(output, &bytes)
    }
    .map_err(invalid)?;
    Ok(Written {
        path: output.to_path_buf(),
        model: plan.title,
        columns: plan.columns.len(),
        criteria: plan
            .columns
            .iter()
            .filter(|c| matches!(c.rule, Rule::Rating(_)))
            .count(),
        assessments: config.assessments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_picks_the_encoding() {
        assert_eq!(Encoding::of(Path::new("q.xlsx")), Some(Encoding::Xlsx));
        assert_eq!(Encoding::of(Path::new("dir/Q.XLSX")), Some(Encoding::Xlsx));
        assert_eq!(Encoding::of(Path::new("q.csv")), Some(Encoding::Csv));
        for other in ["q.xls", "q.ods", "q", "q.csv.txt", ".csv"] {
            assert_eq!(Encoding::of(Path::new(other)), None, "{other}");
        }
    }
}
