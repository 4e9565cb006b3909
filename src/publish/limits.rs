//! The limits of the hosts rungs publishes to, and what to do when a site
//! passes them: GitHub Pages refuses a published site over 1 GB, GitLab
//! Pages one over 1 GB or 200,000 files. A build that passes either still
//! succeeds (the site may be hosted elsewhere), with a warning naming the
//! setting that would help.

/// The largest site GitHub Pages and GitLab Pages publish, in bytes.
pub const MAX_SITE_BYTES: u64 = 1_000_000_000;

/// The most files GitLab Pages publishes in one site.
pub const MAX_SITE_FILES: usize = 200_000;

/// Warnings for a site of `files` files and `bytes` bytes; empty when it
/// fits every host. `publish_reports` is `site.yaml`'s default for
/// publishing report pages, which take most of a large site's bytes.
pub fn warnings(files: usize, bytes: u64, publish_reports: bool) -> Vec<String> {
    let help = if publish_reports {
        "set `publish_reports: false` in site.yaml to publish benchmarks and exports without \
         report pages (organisations may still opt in with `publish: true`), or host the site \
         where larger sites are allowed"
    } else {
        "split the site (one site per period or per sector), or host it where larger sites \
         are allowed"
    };
    let mut out = Vec::new();
    if bytes > MAX_SITE_BYTES {
        out.push(format!(
            "the site is {:.2} GB; GitHub Pages and GitLab Pages refuse a site over 1 GB: {help}",
            bytes as f64 / 1e9
        ));
    }
    if files > MAX_SITE_FILES {
        out.push(format!(
            "the site has {files} files; GitLab Pages refuses a site of more than \
             {MAX_SITE_FILES}: {help}"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_within_the_limits_gets_no_warning() {
        assert!(warnings(MAX_SITE_FILES, MAX_SITE_BYTES, true).is_empty());
        assert!(warnings(0, 0, false).is_empty());
    }

    #[test]
    fn past_a_limit_the_warning_says_what_would_help() {
        let w = warnings(10, 1_680_000_000, true);
        assert_eq!(w.len(), 1);
        assert!(w[0].starts_with("the site is 1.68 GB"), "{}", w[0]);
        assert!(w[0].contains("`publish_reports: false`"), "{}", w[0]);
        let w = warnings(MAX_SITE_FILES + 1, 1, false);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("200001 files"), "{}", w[0]);
        assert!(w[0].contains("split the site"), "{}", w[0]);
        assert_eq!(
            warnings(MAX_SITE_FILES + 1, MAX_SITE_BYTES + 1, true).len(),
            2
        );
    }
}
