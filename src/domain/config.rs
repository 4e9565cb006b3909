//! The site configuration of `site.yaml` (formats.md), as
//! [`crate::input::config`] reads it.

use std::collections::BTreeMap;

use serde::Serialize;

/// The name of the configuration file at the root of every site.
pub const CONFIG_FILE: &str = "site.yaml";

/// A validated site configuration. Paths are relative to the site folder.
#[derive(Clone, Debug, Serialize)]
pub struct SiteConfig {
    /// The site's title, shown on every page.
    pub title: String,
    /// Markdown description.
    pub description: Option<String>,
    /// Where the site is published, always ending in `/`.
    pub base_url: String,
    /// Language tag of the pages, such as `en`: the first of `languages`,
    /// or in a translation ([`SiteConfig::in_language`]) its language.
    pub language: String,
    /// Every language the site is built in (`languages:`, or `language:`
    /// alone), the default first: its pages are at the root, each other
    /// language's under `/<tag in lower case>/`.
    pub languages: Vec<String>,
    /// The texts of `title`, `description` and `labels` in each language
    /// after the first.
    #[serde(skip)]
    pub translations: Vec<ConfigTranslation>,
    /// Key paths of the texts given in other languages only, read in a
    /// fallback for the first language.
    #[serde(skip)]
    pub untranslated: Vec<String>,
    /// The model file.
    pub model: String,
    /// The assessments folder.
    pub assessments: String,
    /// The Markdown pages folder.
    pub pages: String,
    /// The output folder.
    pub output: String,
    /// The theme name.
    pub theme: String,
    /// Custom domain for GitHub Pages.
    pub cname: Option<String>,
    /// Where each assessment's private report is written
    /// (`private_reports`), relative to the site; `None`: nowhere.
    pub private_reports: Option<String>,
    /// Whether assessments get a public report unless they say otherwise.
    pub publish_reports: bool,
    /// Benchmark settings.
    pub benchmark: BenchmarkConfig,
    /// Roadmap settings.
    pub roadmap: RoadmapConfig,
    /// How attribute names and values are shown to readers (`labels:`).
    pub labels: Labels,
    /// Whether the site is one firm's own or a benchmark of many (`mode:`).
    pub mode: SiteMode,
}

/// `mode:` in site.yaml: what kind of site this is (docs/single-firm.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteMode {
    /// One firm's own site when the assessments are of exactly one
    /// organisation, else a benchmark (the default).
    #[default]
    Auto,
    /// One firm's own site: the home page is its latest report with its
    /// history, and there are no benchmark or organisation list pages.
    /// Assessments of a second organisation are an error.
    Organization,
    /// A benchmark of many organisations, even while it holds one.
    Benchmark,
}

/// The texts of `site.yaml` in a language other than the site's first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigTranslation {
    /// The language tag, as `languages` writes it.
    pub language: String,
    /// The site's title.
    pub title: String,
    /// Its Markdown description.
    pub description: Option<String>,
    /// How attribute names and values are shown.
    pub labels: Labels,
    /// Key paths of the texts given in no text of this language.
    pub untranslated: Vec<String>,
}

/// `labels:` in site.yaml: display names for organisation attributes and
/// their values, such as `region` → "Region" and `apac` → "Asia-Pacific".
/// Without a label, a name or value is shown as the assessments write it.
/// Exports keep the values as written: labels are for readers, not data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Labels(pub BTreeMap<String, AttributeLabels>);

/// The labels of one attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AttributeLabels {
    /// How the attribute's name is shown, if not as written.
    pub name: Option<String>,
    /// How each value is shown, by the value as written.
    pub values: BTreeMap<String, String>,
}

impl Labels {
    /// How `attribute` is shown.
    pub fn attribute<'a>(&'a self, attribute: &'a str) -> &'a str {
        self.0
            .get(attribute)
            .and_then(|l| l.name.as_deref())
            .unwrap_or(attribute)
    }

    /// How `value` of `attribute` is shown.
    pub fn value<'a>(&'a self, attribute: &str, value: &'a str) -> &'a str {
        self.0
            .get(attribute)
            .and_then(|l| l.values.get(value))
            .map_or(value, String::as_str)
    }
}

/// `benchmark:` settings.
#[derive(Clone, Debug, Serialize)]
pub struct BenchmarkConfig {
    /// Organisation attributes to group by.
    pub cohorts: Vec<String>,
    /// Smaller cohorts are never published.
    pub min_cohort_size: usize,
    /// A `benchmarks.json` published by another rungs site of the same
    /// model (`benchmark.reference`), relative to the site: reports are
    /// compared with its cohorts instead of this site's own.
    pub reference: Option<String>,
}

/// `roadmap:` settings.
#[derive(Clone, Debug, Serialize)]
pub struct RoadmapConfig {
    /// The default roadmap target.
    pub target: RoadmapTarget,
}

/// The level a roadmap aims at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoadmapTarget {
    /// One level above the assessment's overall level.
    Next,
    /// A fixed level.
    Level(u32),
}

impl SiteConfig {
    /// This configuration as read in `language`, one of `languages`: its
    /// texts in that language, and `language` set to it.
    pub fn in_language(&self, language: &str) -> SiteConfig {
        let mut config = self.clone();
        config.translations = Vec::new();
        config.untranslated = Vec::new();
        if let Some(t) = self.translations.iter().find(|t| t.language == language) {
            config.title.clone_from(&t.title);
            config.description.clone_from(&t.description);
            config.labels = t.labels.clone();
        }
        language.clone_into(&mut config.language);
        config
    }

    /// The path part of `base_url`, such as `/repo/` (always starts and ends with `/`).
    pub fn base_path(&self) -> String {
        base_path(&self.base_url)
    }
}

/// The path part of a base URL: `https://o.github.io/repo` gives `/repo/`.
pub fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, rest)| {
        rest.find('/').map_or("", |i| &rest[i..])
    });
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// Checks a base URL given on the command line or in `site.yaml`, and
/// returns it normalised to end in `/`.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok_scheme = url.starts_with("https://") || url.starts_with("http://");
    if !(ok_scheme || url.starts_with('/')) {
        return Err(format!(
            "`{url}` is not a base URL: use an absolute http(s) URL such as `https://owner.github.io/repo/`, or a path such as `/repo/`"
        ));
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    {
        return Err(format!(
            "`{url}` contains characters that are not allowed in a URL"
        ));
    }
    if url.contains(['?', '#']) {
        return Err(format!(
            "`{url}` has a query or fragment; a base URL is only a scheme, host and path"
        ));
    }
    let mut out = url.to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("https://example.org/"), "/");
        assert_eq!(base_path("https://o.github.io/a/b/"), "/a/b/");
        assert_eq!(base_path("/sub"), "/sub/");
    }

    #[test]
    fn labels_name_what_they_label_and_leave_the_rest_as_written() {
        let mut labels = Labels::default();
        labels.0.insert(
            "region".into(),
            AttributeLabels {
                name: Some("Region".into()),
                values: [("apac".to_owned(), "Asia-Pacific".to_owned())].into(),
            },
        );
        assert_eq!(labels.attribute("region"), "Region");
        assert_eq!(labels.attribute("sector"), "sector");
        assert_eq!(labels.value("region", "apac"), "Asia-Pacific");
        assert_eq!(labels.value("region", "emea"), "emea");
        assert_eq!(labels.value("sector", "apac"), "apac");
    }
}
