//! `rungs init DIR`: the files of a new site, ready to build and to publish
//! on GitHub Pages with no edits, its workflow installing exactly the rungs
//! that wrote it ([`RungsSource`]).
//!
//! This module only decides what the files are; [`crate::io::write::new_site`]
//! writes them.

use crate::diag::Diagnostic;
use crate::domain::builtin;
use crate::input::model;
use crate::sample::{self, SampleOptions};

/// The site configuration of a new site.
const SITE_YAML: &str = "\
# Site configuration: see the rungs documentation for every key.
title: My Digital Supply Chain Maturity Benchmark
description: |
  Maturity assessments scored with the **Digital Supply Chain Maturity
  Model**. Replace the sample assessments in `content/assessments/` with
  your own.
# Where the site is published. The GitHub Pages workflow passes the real
# address with `rungs build --base-url`, so this only matters elsewhere.
base_url: https://example.org/
language: en
publish_reports: true
benchmark:
  cohorts: [sector, size]
  min_cohort_size: 5
roadmap:
  target: next
# How attribute names and values are shown (the sample assessments' own).
labels:
  sector:
    name: Sector
    values:
      aerospace: Aerospace
      automotive: Automotive
      chemicals: Chemicals
      electronics: Electronics
      food-beverage: Food & beverage
      machinery: Machinery
      pharmaceuticals: Pharmaceuticals
      textiles: Textiles
  size:
    name: Size
    values: {small: Small, medium: Medium, large: Large}
  region:
    name: Region
    values: {apac: Asia-Pacific, eu: Europe, latam: Latin America, na: North America}
";

/// The site configuration of a new site in Chinese (`--language zh-CN`).
const SITE_YAML_ZH_CN: &str = "\
# 站点配置：各项设置见 rungs 文档。
title: 我的数字化供应链成熟度对标
description: |
  依据**数字化供应链成熟度模型**评分的成熟度评估。请用您自己的评估替换
  `content/assessments/` 中的示例评估。
# 站点的发布地址。GitHub Pages 工作流会通过 `rungs build --base-url` 传入实际地址，
# 因此此处只在其他托管方式下起作用。
base_url: https://example.org/
language: zh-CN
publish_reports: true
benchmark:
  cohorts: [sector, size]
  min_cohort_size: 5
roadmap:
  target: next
# 属性名称与取值的显示方式（示例评估所用的属性）。
labels:
  sector:
    name: 行业
    values:
      aerospace: 航空航天
      automotive: 汽车
      chemicals: 化工
      electronics: 电子
      food-beverage: 食品饮料
      machinery: 机械
      pharmaceuticals: 医药
      textiles: 纺织
  size:
    name: 规模
    values: {small: 小型, medium: 中型, large: 大型}
  region:
    name: 地区
    values: {apac: 亚太, eu: 欧洲, latam: 拉丁美洲, na: 北美}
";

/// Where the workflow a new site gets installs rungs from: the rungs that
/// wrote it, from a source that exists (issue #18).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RungsSource {
    /// The crate registry, at this version.
    CratesIo {
        /// The version to install.
        version: String,
    },
    /// A git repository at a commit: `cargo install --git URL --rev COMMIT`.
    Git {
        /// An address the runner can clone (https).
        url: String,
        /// The commit, 7 to 40 hexadecimal digits.
        commit: String,
    },
    /// A release archive (`.tar.gz`) holding a folder with the `rungs`
    /// binary for the runner (Linux x86_64), as this repository's release
    /// workflow publishes them.
    Release {
        /// The archive's https address.
        url: String,
    },
    /// A folder of the repository the workflow runs in (a repository that
    /// is rungs itself, as this one): `cargo install --path DIR`.
    Path {
        /// The folder, relative to the repository's root.
        dir: String,
    },
    /// No source is known: the workflow's install step stops with this
    /// reason and says what to write instead.
    Unknown {
        /// Why the source is not known.
        why: String,
    },
}

impl RungsSource {
    /// Where this rungs was built from, as its build recorded it
    /// (`build.rs`).
    pub fn of_this_build() -> RungsSource {
        RungsSource::parse(env!("RUNGS_BUILD_SOURCE")).unwrap_or_else(|why| RungsSource::Unknown {
            why: format!("its build recorded an unreadable source ({why})"),
        })
    }

    /// Reads the forms `--rungs-source` takes: `crates.io` (this version)
    /// or `crates.io:VERSION`, `git:URL#COMMIT` (an https URL),
    /// `release:URL` (an https `.tar.gz`), `path:DIR` (a relative folder),
    /// `unknown:WHY`.
    pub fn parse(s: &str) -> Result<RungsSource, String> {
        let s = s.trim();
        if s == "crates.io" {
            return Ok(RungsSource::CratesIo {
                version: env!("CARGO_PKG_VERSION").to_owned(),
            });
        }
        let (kind, rest) = s.split_once(':').ok_or_else(|| {
            "expected crates.io, crates.io:VERSION, git:URL#COMMIT or path:DIR".to_owned()
        })?;
        let plain = |v: &str| {
            !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-+/:@%~".contains(c))
        };
        match kind {
            "crates.io" if plain(rest) && !rest.contains('/') => Ok(RungsSource::CratesIo {
                version: rest.to_owned(),
            }),
            "git" => {
                let (url, commit) = rest
                    .rsplit_once('#')
                    .ok_or_else(|| "a git source is git:URL#COMMIT".to_owned())?;
                if !url.starts_with("https://") || !plain(url) {
                    return Err(format!(
                        "{url:?} is not an https address a runner can clone"
                    ));
                }
                if !(7..=40).contains(&commit.len())
                    || !commit.chars().all(|c| c.is_ascii_hexdigit())
                {
                    return Err(format!(
                        "{commit:?} is not a commit (7 to 40 hexadecimal digits)"
                    ));
                }
                Ok(RungsSource::Git {
                    url: url.to_owned(),
                    commit: commit.to_ascii_lowercase(),
                })
            }
            "release" => {
                if !rest.starts_with("https://") || !rest.ends_with(".tar.gz") || !plain(rest) {
                    return Err(format!(
                        "{rest:?} is not the https address of a .tar.gz release archive"
                    ));
                }
                Ok(RungsSource::Release {
                    url: rest.to_owned(),
                })
            }
            "path"
                if plain(rest) && !rest.starts_with('/') && !rest.split('/').any(|p| p == "..") =>
            {
                Ok(RungsSource::Path {
                    dir: rest.to_owned(),
                })
            }
            "unknown" => Ok(RungsSource::Unknown {
                why: rest.chars().filter(|c| !c.is_control()).collect(),
            }),
            _ => Err(format!("{s:?} is not a source rungs knows")),
        }
    }

    /// A cache key part naming exactly this source; a `path:` source is
    /// keyed by the pushed commit, `commit` (the host's variable for it).
    fn key(&self, commit: &str) -> String {
        match self {
            RungsSource::CratesIo { version } => format!("crates.io-{version}"),
            RungsSource::Git { commit, .. } => format!("git-{commit}"),
            RungsSource::Release { url } => {
                let name = url.rsplit('/').next().unwrap_or(url);
                format!("release-{}", name.trim_end_matches(".tar.gz"))
            }
            RungsSource::Path { .. } => format!("path-{commit}"),
            RungsSource::Unknown { .. } => "unknown".to_owned(),
        }
    }

    /// The install step's command (YAML block lines, indented by 10).
    fn install(&self) -> String {
        match self {
            RungsSource::CratesIo { version } => {
                format!("cargo install rungs --locked --version {version}")
            }
            RungsSource::Git { url, commit } => {
                format!("cargo install rungs --locked --git {url} --rev {commit}")
            }
            RungsSource::Release { url } => format!(
                "mkdir -p ~/.cargo/bin \"$RUNNER_TEMP/rungs\"\n          \
                 curl -fsSL --proto '=https' {url} | tar xz -C \"$RUNNER_TEMP/rungs\"\n          \
                 install \"$RUNNER_TEMP\"/rungs/*/rungs ~/.cargo/bin/rungs"
            ),
            RungsSource::Path { dir } => format!("cargo install --locked --path {dir}"),
            RungsSource::Unknown { why } => format!(
                "echo \"::error::rungs init could not tell where its rungs came from ({}). \
                 Replace this step's command with the install of your rungs, for example \
                 cargo install rungs --locked --git https://github.com/OWNER/rungs --rev COMMIT, \
                 or run rungs init again with --rungs-source.\"\n          exit 1",
                why.replace(['"', '\\', '$', '`'], "'")
            ),
        }
    }

    /// Whether the workflow can install rungs from this source.
    pub fn is_known(&self) -> bool {
        !matches!(self, RungsSource::Unknown { .. })
    }
}

/// Where a new site sits in its repository, and where it is published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Publishing {
    /// The site's folder relative to the repository's root (`/`-separated),
    /// when it is not the root itself.
    pub sub_folder: Option<String>,
    /// GitLab Pages (`.gitlab-ci.yml`) instead of GitHub Pages.
    pub gitlab: bool,
}

impl Publishing {
    /// The workflow file's path relative to the repository's root.
    pub fn workflow_path(&self) -> &'static str {
        if self.gitlab {
            ".gitlab-ci.yml"
        } else {
            ".github/workflows/pages.yml"
        }
    }

    /// The workflow for a site published this way, installing `source`.
    pub fn workflow(&self, source: &RungsSource) -> String {
        let sub = self.sub_folder.as_deref();
        if self.gitlab {
            gitlab_ci(source, sub)
        } else {
            pages_workflow_in(source, sub)
        }
    }
}

/// Whether `folder` can be written into a workflow as it is: plain
/// characters only, so it can neither break the YAML nor carry an
/// expression or a shell word.
pub fn plain_folder(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.starts_with('/')
        && !folder
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
        && folder
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c))
}

/// The GitHub Pages workflow of a site at the repository's root: installs
/// `source`'s rungs (cached by its version or commit), builds with the
/// Pages base URL and deploys. Only the deploy job may write Pages and
/// mint an id token; the build job reads the repository.
pub fn pages_workflow(source: &RungsSource) -> String {
    pages_workflow_in(source, None)
}

/// [`pages_workflow`] for a site in `sub_folder` of its repository: the
/// build runs there and uploads its `public`.
fn pages_workflow_in(source: &RungsSource, sub_folder: Option<&str>) -> String {
    let (defaults, public) = match sub_folder {
        Some(sub) => (
            format!("    defaults:\n      run:\n        working-directory: {sub}\n"),
            format!("{sub}/public"),
        ),
        None => (String::new(), "public".to_owned()),
    };
    format!(
        r#"# Builds the site with rungs and publishes it on GitHub Pages.
# In the repository settings, set Pages > Build and deployment > Source to
# "GitHub Actions".
name: Publish site

on:
  push:
    branches: [main]
  workflow_dispatch:

# Nothing by default; each job asks for what it needs.
permissions: {{}}

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
{defaults}    steps:
      - uses: actions/checkout@v5
      - id: pages
        uses: actions/configure-pages@v5
      # The installed binary is kept between runs, keyed by the exact rungs
      # it is: a second push installs in seconds.
      - id: cache-rungs
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/rungs
          key: rungs-${{{{ runner.os }}}}-{key}
      - name: Install rungs
        if: steps.cache-rungs.outputs.cache-hit != 'true'
        run: |
          {install}
      - name: Build
        run: rungs build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v4
        with:
          path: {public}

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#,
        key = source.key("${{ github.sha }}"),
        install = source.install(),
    )
}

/// `s` as a single-quoted YAML scalar: nothing in it is YAML syntax.
fn yaml_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The GitLab Pages pipeline: a `pages` job on the default branch that
/// installs `source`'s rungs into a cached folder of the project (keyed by
/// its version or commit), builds with the Pages URL and publishes
/// `public` at the project's root.
fn gitlab_ci(source: &RungsSource, sub_folder: Option<&str>) -> String {
    let cd = sub_folder.map_or(String::new(), |sub| format!("    - cd {sub}\n"));
    let install = match source {
        RungsSource::Path { dir } => {
            format!("cargo install --locked --path {dir} --root \"$CI_PROJECT_DIR/.rungs\"")
        }
        RungsSource::Unknown { .. } => source.install().replace("\n          ", "; "),
        RungsSource::Release { url } => format!(
            "mkdir -p \"$CI_PROJECT_DIR/.rungs/bin\" /tmp/rungs && \
             curl -fsSL --proto '=https' {url} | tar xz -C /tmp/rungs && \
             install /tmp/rungs/*/rungs \"$CI_PROJECT_DIR/.rungs/bin/rungs\""
        ),
        _ => format!("{} --root \"$CI_PROJECT_DIR/.rungs\"", source.install()),
    };
    let install = yaml_quoted(&format!(
        "test -x \"$CI_PROJECT_DIR/.rungs/bin/rungs\" || {{ {install}; }}"
    ));
    let build = yaml_quoted(
        "\"$CI_PROJECT_DIR/.rungs/bin/rungs\" build --base-url \"$CI_PAGES_URL/\" -o \"$CI_PROJECT_DIR/public\"",
    );
    format!(
        r#"# Builds the site with rungs and publishes it on GitLab Pages.
pages:
  image: rust:1-bookworm
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  # The installed binary is kept between pipelines, keyed by the exact
  # rungs it is: a second push installs in seconds.
  cache:
    key: rungs-{key}
    paths:
      - .rungs/
  script:
    - {install}
{cd}    - {build}
  artifacts:
    paths:
      - public
"#,
        key = source.key("$CI_COMMIT_SHA"),
    )
}

const GITIGNORE: &str = "/public\n/.public.rungs-staging-*\n/.public.rungs-old-*\n";

/// The names `--model` takes.
pub fn model_names() -> Vec<&'static str> {
    std::iter::once("dscmm")
        .chain(builtin::FRAMEWORKS.iter().map(|f| f.name))
        .collect()
}

fn known_models() -> String {
    format!("the ready models are {}", model_names().join(", "))
}

/// How many sample organisations and which periods a new site gets.
const SAMPLE_ORGANIZATIONS: usize = 8;
const SAMPLE_PERIODS: [&str; 2] = ["2024", "2025"];

/// The files of a new site of `model` (`dscmm`, the default model, or one
/// of [`builtin::FRAMEWORKS`]) in `language` (`en` or `zh-CN`; its
/// configuration and pages), as (path relative to the site, bytes),
/// without its workflow (see [`Publishing::workflow`]). A ready model is
/// written with its own configuration and pages, in the languages its
/// texts are written in: another language is refused, naming them.
pub fn files(language: &str, model_name: &str) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let chinese = language.eq_ignore_ascii_case("zh-CN");
    let (config, model_text, pages): (&str, &str, &[(&str, &str)]) = if model_name == "dscmm" {
        if chinese {
            (
                SITE_YAML_ZH_CN,
                builtin::DEFAULT_MODEL,
                builtin::DEFAULT_PAGES_ZH_CN,
            )
        } else {
            (SITE_YAML, builtin::DEFAULT_MODEL, builtin::DEFAULT_PAGES)
        }
    } else {
        let Some(framework) = builtin::FRAMEWORKS.iter().find(|f| f.name == model_name) else {
            return Err(vec![
                Diagnostic::in_file("--model", format!("there is no ready model `{model_name}`"))
                    .with_help(known_models()),
            ]);
        };
        if language != "en"
            && !framework
                .languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(language))
        {
            return Err(vec![Diagnostic::in_file(
                "--language",
                format!(
                    "the {} model is written in {} only",
                    framework.name,
                    framework.languages.join(" and ")
                ),
            )
            .with_help("leave out --language, or write the texts of your language into its model (docs/languages.md)")]);
        }
        (framework.site_yaml, framework.model, framework.pages)
    };
    let model = model::parse("content/model.yaml", model_text)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.yaml".to_owned(), config.as_bytes().to_vec()),
        (
            "content/model.yaml".to_owned(),
            model_text.as_bytes().to_vec(),
        ),
        (".gitignore".to_owned(), GITIGNORE.as_bytes().to_vec()),
    ];
    for (name, text) in pages {
        files.push((format!("content/pages/{name}"), text.as_bytes().to_vec()));
    }
    let options = SampleOptions {
        organizations: SAMPLE_ORGANIZATIONS,
        periods: SAMPLE_PERIODS.iter().map(|p| (*p).to_owned()).collect(),
        seed: 2025,
    };
    for file in sample::generate(&model, &options) {
        files.push((
            format!("content/assessments/{}", file.path),
            file.text.into_bytes(),
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_has_config_model_pages_samples_and_workflow() {
        let source = RungsSource::CratesIo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        let files = files("en", "dscmm").unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for p in [
            "site.yaml",
            "content/model.yaml",
            "content/pages/methodology.md",
            "content/pages/glossary.md",
        ] {
            assert!(paths.contains(&p), "{p} missing");
        }
        let samples = paths
            .iter()
            .filter(|p| p.starts_with("content/assessments/"))
            .count();
        assert!(
            samples >= 8,
            "a handful of sample assessments, got {samples}"
        );
        let publishing = Publishing::default();
        assert_eq!(publishing.workflow_path(), ".github/workflows/pages.yml");
        let workflow = publishing.workflow(&source);
        for action in [
            "actions/configure-pages@",
            "actions/upload-pages-artifact@",
            "actions/deploy-pages@",
        ] {
            assert!(workflow.contains(action), "{action}");
        }
        assert!(workflow.contains("--base-url \"${{ steps.pages.outputs.base_url }}/\""));
        assert!(workflow.contains(concat!("--version ", env!("CARGO_PKG_VERSION"))));
        assert!(!workflow.contains("working-directory"));
        assert!(crate::input::config::parse(SITE_YAML).is_ok());
    }

    #[test]
    fn a_site_in_a_sub_folder_builds_there_and_uploads_its_output() {
        let source = RungsSource::Git {
            url: "https://github.com/o/rungs".into(),
            commit: "0123abc".into(),
        };
        let publishing = Publishing {
            sub_folder: Some("docs/benchmark".into()),
            gitlab: false,
        };
        let w = publishing.workflow(&source);
        assert!(w.contains(
            "    permissions:\n      contents: read\n    defaults:\n      run:\n        working-directory: docs/benchmark\n    steps:"
        ));
        assert!(w.contains("          path: docs/benchmark/public\n"));
        assert!(parse("pages.yml", &w).is_ok());
        for bad in [
            "",
            "/abs",
            "a/../b",
            "a b",
            "${{ secrets.X }}",
            "a//b",
            "x;y",
        ] {
            assert!(!plain_folder(bad), "{bad:?}");
        }
        assert!(plain_folder("docs/benchmark-2025_v1.0"));
    }

    #[test]
    fn gitlab_pages_gets_a_pages_job_with_a_cached_rungs() {
        let source = RungsSource::Git {
            url: "https://gitlab.com/o/rungs".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
        };
        let publishing = Publishing {
            sub_folder: Some("site".into()),
            gitlab: true,
        };
        assert_eq!(publishing.workflow_path(), ".gitlab-ci.yml");
        let ci = publishing.workflow(&source);
        let doc = parse(".gitlab-ci.yml", &ci).expect("YAML");
        let Value::Map(top) = &doc.value else {
            panic!("a map")
        };
        assert_eq!(top.len(), 1, "one job");
        assert_eq!(top[0].0.value, Value::Str("pages".into()));
        assert!(ci.contains("    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n"));
        assert!(ci.contains("    key: rungs-git-0123456789abcdef0123456789abcdef01234567\n"));
        assert!(ci.contains(
            "cargo install rungs --locked --git https://gitlab.com/o/rungs --rev 0123456789abcdef0123456789abcdef01234567 --root \"$CI_PROJECT_DIR/.rungs\""
        ));
        assert!(ci.contains("    - cd site\n"));
        assert!(ci.contains("-o \"$CI_PROJECT_DIR/public\"'"));
        assert!(ci.contains("  artifacts:\n    paths:\n      - public\n"));
        let unknown = Publishing {
            sub_folder: None,
            gitlab: true,
        }
        .workflow(&RungsSource::Unknown {
            why: "it's: odd".into(),
        });
        assert!(parse(".gitlab-ci.yml", &unknown).is_ok(), "{unknown}");
        assert!(unknown.contains("exit 1"));
    }

    #[test]
    fn sources_are_read_strictly() {
        assert_eq!(
            RungsSource::parse("crates.io").unwrap(),
            RungsSource::CratesIo {
                version: env!("CARGO_PKG_VERSION").to_owned()
            }
        );
        assert_eq!(
            RungsSource::parse("git:https://github.com/o/rungs#0123ABCdef").unwrap(),
            RungsSource::Git {
                url: "https://github.com/o/rungs".into(),
                commit: "0123abcdef".into()
            }
        );
        assert_eq!(
            RungsSource::parse("path:.").unwrap(),
            RungsSource::Path { dir: ".".into() }
        );
        let release = "https://github.com/o/rungs/releases/download/v0.1.0/rungs-v0.1.0-x86_64-unknown-linux-gnu.tar.gz";
        let source = RungsSource::parse(&format!("release:{release}")).unwrap();
        let w = pages_workflow(&source);
        assert!(w.contains(&format!("curl -fsSL --proto '=https' {release} | tar xz")));
        assert!(w.contains(
            "key: rungs-${{ runner.os }}-release-rungs-v0.1.0-x86_64-unknown-linux-gnu\n"
        ));
        assert!(RungsSource::parse("release:http://x/y.tar.gz").is_err());
        assert!(RungsSource::parse("release:https://x/y.zip").is_err());
        for bad in [
            "git:http://example.org/r#0123abc",
            "git:https://github.com/o/r",
            "git:https://github.com/o/r#xyz1234",
            "git:https://github.com/o/r\"; curl x|sh; \"#0123abc",
            "path:/etc",
            "path:../up",
            "crates.io:1.0 && evil",
            "somewhere",
        ] {
            assert!(RungsSource::parse(bad).is_err(), "{bad}");
        }
    }

    use crate::input::yaml::{Node, Value, parse};

    #[test]
    fn the_workflow_installs_that_source_and_only_deploy_may_write_pages() {
        let git = RungsSource::Git {
            url: "https://github.com/o/rungs".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
        };
        let w = pages_workflow(&git);
        assert!(w.contains(
            "cargo install rungs --locked --git https://github.com/o/rungs --rev 0123456789abcdef0123456789abcdef01234567"
        ));
        assert!(
            w.contains("key: rungs-${{ runner.os }}-git-0123456789abcdef0123456789abcdef01234567")
        );
        assert!(w.contains("if: steps.cache-rungs.outputs.cache-hit != 'true'"));
        let doc = parse("pages.yml", &w).expect("YAML");
        let get = |n: &'_ Node, key: &str| -> Option<Node> {
            match &n.value {
                Value::Map(m) => m
                    .iter()
                    .find(|(k, _)| k.value == Value::Str(key.into()))
                    .map(|(_, v)| v.clone()),
                _ => None,
            }
        };
        let entries = |n: &Node| -> Vec<String> {
            match &n.value {
                Value::Map(m) => m
                    .iter()
                    .map(|(k, v)| match (&k.value, &v.value) {
                        (Value::Str(k), Value::Str(v)) => format!("{k}: {v}"),
                        _ => "?".to_owned(),
                    })
                    .collect(),
                _ => vec!["not a map".to_owned()],
            }
        };
        let jobs = get(&doc, "jobs").expect("jobs");
        let perms = |job: &str| {
            entries(&get(&get(&jobs, job).expect("job"), "permissions").expect("permissions"))
        };
        assert_eq!(perms("build"), vec!["contents: read"]);
        assert_eq!(perms("deploy"), vec!["pages: write", "id-token: write"]);
        assert_eq!(
            entries(&get(&doc, "permissions").expect("top level")),
            Vec::<String>::new()
        );

        let unknown = pages_workflow(&RungsSource::Unknown {
            why: "built with \"changes\" $HOME".into(),
        });
        assert!(!unknown.contains("cargo install rungs --locked --version"));
        assert!(unknown.contains("::error::rungs init could not tell where its rungs came from"));
        assert!(unknown.contains("exit 1"));
        assert!(
            !unknown.contains("$HOME"),
            "the reason cannot expand in the shell"
        );
        assert!(parse("pages.yml", &unknown).is_ok());
    }
}
