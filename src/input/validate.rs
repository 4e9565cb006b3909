//! Validation: turns the files read by [`crate::io::load`] into a checked
//! [`Site`], reporting every problem of every file at once.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::assessment::Assessment;
use crate::domain::config::RoadmapTarget;
use crate::domain::model::ModelIndex;
use crate::domain::site::Site;
use crate::domain::source::{SourceFile, Sources, StaticFile};
use crate::input::assessment;
use crate::input::model;
use crate::input::pages;
use crate::text::natural::natural_cmp;

/// Checks everything; on success the site, else every problem found.
pub fn validate(sources: Sources) -> Result<Site, Diagnostics> {
    check(sources, None)
}

/// Assessment files parsed by an earlier [`validate_with`], reused while
/// their text, the model and `publish_reports` stay the same: `rungs serve`
/// keeps one between rebuilds, so a save re-parses only the changed files.
#[derive(Debug, Default)]
pub struct ParseMemo {
    /// The fingerprint of what every parse depends on besides the file's
    /// text: the model's text and the site's publishing default.
    context: u64,
    /// File path → its text and what parsing it gave. Shared: a rebuild
    /// moves them into the next memo instead of copying every assessment,
    /// and a text that [`crate::io::load::ReadMemo`] kept is recognised as
    /// the same allocation without comparing it.
    files: HashMap<String, (Arc<String>, Parsed)>,
}

/// [`validate`], reusing the parses of unchanged assessment files from
/// `memo` and leaving this validation's parses in it.
pub fn validate_with(sources: Sources, memo: &mut ParseMemo) -> Result<Site, Diagnostics> {
    check(sources, Some(memo))
}

fn check(sources: Sources, memo: Option<&mut ParseMemo>) -> Result<Site, Diagnostics> {
    let mut problems = sources.problems;
    let model = sources.model.as_ref().and_then(|m| {
        model::parse(&m.path, &m.text)
            .map_err(|p| problems.extend(p))
            .ok()
    });

    let assessment_files = sources.assessments.len();
    let mut assessments = Vec::with_capacity(assessment_files);
    match &model {
        Some(model) => {
            let index = ModelIndex::new(model);
            let cx = assessment::Context {
                model,
                index: &index,
                publish_default: sources.config.publish_reports,
            };
            let parsed: Vec<Parsed> = match memo {
                Some(memo) => {
                    let context = parse_context(sources.model.as_ref(), cx.publish_default);
                    parse_remembered(sources.assessments, &cx, memo, context)
                }
                // Files are independent: parse them on every core. Results
                // keep the files' order, so the outcome does not depend on
                // threads. Each file's text is dropped once parsed, so the
                // texts and the parsed assessments are not all in memory
                // at once.
                None => sources
                    .assessments
                    .into_par_iter()
                    .map(|file| assessment::parse(&file.path, &file.text, &cx).map(Arc::new))
                    .collect(),
            };
            for result in parsed {
                match result {
                    Ok(a) => assessments.push(a),
                    Err(p) => problems.extend(p),
                }
            }
            if let RoadmapTarget::Level(t) = sources.config.roadmap.target
                && t > model.max_level()
            {
                problems.push(
                    Diagnostic::in_file(
                        crate::domain::config::CONFIG_FILE,
                        format!(
                            "roadmap target {t} is above the model's highest level {}",
                            model.max_level()
                        ),
                    )
                    .with_key_path("roadmap.target")
                    .with_help(format!(
                        "use `next` or a level from 1 to {}",
                        model.max_level()
                    )),
                );
            }
        }
        // Without a model, assessments can still be checked for YAML syntax.
        None => {
            let syntax: Vec<_> = sources
                .assessments
                .par_iter()
                .filter_map(|file| crate::input::yaml::parse(&file.path, &file.text).err())
                .collect();
            problems.extend(syntax);
        }
    }
    problems.extend(duplicate_assessments(&assessments));

    let mut pages = Vec::with_capacity(sources.pages.len());
    for file in &sources.pages {
        match pages::parse(&file.path, &file.relative, &file.text) {
            Ok(Some(page)) => pages.push(page),
            Ok(None) => {}
            Err(p) => problems.extend(p),
        }
    }
    pages.sort_by(|a, b| {
        (a.order.is_none(), a.order, &a.title, &a.path).cmp(&(
            b.order.is_none(),
            b.order,
            &b.title,
            &b.path,
        ))
    });

    problems.extend(static_name_problems(&sources.static_files));

    // Files that exist but could not be read are already reported.
    let unreadable = {
        let folder = format!("{}/", sources.config.assessments.trim_end_matches('/'));
        problems.iter().any(|d| d.file.starts_with(&folder))
    };
    if assessment_files == 0 && model.is_some() && !unreadable {
        problems.push(
            Diagnostic::in_file(&sources.config.assessments, "there are no assessments").with_help(
                "add one YAML file per organisation and period, such as `acme-2025.yaml`",
            ),
        );
    }

    // The interface strings: the site's table over the built-in one, key
    // by key.
    let (builtin_strings, _) = crate::input::strings::builtin(&sources.config.language);
    let strings = match &sources.strings {
        Some(file) => match crate::input::strings::parse_table(&file.path, &file.text) {
            Ok(table) => table.with_fallback(&builtin_strings).0,
            Err(p) => {
                problems.extend(p);
                builtin_strings
            }
        },
        None => builtin_strings,
    };

    match model {
        Some(model) if problems.is_empty() => {
            assessments.sort_by(|a, b| {
                a.organization
                    .id
                    .cmp(&b.organization.id)
                    .then_with(|| natural_cmp(&a.period, &b.period))
            });
            Ok(Site {
                strings,
                config: sources.config,
                model,
                assessments,
                pages,
                templates: sources.templates,
                static_files: sources.static_files,
            })
        }
        _ => Err(Diagnostics(problems).sorted()),
    }
}

/// Static files whose names cannot be output paths, each named by its
/// source: a `\` (which browsers and Windows read as a folder separator,
/// so `..\x` could be taken for a way out of its folder) or the name of
/// rungs' own marker file ([`crate::domain::output::MARKER`]). Refused rather than
/// renamed, so that the output never holds a name the site owner did not
/// choose.
fn static_name_problems(files: &[StaticFile]) -> Vec<Diagnostic> {
    files
        .iter()
        .filter_map(|f| {
            let problem = if f.output.contains('\\') {
                format!(
                    "the file name `{}` contains `\\`, which browsers and Windows read as a folder separator",
                    f.output
                )
            } else if f.output == crate::domain::output::MARKER {
                format!(
                    "`{}` is the name of the file that marks rungs' temporary folders",
                    f.output
                )
            } else if crate::domain::output::check_output_path(&f.output).is_err() {
                format!("`{}` cannot be a path in the output folder", f.output)
            } else {
                return None;
            };
            Some(Diagnostic::in_file(&f.source, problem).with_help(
                "rename the file: static files are copied under their own names, which must be \
                 plain folder and file names",
            ))
        })
        .collect()
}

/// Parses the assessment files on every core, taking the result of each
/// file whose text `memo` has seen in the same `context`; returns the
/// results in the files' order and leaves them in `memo` too (an
/// assessment is shared, a file's problems are copied).
fn parse_remembered(
    files: Vec<SourceFile>,
    cx: &assessment::Context<'_>,
    memo: &mut ParseMemo,
    context: u64,
) -> Vec<Parsed> {
    let previous = if memo.context == context {
        std::mem::take(&mut memo.files)
    } else {
        HashMap::new()
    };
    let parsed: Vec<_> = files
        .into_par_iter()
        .map(|file| {
            let result = match previous.get(&file.path) {
                Some((seen, result)) if Arc::ptr_eq(seen, &file.text) || seen == &file.text => {
                    result.clone()
                }
                _ => assessment::parse(&file.path, &file.text, cx).map(|mut a| {
                    a.source = Some(crate::domain::fingerprint::of_bytes(file.text.as_bytes()));
                    Arc::new(a)
                }),
            };
            (file.path, file.text, result)
        })
        .collect();
    memo.context = context;
    memo.files = HashMap::with_capacity(parsed.len());
    parsed
        .into_iter()
        .map(|(path, text, result)| {
            memo.files.insert(path, (text, result.clone()));
            result
        })
        .collect()
}

/// What parsing one assessment file gave.
type Parsed = Result<Arc<Assessment>, Vec<Diagnostic>>;

/// The fingerprint of what parsing an assessment depends on besides its text.
fn parse_context(model: Option<&SourceFile>, publish_default: bool) -> u64 {
    let mut f = crate::domain::fingerprint::Fingerprint::new();
    f.bytes(model.map_or(&b""[..], |m| m.text.as_bytes()))
        .number(u64::from(publish_default));
    f.finish()
}

/// Two files for the same organisation and period are an error in both.
fn duplicate_assessments(assessments: &[Arc<Assessment>]) -> Vec<Diagnostic> {
    let mut first: HashMap<(&str, &str), &str> = HashMap::new();
    let mut problems = Vec::new();
    for a in assessments {
        let key = (a.organization.id.as_str(), a.period.as_str());
        match first.get(&key) {
            Some(other) => problems.push(
                Diagnostic::in_file(
                    &a.file,
                    format!("duplicate assessment: `{other}` already assesses organisation `{}` for period `{}`", key.0, key.1),
                )
                .with_key_path("period")
                .with_help("keep one file per organisation and period: merge them, or correct the period"),
            ),
            None => {
                first.insert(key, &a.file);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_names_that_cannot_be_output_paths_are_refused_by_source() {
        let file = |output: &str| StaticFile {
            source: format!("static/{output}"),
            output: output.to_owned(),
            bytes: Vec::new(),
        };
        let files = [
            file("css/site.css"),
            file("..\\x"),
            file("a\\b.txt"),
            file(crate::domain::output::MARKER),
            file("sub/.rungs-temporary"),
        ];
        let problems = static_name_problems(&files);
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "static/..\\x",
                    "the file name `..\\x` contains `\\`, which browsers and Windows read as a folder separator"
                ),
                (
                    "static/a\\b.txt",
                    "the file name `a\\b.txt` contains `\\`, which browsers and Windows read as a folder separator"
                ),
                (
                    "static/.rungs-temporary",
                    "`.rungs-temporary` is the name of the file that marks rungs' temporary folders"
                ),
            ]
        );
        assert!(problems.iter().all(|d| d.help.is_some()));
    }
}
