//! Where a site's inputs are: one definition of the files a build reads,
//! used by [`crate::io::load`] to read them, by the pipeline's output guard
//! ([`crate::io::write::check_target`]) so that the output never covers
//! one, and by `rungs serve`'s watcher so that a change to any of them, and
//! to nothing else, rebuilds.

use std::collections::BTreeSet;

use crate::domain::config::{CONFIG_FILE, SiteConfig};

/// Extensions of assessment files.
pub const ASSESSMENT_EXTENSIONS: &[&str] = &["yaml", "yml"];
/// Extensions of tables of assessments, one row each (formats.md,
/// "Assessments as tables"): CSV, and the workbooks of Excel and of
/// OpenDocument (LibreOffice).
pub const TABLE_EXTENSIONS: &[&str] = &["csv", "xlsx", "ods"];
/// Extensions of content pages.
pub const PAGE_EXTENSIONS: &[&str] = &["md"];
/// Extensions of template overrides.
pub const TEMPLATE_EXTENSIONS: &[&str] = &["html", "xml", "txt", "svg", "js", "css", "json"];
/// The site's own template overrides.
pub const TEMPLATES: &str = "templates";
/// The site's own static files.
pub const STATIC: &str = "static";
/// The folder of themes of the site's own.
pub const THEMES: &str = "themes";
/// The site's string tables, `i18n/<language>.yaml`, overriding the
/// built-in ones key by key.
pub const STRINGS: &str = "i18n";

/// The inputs of a site, from its configuration; paths relative to the
/// site folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The model file.
    pub model: String,
    /// The folder of assessment files.
    pub assessments: String,
    /// The folder of content pages.
    pub pages: String,
    /// The theme's folder, `themes/<name>` (it need not exist: the
    /// built-in themes are embedded).
    pub theme_dir: String,
}

impl Layout {
    /// The layout `config` describes.
    pub fn of(config: &SiteConfig) -> Self {
        Layout {
            model: config.model.clone(),
            assessments: config.assessments.clone(),
            pages: config.pages.clone(),
            theme_dir: format!("{THEMES}/{}", config.theme),
        }
    }

    /// Template folders, in the order their files override: the theme's,
    /// then the site's.
    pub fn template_dirs(&self) -> [String; 2] {
        [
            format!("{}/{TEMPLATES}", self.theme_dir),
            TEMPLATES.to_owned(),
        ]
    }

    /// The site's string table for `language` (`i18n/<language>.yaml`),
    /// when the tag is one a file name can hold.
    pub fn strings_file(language: &str) -> Option<String> {
        let plain = !language.is_empty()
            && language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        plain.then(|| format!("{STRINGS}/{language}.yaml"))
    }

    /// Static folders, in the order their files override: the theme's,
    /// then the site's.
    pub fn static_dirs(&self) -> [String; 2] {
        [format!("{}/{STATIC}", self.theme_dir), STATIC.to_owned()]
    }

    /// The folders a build reads (and the model's folder, when it has
    /// one): the output may be none of them, inside one, or hold one.
    pub fn input_folders(&self) -> Vec<&str> {
        let mut folders = vec![
            self.assessments.as_str(),
            self.pages.as_str(),
            TEMPLATES,
            STATIC,
            STRINGS,
            self.theme_dir.as_str(),
        ];
        if let Some((dir, _)) = self.model.rsplit_once('/')
            && !dir.is_empty()
        {
            folders.push(dir);
        }
        folders
    }

    /// The top-level names of the site folder under which a change may
    /// change the site: `site.yaml`, the first part of every configured
    /// path, and the template, static, theme and string-table folders.
    pub fn top_level_names(&self) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = [CONFIG_FILE, TEMPLATES, STATIC, THEMES, STRINGS]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for path in [&self.model, &self.assessments, &self.pages] {
            if let Some(first) = path.split('/').find(|p| !p.is_empty() && *p != ".") {
                names.insert(first.to_owned());
            }
        }
        names
    }
}

/// Whether a file or folder named `name` is read: hidden names (starting
/// with `.`) never are, editors' and systems' files must not become
/// content, except in static folders, which publish hidden files such as
/// `.well-known/` and leave out only version control and desktop clutter.
pub fn reads_name(name: &str, in_static: bool) -> bool {
    if in_static {
        !matches!(name, ".git" | ".hg" | ".svn" | ".DS_Store")
    } else {
        !name.starts_with('.')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(model: &str, assessments: &str) -> Layout {
        Layout {
            model: model.into(),
            assessments: assessments.into(),
            pages: "content/pages".into(),
            theme_dir: "themes/default".into(),
        }
    }

    #[test]
    fn inputs_are_the_configured_folders_and_the_fixed_ones() {
        let l = layout("content/model.yaml", "data/assessments");
        assert_eq!(
            l.input_folders(),
            [
                "data/assessments",
                "content/pages",
                "templates",
                "static",
                "i18n",
                "themes/default",
                "content"
            ]
        );
        assert_eq!(
            l.top_level_names().into_iter().collect::<Vec<_>>(),
            [
                "content",
                "data",
                "i18n",
                "site.yaml",
                "static",
                "templates",
                "themes"
            ]
        );
        assert_eq!(
            l.template_dirs(),
            [
                "themes/default/templates".to_owned(),
                "templates".to_owned()
            ]
        );
        // A model at the root has no folder of its own.
        assert_eq!(layout("model.yaml", "a").input_folders().len(), 6);
    }

    #[test]
    fn hidden_names_are_read_only_in_static_folders() {
        assert!(!reads_name(".hidden.yaml", false));
        assert!(reads_name("x.yaml", false));
        assert!(reads_name(".well-known", true));
        for clutter in [".git", ".hg", ".svn", ".DS_Store"] {
            assert!(!reads_name(clutter, true), "{clutter}");
        }
    }
}
