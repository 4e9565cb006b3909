//! `rungs init DIR`: the files of a new site, ready to build and to publish
//! on GitHub Pages with no edits.
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
";

/// The GitHub Pages workflow: builds with the Pages base URL and deploys.
const PAGES_WORKFLOW: &str = r#"# Builds the site with rungs and publishes it on GitHub Pages.
# In the repository settings, set Pages > Build and deployment > Source to
# "GitHub Actions".
name: Publish site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - name: Install rungs
        run: cargo install rungs --locked --version RUNGS_VERSION
      - name: Build
        run: rungs build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

const GITIGNORE: &str = "/public\n/.public.rungs-staging-*\n/.public.rungs-old-*\n";

/// How many sample organisations and which periods a new site gets.
const SAMPLE_ORGANIZATIONS: usize = 8;
const SAMPLE_PERIODS: [&str; 2] = ["2024", "2025"];

/// The files of a new site, as (path relative to the site, bytes).
pub fn files() -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let model = model::parse("content/model.yaml", builtin::DEFAULT_MODEL)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("site.yaml".to_owned(), SITE_YAML.as_bytes().to_vec()),
        (
            "content/model.yaml".to_owned(),
            builtin::DEFAULT_MODEL.as_bytes().to_vec(),
        ),
        (".gitignore".to_owned(), GITIGNORE.as_bytes().to_vec()),
        (
            ".github/workflows/pages.yml".to_owned(),
            PAGES_WORKFLOW
                .replace("RUNGS_VERSION", env!("CARGO_PKG_VERSION"))
                .into_bytes(),
        ),
    ];
    for (name, text) in builtin::DEFAULT_PAGES {
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
        let files = files().unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for p in [
            "site.yaml",
            "content/model.yaml",
            ".github/workflows/pages.yml",
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
        let (_, workflow) = files
            .iter()
            .find(|(p, _)| p == ".github/workflows/pages.yml")
            .unwrap();
        let workflow = String::from_utf8_lossy(workflow);
        for action in [
            "actions/configure-pages@",
            "actions/upload-pages-artifact@",
            "actions/deploy-pages@",
        ] {
            assert!(workflow.contains(action), "{action}");
        }
        assert!(workflow.contains("--base-url \"${{ steps.pages.outputs.base_url }}/\""));
        assert!(workflow.contains(concat!("--version ", env!("CARGO_PKG_VERSION"))));
        assert!(crate::input::config::parse(SITE_YAML).is_ok());
    }
}
