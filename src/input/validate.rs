//! Validation: turns the files read by [`crate::io::load`] into a checked
//! [`Site`], reporting every problem of every file at once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::domain::assessment::Assessment;
use crate::domain::config::{RoadmapTarget, SiteMode};
use crate::domain::model::ModelIndex;
use crate::domain::page::Page;
use crate::domain::site::{Site, Translation};
use crate::domain::source::{SourceFile, Sources, StaticFile};
use crate::domain::strings::StringTable;
use crate::input::assessment;
use crate::input::model;
use crate::input::pages;
use crate::input::yaml::Reading;
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

fn check(mut sources: Sources, memo: Option<&mut ParseMemo>) -> Result<Site, Diagnostics> {
    let mut problems = sources.problems;
    let mut warnings: Vec<String> = untranslated_warning(
        crate::domain::config::CONFIG_FILE,
        &sources.config.language,
        "en",
        &sources.config.untranslated,
    )
    .into_iter()
    .collect();
    let model = sources.model.as_ref().and_then(|m| {
        let first = &sources.config.language;
        model::parse_in(&m.path, &m.text, &Reading::new(first, first))
            .map(|(model, untranslated)| {
                warnings.extend(untranslated_warning(&m.path, first, "en", &untranslated));
                model
            })
            .map_err(|p| problems.extend(p))
            .ok()
    });

    let assessment_files = sources.assessments.len() + sources.assessment_tables.len();
    let mut assessments = Vec::with_capacity(assessment_files);
    let fingerprint = memo.is_some();
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
            // Each table's bytes are let go once it is read: a table of
            // 100,000 rows is a quarter of a gigabyte.
            for table in std::mem::take(&mut sources.assessment_tables) {
                let read = crate::input::table::read(&table, &cx, fingerprint);
                drop(table);
                assessments.extend(read.assessments.into_iter().map(Arc::new));
                problems.extend(read.problems);
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
    problems.extend(duplicate_assessments(assessments.iter().map(|a| &**a)));
    problems.extend(other_organizations(
        sources.config.mode,
        assessments.iter().map(|a| &**a),
    ));
    let reference = match (&sources.reference, &model) {
        (Some(file), Some(model)) => crate::input::reference::parse(&file.path, &file.text, model)
            .map_err(|p| problems.extend(p))
            .ok()
            .map(Arc::new),
        _ => None,
    };

    let languages = &sources.config.languages;
    let mut pages_by_language: Vec<Vec<Page>> = vec![Vec::new(); languages.len().max(1)];
    let mut page_files: HashMap<(usize, String), &str> = HashMap::new();
    for file in &sources.pages {
        let Some((relative, language)) = pages::language_of(&file.relative, languages) else {
            continue; // a translation into a language the site is not built in
        };
        match pages::parse(&file.path, &relative, &file.text) {
            Ok(Some(page)) => {
                match page_files.entry((language, page.path.clone())) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        problems.push(
                            Diagnostic::in_file(
                                &file.path,
                                format!("`{}` is the same page in the same language", first.get()),
                            )
                            .with_help("keep one of the two files"),
                        );
                        continue;
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(&file.path);
                    }
                }
                if let Some(list) = pages_by_language.get_mut(language) {
                    list.push(page);
                }
            }
            Ok(None) => {}
            Err(p) => problems.extend(p),
        }
    }
    for list in &mut pages_by_language {
        list.sort_by(|a, b| {
            (a.order.is_none(), a.order, &a.title, &a.path).cmp(&(
                b.order.is_none(),
                b.order,
                &b.title,
                &b.path,
            ))
        });
    }
    let mut pages_by_language = pages_by_language.into_iter();
    let pages = pages_by_language.next().unwrap_or_default();

    problems.extend(static_name_problems(&sources.static_files));

    // Files that exist but could not be read are already reported.
    let unreadable = {
        let folder = format!("{}/", sources.config.assessments.trim_end_matches('/'));
        problems.iter().any(|d| d.file.starts_with(&folder))
    };
    if assessment_files == 0 && model.is_some() && !unreadable {
        problems.push(
            Diagnostic::in_file(&sources.config.assessments, "there are no assessments").with_help(
                "add one YAML file per organisation and period, such as `acme-2025.yaml`, or a table of them (`.csv`, `.xlsx`; see `rungs questionnaire`)",
            ),
        );
    }

    // The interface strings: the site's table over the built-in one, key
    // by key, for every language.
    let mut tables = languages
        .iter()
        .map(|language| strings_of(language, &sources.strings, &mut problems, &mut warnings))
        .collect::<Vec<_>>()
        .into_iter();
    let strings = tables.next().unwrap_or_default();
    let strings = match &model {
        Some(m) => strings.with_terms(&m.terms),
        None => strings,
    };

    // The site in its other languages: the model read again in each (its
    // problems were all reported above), the pages and strings of each.
    let mut translations = Vec::new();
    if let (Some(model_file), Some(_)) = (&sources.model, &model) {
        for ((language, pages), strings) in
            languages.iter().skip(1).zip(pages_by_language).zip(tables)
        {
            let reading = Reading::new(language, &sources.config.language);
            let Ok((translated, untranslated)) =
                model::parse_in(&model_file.path, &model_file.text, &reading)
            else {
                continue;
            };
            warnings.extend(untranslated_warning(
                &model_file.path,
                language,
                &sources.config.language,
                &untranslated,
            ));
            for t in &sources.config.translations {
                if &t.language == language {
                    warnings.extend(untranslated_warning(
                        crate::domain::config::CONFIG_FILE,
                        language,
                        &sources.config.language,
                        &t.untranslated,
                    ));
                }
            }
            let strings = strings.with_terms(&translated.terms);
            translations.push(Translation {
                language: language.clone(),
                model: translated,
                pages,
                strings,
            });
        }
    }
    for t in &translations {
        let missing: Vec<String> = pages
            .iter()
            .filter(|p| !t.pages.iter().any(|q| q.path == p.path))
            .map(|p| translated_name(&p.file, &t.language))
            .collect();
        if !missing.is_empty() {
            warnings.push(format!(
                "{}: {} page{} ha{} no {} text, and the {} site goes without {}: {}",
                sources.config.pages,
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "s" } else { "ve" },
                t.language,
                t.language,
                if missing.len() == 1 { "it" } else { "them" },
                list_some(&missing),
            ));
        }
    }

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
                translations,
                reference,
                warnings,
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

/// With `mode: organization`, the first assessment of each organisation
/// other than the first file's: one firm's own site holds only that firm's
/// assessments (docs/single-firm.md), and a second firm's file is a
/// mistake to be named, not a reason to become a benchmark.
pub fn other_organizations<'a>(
    mode: SiteMode,
    assessments: impl IntoIterator<Item = &'a Assessment>,
) -> Vec<Diagnostic> {
    if mode != SiteMode::Organization {
        return Vec::new();
    }
    let mut assessments = assessments.into_iter();
    let Some(first) = assessments.next() else {
        return Vec::new();
    };
    let mut named: HashSet<&str> = HashSet::new();
    let mut problems = Vec::new();
    for a in assessments {
        let id = a.organization.id.as_str();
        if id == first.organization.id || !named.insert(id) {
            continue;
        }
        let d = Diagnostic::in_file(
            &a.file,
            format!(
                "this assessment is of organisation `{id}`, but site.yaml says `mode: organization` and {} is of organisation `{}`",
                place_of(first),
                first.organization.id
            ),
        )
        .with_key_path("organization.id")
        .with_help("one firm's own site holds only that firm's assessments: move this assessment to a benchmark site, or remove `mode: organization` from site.yaml");
        problems.push(match &a.row {
            Some(row) => d.in_table(row.sheet.as_deref(), row.row, 0),
            None => d,
        });
    }
    problems
}

/// The interface strings of `language`: the site's file for it (if any,
/// among `files`) over the built-in table, key by key; a key neither
/// gives is taken from English, with a warning.
fn strings_of(
    language: &str,
    files: &[SourceFile],
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<String>,
) -> StringTable {
    let (builtin, missing) = crate::input::strings::builtin(language);
    let name = format!("/{language}.yaml");
    let file = files.iter().find(|f| f.path.ends_with(&name));
    let (table, missing) = match file {
        None => (builtin, missing),
        Some(file) => match crate::input::strings::parse_table(&file.path, &file.text) {
            Ok(table) => {
                let (english, _) = crate::input::strings::builtin("en");
                let (table, _) = table.with_fallback(&builtin);
                table.with_fallback(&english)
            }
            Err(p) => {
                problems.extend(p);
                (builtin, missing)
            }
        },
    };
    if !missing.is_empty() {
        warnings.push(format!(
            "{} interface string{} of `{language}` ha{} no text in i18n/{language}.yaml or built in, and {} shown in English: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            if missing.len() == 1 { "s" } else { "ve" },
            if missing.len() == 1 { "is" } else { "are" },
            list_some(&missing),
        ));
    }
    table
}

/// A warning that `file` gives some texts in no text of `language`.
fn untranslated_warning(
    file: &str,
    language: &str,
    fallback: &str,
    paths: &[String],
) -> Option<String> {
    (!paths.is_empty()).then(|| {
        format!(
            "{file}: {} text{} ha{} no {language} text and {} shown in {fallback}: {}",
            paths.len(),
            if paths.len() == 1 { "" } else { "s" },
            if paths.len() == 1 { "s" } else { "ve" },
            if paths.len() == 1 { "is" } else { "are" },
            list_some(paths),
        )
    })
}

/// The first few of `items`, and how many more.
fn list_some(items: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = items
        .iter()
        .take(SHOWN)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > SHOWN {
        text.push_str(&format!(" and {} more", items.len() - SHOWN));
    }
    text
}

/// The file name of `file`'s translation into `language`:
/// `content/pages/methodology.md` → `methodology.zh-CN.md`.
fn translated_name(file: &str, language: &str) -> String {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    format!("{stem}.{language}.md")
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

/// Two assessments for the same organisation and period are an error,
/// reported at the second one and naming the first, whether each is a
/// file or a row of a table.
pub fn duplicate_assessments<'a>(
    assessments: impl IntoIterator<Item = &'a Assessment>,
) -> Vec<Diagnostic> {
    let mut first: HashMap<(&str, &str), &Assessment> = HashMap::new();
    let mut problems = Vec::new();
    for a in assessments {
        let key = (a.organization.id.as_str(), a.period.as_str());
        match first.get(&key) {
            Some(other) => {
                let d = Diagnostic::in_file(
                    &a.file,
                    format!(
                        "duplicate assessment: {} already assesses organisation `{}` for period `{}`",
                        place_of(other),
                        key.0,
                        key.1
                    ),
                )
                .with_key_path("period")
                .with_help("keep one assessment per organisation and period: merge them, or correct the period");
                problems.push(match &a.row {
                    Some(row) => d.in_table(row.sheet.as_deref(), row.row, 0),
                    None => d,
                });
            }
            None => {
                first.insert(key, a);
            }
        }
    }
    problems
}

/// Where an assessment was given, for a message: `` `acme-2025.yaml` ``,
/// or `` `survey.xlsx`, sheet "2025", row 4 `` for a row of a table.
fn place_of(a: &Assessment) -> String {
    match &a.row {
        Some(row) => format!(
            "`{}`, {}",
            a.file,
            crate::diag::table_place(row.sheet.as_deref(), row.row, 0)
        ),
        None => format!("`{}`", a.file),
    }
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
