//! A site's languages as its pages link them (issue #19): the first at the
//! root, each other under `/<tag in lower case>/`; every page links its
//! twins in the other languages (a language switcher and `<link
//! rel="alternate" hreflang>`), and the sitemap lists them as alternates.

use serde::Serialize;

use crate::domain::site::Site;

/// One language of the site, as templates see it (`languages` in every
/// template).
#[derive(Clone, Debug, Serialize)]
pub struct LanguageLink {
    /// Its tag, as `languages` writes it (`zh-CN`): `lang` and `hreflang`.
    pub tag: String,
    /// Its name in itself (`English`, `中文`): the switcher's label, from
    /// its own string table (`language.name`).
    pub name: String,
    /// Its pages' folder below the site root: empty for the first
    /// language, else the tag in lower case with a `/` (`zh-cn/`).
    pub prefix: String,
    /// The URL paths of its content pages (`methodology/`): a content page
    /// links only the languages it is written in.
    pub pages: Vec<String>,
}

/// The folder of the `index`-th language's pages below the site root:
/// empty for the first, else `zh-cn/` for `zh-CN`.
pub fn prefix(index: usize, tag: &str) -> String {
    if index == 0 {
        String::new()
    } else {
        format!("{}/", tag.to_ascii_lowercase())
    }
}

/// The languages of a site, `sites` being the site in each of its
/// languages, the first first.
pub fn links(sites: &[&Site]) -> Vec<LanguageLink> {
    sites
        .iter()
        .enumerate()
        .map(|(i, site)| LanguageLink {
            tag: site.config.language.clone(),
            name: site
                .strings
                .get("language.name")
                .unwrap_or(&site.config.language)
                .to_owned(),
            prefix: prefix(i, &site.config.language),
            pages: site
                .pages
                .iter()
                .map(|p| super::routes::page(&p.path))
                .collect(),
        })
        .collect()
}

/// `lang` in every template: the language of the page.
#[derive(Clone, Debug, Serialize)]
pub struct CurrentLanguage {
    /// Its tag.
    pub tag: String,
    /// Its folder below the site root (see [`prefix`]).
    pub prefix: String,
    /// The way back from the language's root to the site root (`../` for
    /// `zh-cn/`, empty for the first language), which assets and data
    /// exports, written once for every language, are linked through:
    /// `{{ root }}{{ lang.up }}style.css`.
    pub up: String,
}

impl CurrentLanguage {
    /// The language of `link`.
    pub fn of(link: &LanguageLink) -> CurrentLanguage {
        CurrentLanguage {
            tag: link.tag.clone(),
            prefix: link.prefix.clone(),
            up: "../".repeat(link.prefix.matches('/').count()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_languages_live_in_a_folder_named_by_their_tag_in_lower_case() {
        assert_eq!(prefix(0, "en"), "");
        assert_eq!(prefix(1, "zh-CN"), "zh-cn/");
        let link = LanguageLink {
            tag: "zh-CN".into(),
            name: "中文".into(),
            prefix: prefix(1, "zh-CN"),
            pages: Vec::new(),
        };
        assert_eq!(CurrentLanguage::of(&link).up, "../");
    }
}
