//! Templates and theme files built into the binary, so rungs runs anywhere
//! with no files besides the site's own. A site overrides any of them file
//! by file (see [`crate::render::Templates`]).

/// The built-in templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("model.html", include_str!("../../templates/model.html")),
    (
        "dimension.html",
        include_str!("../../templates/dimension.html"),
    ),
    (
        "organizations.html",
        include_str!("../../templates/organizations.html"),
    ),
    (
        "organization.html",
        include_str!("../../templates/organization.html"),
    ),
    ("report.html", include_str!("../../templates/report.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "benchmarks.html",
        include_str!("../../templates/benchmarks.html"),
    ),
    ("cohort.html", include_str!("../../templates/cohort.html")),
    ("roadmap.html", include_str!("../../templates/roadmap.html")),
    ("private.html", include_str!("../../templates/private.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "partials/cohort.html",
        include_str!("../../templates/partials/cohort.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    (
        "partials/report_body.html",
        include_str!("../../templates/partials/report_body.html"),
    ),
    (
        "partials/roadmap_body.html",
        include_str!("../../templates/partials/roadmap_body.html"),
    ),
];

/// The default model: a Digital Supply Chain Maturity Model in the shape
/// of ITU-T Y.4910 (the repository's `content/model.yaml`).
pub const DEFAULT_MODEL: &str = include_str!("../../content/model.yaml");

/// The pages that explain the method, written by `rungs init`.
pub const DEFAULT_PAGES: &[(&str, &str)] = &[
    (
        "methodology.md",
        include_str!("../../content/pages/methodology.md"),
    ),
    (
        "reading-a-report.md",
        include_str!("../../content/pages/reading-a-report.md"),
    ),
    (
        "reading-a-benchmark.md",
        include_str!("../../content/pages/reading-a-benchmark.md"),
    ),
    (
        "run-your-own-assessment.md",
        include_str!("../../content/pages/run-your-own-assessment.md"),
    ),
    (
        "glossary.md",
        include_str!("../../content/pages/glossary.md"),
    ),
];

/// The same pages in Chinese (`rungs init --language zh-CN`), under the
/// same names: a Chinese site's pages need no language in their names.
pub const DEFAULT_PAGES_ZH_CN: &[(&str, &str)] = &[
    (
        "methodology.md",
        include_str!("../../content/pages/methodology.zh-CN.md"),
    ),
    (
        "reading-a-report.md",
        include_str!("../../content/pages/reading-a-report.zh-CN.md"),
    ),
    (
        "reading-a-benchmark.md",
        include_str!("../../content/pages/reading-a-benchmark.zh-CN.md"),
    ),
    (
        "run-your-own-assessment.md",
        include_str!("../../content/pages/run-your-own-assessment.zh-CN.md"),
    ),
    (
        "glossary.md",
        include_str!("../../content/pages/glossary.zh-CN.md"),
    ),
];

/// A ready model for another framework (issue #20), as `rungs init
/// --model NAME` writes it: the example site of `examples/sites/<name>/`.
pub struct Framework {
    /// The name `--model` takes.
    pub name: &'static str,
    /// Its site configuration.
    pub site_yaml: &'static str,
    /// Its model.
    pub model: &'static str,
    /// Its pages, by file name.
    pub pages: &'static [(&'static str, &'static str)],
    /// The languages its texts are written in, the first first.
    pub languages: &'static [&'static str],
}

/// The ready models besides the default one.
pub const FRAMEWORKS: &[Framework] = &[
    Framework {
        name: "samm",
        site_yaml: include_str!("../../examples/sites/samm/site.yaml"),
        model: include_str!("../../examples/sites/samm/content/model.yaml"),
        pages: &[(
            "about.md",
            include_str!("../../examples/sites/samm/content/pages/about.md"),
        )],
        languages: &["en"],
    },
    Framework {
        name: "c2m2",
        site_yaml: include_str!("../../examples/sites/c2m2/site.yaml"),
        model: include_str!("../../examples/sites/c2m2/content/model.yaml"),
        pages: &[(
            "about.md",
            include_str!("../../examples/sites/c2m2/content/pages/about.md"),
        )],
        languages: &["en"],
    },
    Framework {
        name: "gbt39116",
        site_yaml: include_str!("../../examples/sites/gbt39116/site.yaml"),
        model: include_str!("../../examples/sites/gbt39116/content/model.yaml"),
        pages: &[
            (
                "about.md",
                include_str!("../../examples/sites/gbt39116/content/pages/about.md"),
            ),
            (
                "about.en.md",
                include_str!("../../examples/sites/gbt39116/content/pages/about.en.md"),
            ),
        ],
        languages: &["zh-CN", "en"],
    },
];

/// A built-in theme: its name and static files.
pub struct Theme {
    /// The name used in `site.yaml`.
    pub name: &'static str,
    /// Static files, by output path.
    pub files: &'static [(&'static str, &'static [u8])],
}

/// The built-in themes.
pub const THEMES: &[Theme] = &[
    Theme {
        name: "default",
        files: &[
            (
                "style.css",
                include_bytes!("../../themes/default/static/style.css"),
            ),
            (
                "rungs.js",
                include_bytes!("../../themes/default/static/rungs.js"),
            ),
            (
                "search.js",
                include_bytes!("../../themes/default/static/search.js"),
            ),
            (
                "favicon.svg",
                include_bytes!("../../themes/default/static/favicon.svg"),
            ),
        ],
    },
    // A compact, print-first theme: the same pages with its own stylesheet.
    Theme {
        name: "print",
        files: &[
            (
                "style.css",
                include_bytes!("../../themes/print/static/style.css"),
            ),
            (
                "rungs.js",
                include_bytes!("../../themes/default/static/rungs.js"),
            ),
            (
                "search.js",
                include_bytes!("../../themes/default/static/search.js"),
            ),
            (
                "favicon.svg",
                include_bytes!("../../themes/default/static/favicon.svg"),
            ),
        ],
    },
];

/// The built-in theme of this name.
pub fn theme(name: &str) -> Option<&'static Theme> {
    THEMES.iter().find(|t| t.name == name)
}

/// The built-in interface strings, by language tag: English first, the
/// default and the fallback of every other language.
pub const STRINGS: [(&str, &str); 2] = [
    ("en", include_str!("../../i18n/en.yaml")),
    ("zh-CN", include_str!("../../i18n/zh-CN.yaml")),
];
