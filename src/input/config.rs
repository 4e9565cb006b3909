//! `site.yaml`: the site configuration (see `formats.md`).

use crate::diag::Diagnostic;
use crate::domain::config::{
    AttributeLabels, BenchmarkConfig, CONFIG_FILE, ConfigTranslation, Labels, RoadmapConfig,
    RoadmapTarget, SiteConfig, SiteMode, normalize_base_url,
};
use crate::input::yaml::{self, Doc, Fields, KeyPath, Node, Reading};

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "model",
    "assessments",
    "pages",
    "output",
    "theme",
    "cname",
    "private_reports",
    "publish_reports",
    "benchmark",
    "roadmap",
    "labels",
    "mode",
];

/// Parses and validates `site.yaml`; every problem is reported.
///
/// The texts that may be given in several languages (`title`,
/// `description`, `labels`) are read in the site's first language; for
/// each other language of `languages`, they are read again into
/// [`SiteConfig::translations`].
pub fn parse(source: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let root = yaml::parse(CONFIG_FILE, source).map_err(|d| vec![d])?;
    let mut doc = Doc::new(CONFIG_FILE, source);
    let Some(mut config) = read(&mut doc, &root, None).filter(|_| !doc.has_problems()) else {
        return Err(doc.into_problems());
    };
    config.untranslated = doc.untranslated().to_vec();
    for language in config.languages.iter().skip(1) {
        // The same file read again: every problem was reported above.
        let mut doc = Doc::new(CONFIG_FILE, source);
        if let Some(c) = read(&mut doc, &root, Some(language)) {
            config.translations.push(ConfigTranslation {
                language: language.clone(),
                title: c.title,
                description: c.description,
                labels: c.labels,
                untranslated: doc.untranslated().to_vec(),
            });
        }
    }
    Ok(config)
}

/// Reads the configuration, its texts in `language` (the site's first
/// language when `None`).
fn read(doc: &mut Doc<'_>, root: &Node, language: Option<&str>) -> Option<SiteConfig> {
    let path = KeyPath::ROOT;
    let f = doc.map(root, &path, KEYS)?;
    let languages = read_languages(doc, &f, &path);
    if let Some(first) = languages.as_ref().and_then(|l| l.first()) {
        doc.set_reading(Reading::new(language.unwrap_or(first), first));
    }
    let title = f
        .require(doc, &path, "title")
        .and_then(|n| doc.localized(n, &path.key("title"), true));
    let description = f
        .get("description")
        .and_then(|n| doc.localized(n, &path.key("description"), false));
    let base_url = f.require(doc, &path, "base_url").and_then(|n| {
        let p = path.key("base_url");
        let url = doc.text(n, &p)?;
        normalize_base_url(&url)
            .map_err(|e| {
                doc.error_help(
                    n,
                    &p,
                    e,
                    "GitHub Pages project sites use `https://<owner>.github.io/<repo>/`",
                )
            })
            .ok()
    });
    let mut folder = |key: &str, default: &str| match f.get(key) {
        None => Some(default.to_owned()),
        Some(n) => site_path(doc, n, &path.key(key)),
    };
    let model = folder("model", "content/model.yaml");
    let assessments = folder("assessments", "content/assessments");
    let pages = folder("pages", "content/pages");
    let output = folder("output", "public").filter(|o| match f.get("output") {
        Some(n) => output_folder(doc, n, &path.key("output"), o),
        None => true,
    });
    let theme = match f.get("theme") {
        None => Some("default".to_owned()),
        Some(n) => doc.id(n, &path.key("theme")),
    };
    let cname = f.get("cname").and_then(|n| {
        let p = path.key("cname");
        let host = doc.text(n, &p)?;
        let ok = host.len() <= 253
            && host.contains('.')
            && host
                .split('.')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if !ok {
            doc.error_help(
                n,
                &p,
                format!("`{host}` is not a domain name"),
                "write only the host, such as `benchmark.example.org`",
            );
        }
        ok.then_some(host)
    });
    let private_reports = match f.get("private_reports") {
        None => Some(None),
        Some(n) => {
            let p = path.key("private_reports");
            site_path(doc, n, &p)
                .filter(|o| output_folder(doc, n, &p, o))
                .map(Some)
        }
    };
    let publish_reports = match f.get("publish_reports") {
        None => Some(true),
        Some(n) => doc.boolean(n, &path.key("publish_reports")),
    };
    let benchmark = match f.get("benchmark") {
        None => Some(BenchmarkConfig {
            cohorts: vec!["sector".to_owned()],
            min_cohort_size: 5,
            reference: None,
        }),
        Some(n) => read_benchmark(doc, n, &path.key("benchmark")),
    };
    let labels = match f.get("labels") {
        None => Some(Labels::default()),
        Some(n) => read_labels(doc, n, &path.key("labels")),
    };
    let roadmap = match f.get("roadmap") {
        None => Some(RoadmapConfig {
            target: RoadmapTarget::Next,
        }),
        Some(n) => read_roadmap(doc, n, &path.key("roadmap")),
    };
    let mode = match f.get("mode") {
        None => Some(SiteMode::Auto),
        Some(n) => read_mode(doc, n, &path.key("mode")),
    };
    Some(SiteConfig {
        title: title?,
        description,
        base_url: base_url?,
        language: languages.as_ref()?.first()?.clone(),
        languages: languages?,
        translations: Vec::new(),
        untranslated: Vec::new(),
        model: model?,
        assessments: assessments?,
        pages: pages?,
        output: output?,
        theme: theme?,
        cname,
        private_reports: private_reports?,
        publish_reports: publish_reports?,
        benchmark: benchmark?,
        roadmap: roadmap?,
        labels: labels?,
        mode: mode?,
    })
}

/// `mode: auto | organization | benchmark`.
fn read_mode(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<SiteMode> {
    let help = "write `mode: organization` for one firm's own site, `mode: benchmark` for a benchmark of many, or leave it out to decide by the assessments";
    match doc.id(node, path)?.as_str() {
        "auto" => Some(SiteMode::Auto),
        "organization" => Some(SiteMode::Organization),
        "benchmark" => Some(SiteMode::Benchmark),
        other => {
            doc.error_help(node, path, format!("`{other}` is not a site mode"), help);
            None
        }
    }
}

/// A path inside the site folder: relative, no `..`, so nothing outside the
/// site is ever read.
/// `languages: [en, zh-CN]`, or `language: en` for one; `en` when
/// neither is given. Each is a language tag, given once.
fn read_languages(doc: &mut Doc<'_>, f: &Fields<'_>, path: &KeyPath<'_>) -> Option<Vec<String>> {
    let tag = |doc: &mut Doc<'_>, n: &Node, p: &KeyPath<'_>| {
        doc.text(n, p).filter(|l| {
            let ok = crate::text::is_language_tag(l);
            if !ok {
                doc.error_help(
                    n,
                    p,
                    format!("`{l}` is not a language tag"),
                    "use a BCP 47 tag such as `en`, `de` or `zh-CN`",
                );
            }
            ok
        })
    };
    match (f.get("language"), f.get("languages")) {
        (None, None) => Some(vec!["en".to_owned()]),
        (Some(n), None) => tag(doc, n, &path.key("language")).map(|l| vec![l]),
        (Some(_), Some(n)) => {
            doc.error_help(
                n,
                &path.key("languages"),
                "`language` and `languages` are both given",
                "keep `languages`, whose first language is the site's default, and remove `language`",
            );
            None
        }
        (None, Some(n)) => {
            let p = path.key("languages");
            let items = doc.list(n, &p)?;
            if items.is_empty() {
                doc.error_help(
                    n,
                    &p,
                    "the list of languages is empty",
                    "name at least one, such as `languages: [en, zh-CN]`",
                );
                return None;
            }
            let mut tags: Vec<String> = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                let ip = p.index(i);
                match tag(doc, item, &ip) {
                    Some(t) if tags.iter().any(|seen| seen.eq_ignore_ascii_case(&t)) => {
                        doc.error_help(
                            item,
                            &ip,
                            format!("`{t}` is given twice"),
                            "name each language once",
                        );
                        ok = false;
                    }
                    Some(t) => tags.push(t),
                    None => ok = false,
                }
            }
            ok.then_some(tags)
        }
    }
}

fn site_path(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<String> {
    let p = doc.text(node, path)?;
    let normalized = p.replace('\\', "/");
    let escapes = normalized.starts_with('/')
        || normalized.split('/').any(|part| part == "..")
        || normalized.chars().nth(1) == Some(':');
    if escapes {
        doc.error_help(
            node,
            path,
            format!("`{p}` points outside the site folder"),
            "use a path relative to the folder of site.yaml, without `..`",
        );
        return None;
    }
    Some(
        normalized
            .trim_end_matches('/')
            .trim_start_matches("./")
            .to_owned(),
    )
}

/// Whether `output` (already a [`site_path`]) names a folder rungs can
/// write and stage beside: plain segments, the last one short enough for
/// the staging folder's name (see [`crate::domain::output::output_name_problem`]).
/// Reported here, against site.yaml, rather than when the build fails to
/// create a folder with a strange name.
fn output_folder(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>, output: &str) -> bool {
    let help = "write the output folder as a plain relative path, such as `public` or `build/site`";
    let segments: Vec<&str> = output.split('/').collect();
    if segments.iter().any(|s| s.is_empty() || *s == ".") {
        doc.error_help(
            node,
            path,
            format!("`{output}` has an empty or `.` part, so it names no output folder of its own"),
            help,
        );
        return false;
    }
    if let Some(long) = segments.iter().find(|s| s.len() > 255) {
        doc.error_help(
            node,
            path,
            format!(
                "a part of the output path is {} bytes long; file systems allow 255",
                long.len()
            ),
            help,
        );
        return false;
    }
    let problem = segments
        .last()
        .and_then(|name| crate::domain::output::output_name_problem(name));
    if let Some(problem) = problem {
        doc.error_help(
            node,
            path,
            problem,
            "choose a short plain name, such as `public`",
        );
        return false;
    }
    true
}

/// `labels:`: a mapping from attribute name to `name` (text) and `values`
/// (a mapping from value as written to text).
fn read_labels(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<Labels> {
    let f = doc.map_of(node, path, "attribute")?;
    let mut labels = Labels::default();
    let mut ok = true;
    for (attribute, _, value) in f.iter() {
        let p = path.key(attribute);
        let Some(g) = doc.map(value, &p, &["name", "values"]) else {
            ok = false;
            continue;
        };
        let name = match g.get("name") {
            None => None,
            Some(n) => {
                let name = doc.localized(n, &p.key("name"), true);
                ok &= name.is_some();
                name
            }
        };
        let mut values = std::collections::BTreeMap::new();
        if let Some(vs) = g.get("values") {
            let vp = p.key("values");
            match doc.map_of(vs, &vp, "value") {
                Some(m) => {
                    for (written, _, shown) in m.iter() {
                        match doc.localized(shown, &vp.key(written), true) {
                            Some(s) => {
                                values.insert(written.to_owned(), s);
                            }
                            None => ok = false,
                        }
                    }
                }
                None => ok = false,
            }
        }
        labels
            .0
            .insert(attribute.to_owned(), AttributeLabels { name, values });
    }
    ok.then_some(labels)
}

fn read_benchmark(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<BenchmarkConfig> {
    let f = doc.map(node, path, &["cohorts", "min_cohort_size", "reference"])?;
    let cohorts = match f.get("cohorts") {
        None => Some(vec!["sector".to_owned()]),
        Some(n) => {
            let p = path.key("cohorts");
            let items = doc.list(n, &p)?;
            let mut out: Vec<String> = Vec::with_capacity(items.len());
            let mut ok = true;
            for (i, item) in items.iter().enumerate() {
                let ip = p.index(i);
                match doc.id(item, &ip) {
                    Some(a) if a == "id" || a == "name" => {
                        doc.error_help(item, &ip, format!("`{a}` cannot be a cohort attribute"), "group by an attribute that organisations share, such as `sector` or `size`");
                        ok = false;
                    }
                    Some(a) if out.contains(&a) => {
                        doc.error_near(
                            item,
                            &ip,
                            format!("cohort attribute `{a}` is listed twice"),
                        );
                        ok = false;
                    }
                    Some(a) => out.push(a),
                    None => ok = false,
                }
            }
            ok.then_some(out)
        }
    };
    let min_cohort_size = match f.get("min_cohort_size") {
        None => Some(5),
        Some(n) => {
            let p = path.key("min_cohort_size");
            doc.unsigned(n, &p).and_then(|m| {
                if m == 0 {
                    doc.error_help(
                        n,
                        &p,
                        "min_cohort_size must be at least 1",
                        "the default of 5 keeps individual organisations from being singled out",
                    );
                    None
                } else {
                    Some(m as usize)
                }
            })
        }
    };
    let reference = match f.get("reference") {
        None => Some(None),
        Some(n) => site_path(doc, n, &path.key("reference")).map(Some),
    };
    Some(BenchmarkConfig {
        cohorts: cohorts?,
        min_cohort_size: min_cohort_size?,
        reference: reference?,
    })
}

fn read_roadmap(doc: &mut Doc<'_>, node: &Node, path: &KeyPath<'_>) -> Option<RoadmapConfig> {
    let f = doc.map(node, path, &["target"])?;
    let target = match f.get("target") {
        None => Some(RoadmapTarget::Next),
        Some(n) => {
            let p = path.key("target");
            match &n.value {
                yaml::Value::Str(s) if s == "next" => Some(RoadmapTarget::Next),
                yaml::Value::Int(_) => doc.unsigned(n, &p).and_then(|l| {
                    if l == 0 {
                        doc.error_help(
                            n,
                            &p,
                            "roadmap target 0 is not a level to aim at",
                            "use `next` or a level from 1 up",
                        );
                        None
                    } else {
                        Some(RoadmapTarget::Level(l))
                    }
                }),
                _ => {
                    doc.error_help(
                        n,
                        &p,
                        "the roadmap target must be `next` or a level number",
                        "write `target: next` or, for example, `target: 3`",
                    );
                    None
                }
            }
        }
    };
    Some(RoadmapConfig { target: target? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_languages_read_each_text_in_each() {
        let c = parse(
            "title: {en: Benchmark, zh-CN: 对标}\nbase_url: /\nlanguages: [zh-CN, en]\n\
             labels: {region: {name: {en: Region, zh-CN: 地区}, values: {eu: Europe}}}\n",
        )
        .unwrap();
        assert_eq!(c.language, "zh-CN", "the first is the default");
        assert_eq!(c.languages, ["zh-CN", "en"]);
        assert_eq!(c.title, "对标");
        assert_eq!(c.labels.attribute("region"), "地区");
        // A plain text is not said to be untranslated in the first language.
        assert!(c.untranslated.is_empty(), "{:?}", c.untranslated);
        let en = c.in_language("en");
        assert_eq!(
            (en.language.as_str(), en.title.as_str()),
            ("en", "Benchmark")
        );
        assert_eq!(en.labels.attribute("region"), "Region");
        assert_eq!(c.translations[0].untranslated, ["labels.region.values.eu"]);
        let problem = |yaml: &str| {
            let e = parse(&format!("title: T\nbase_url: /\n{yaml}\n")).unwrap_err();
            (
                e[0].key_path.clone().unwrap_or_default(),
                e[0].message.clone(),
            )
        };
        assert_eq!(
            problem("languages: [en, EN]"),
            ("languages[1]".into(), "`EN` is given twice".into())
        );
        assert_eq!(
            problem("language: en\nlanguages: [en]"),
            (
                "languages".into(),
                "`language` and `languages` are both given".into()
            )
        );
        assert_eq!(
            problem("languages: []"),
            ("languages".into(), "the list of languages is empty".into())
        );
        assert_eq!(
            problem("languages: [en_US]"),
            (
                "languages[0]".into(),
                "`en_US` is not a language tag".into()
            )
        );
    }

    #[test]
    fn labels_are_read_and_their_mistakes_named() {
        let c = parse(
            "title: T\nbase_url: /\nlabels:\n  region:\n    name: Region\n    values: {apac: Asia-Pacific}\n",
        )
        .unwrap();
        assert_eq!(c.labels.attribute("region"), "Region");
        assert_eq!(c.labels.value("region", "apac"), "Asia-Pacific");
        assert_eq!(c.labels.value("region", "eu"), "eu");
        let e = parse("title: T\nbase_url: /\nlabels:\n  region:\n    nmae: Region\n").unwrap_err();
        assert_eq!(e[0].message, "unknown key `nmae`");
        assert_eq!(e[0].position.map(|p| p.line), Some(5));
        let e = parse("title: T\nbase_url: /\nlabels:\n  region:\n    values: {apac: \"\"}\n")
            .unwrap_err();
        assert_eq!(e[0].message, "must not be empty");
        assert_eq!(e[0].key_path.as_deref(), Some("labels.region.values.apac"));
    }

    #[test]
    fn defaults() {
        let c = parse("title: T\nbase_url: https://o.github.io/repo\n").unwrap();
        assert_eq!(c.base_url, "https://o.github.io/repo/");
        assert_eq!(c.base_path(), "/repo/");
        assert_eq!(c.model, "content/model.yaml");
        assert_eq!(c.output, "public");
        assert_eq!(c.benchmark.cohorts, vec!["sector"]);
        assert_eq!(c.benchmark.min_cohort_size, 5);
        assert_eq!(c.roadmap.target, RoadmapTarget::Next);
        assert!(c.publish_reports);
    }

    #[test]
    fn every_problem_is_reported() {
        let p = parse("titel: T\nbase_url: ftp://x\nmodel: ../model.yaml\nbenchmark: {cohorts: [sector, sector], min_cohort_size: 0}\nroadmap: {target: soon}\n").unwrap_err();
        let msgs: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert!(msgs.contains(&"unknown key `titel`"), "{msgs:?}");
        assert!(msgs.contains(&"missing required key `title`"), "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("`ftp://x` is not a base URL")),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"`../model.yaml` points outside the site folder"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"cohort attribute `sector` is listed twice"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"min_cohort_size must be at least 1"),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(&"the roadmap target must be `next` or a level number"),
            "{msgs:?}"
        );
        assert!(
            p.iter()
                .all(|d| d.file == "site.yaml" && d.position.is_some())
        );
    }

    #[test]
    fn output_folders_are_plain_names_that_fit_a_staging_folder() {
        let output = |o: &str| parse(&format!("title: T\nbase_url: /\noutput: '{o}'\n"));
        for ok in ["public", "build/site", "./public/", "a\\b"] {
            assert!(output(ok).is_ok(), "{ok}");
        }
        let refused = |o: &str| {
            let p = output(o).unwrap_err();
            assert_eq!(p.len(), 1, "{o}: {p:?}");
            assert_eq!(
                (p[0].file.as_str(), p[0].position.map(|p| p.line)),
                ("site.yaml", Some(3))
            );
            assert_eq!(p[0].key_path.as_deref(), Some("output"));
            p[0].message.clone()
        };
        assert_eq!(
            refused("a/."),
            "`a/.` has an empty or `.` part, so it names no output folder of its own"
        );
        assert!(refused(".").contains("has an empty or `.` part"));
        assert!(refused("a//b").contains("has an empty or `.` part"));
        assert!(refused(&"x".repeat(230)).starts_with("the output folder name is 230 bytes long"));
        assert!(refused(&format!("{}/x", "y".repeat(256))).contains("file systems allow 255"));
        let p = parse("title: T\nbase_url: /\noutput: \"x\\u0001\"\n").unwrap_err();
        assert_eq!(
            p[0].message,
            "the output folder name contains control characters"
        );
    }
}
