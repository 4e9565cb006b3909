//! Markdown pages from `content/pages`: YAML front matter, then Markdown.

use crate::diag::Diagnostic;
use crate::domain::page::{Page, RESERVED};
use crate::input::yaml::{self, Doc, KeyPath};

/// The language of the page file at `relative` (below the pages folder),
/// by Zola's convention: `methodology.zh-CN.md` is the `zh-CN` text of
/// `methodology.md`. Gives the name without the language (`methodology.md`)
/// and the index of the language in `languages` (0, the site's first, for a
/// name without one); `None` for a translation into a language the site is
/// not built in (one of `languages`' tags or a built-in table's, matched
/// without regard to case).
pub fn language_of(relative: &str, languages: &[String]) -> Option<(String, usize)> {
    let Some(stem) = relative.strip_suffix(".md") else {
        return Some((relative.to_owned(), 0));
    };
    let Some((name, tag)) = stem.rsplit_once('.') else {
        return Some((relative.to_owned(), 0));
    };
    if let Some(i) = languages.iter().position(|l| l.eq_ignore_ascii_case(tag)) {
        return Some((format!("{name}.md"), i));
    }
    let built_in = crate::domain::builtin::STRINGS
        .iter()
        .any(|(t, _)| t.eq_ignore_ascii_case(tag));
    (!built_in).then(|| (relative.to_owned(), 0))
}

/// Parses one page. `relative` is the path below the pages folder, such as
/// `guides/setup.md`. A draft gives `Ok(None)`. A leading byte order mark
/// (U+FEFF) is left out.
pub fn parse(file: &str, relative: &str, source: &str) -> Result<Option<Page>, Vec<Diagnostic>> {
    // One byte order mark before the `---` is the editor's, not the page's.
    let source = crate::text::without_bom(source);
    let Some(rest) = source
        .strip_prefix("---\n")
        .or_else(|| source.strip_prefix("---\r\n"))
    else {
        return Err(vec![Diagnostic::in_file(file, "the page has no front matter").with_help(
            "start the file with a `---` line, then `title: ...`, then another `---` line, then the Markdown",
        )]);
    };
    let (front, body) = split_front_matter(rest).ok_or_else(|| {
        vec![
            Diagnostic::in_file(file, "the front matter is not closed")
                .with_help("end the front matter with a line holding only `---`"),
        ]
    })?;
    // A leading newline stands for the opening `---`, so YAML line numbers
    // are the file's line numbers.
    let yaml_source = format!("\n{front}");
    let root = yaml::parse(file, &yaml_source).map_err(|d| vec![d])?;
    let mut doc = Doc::new(file, &yaml_source);
    let path = KeyPath::ROOT;
    let page = (|| {
        let f = doc.map(&root, &path, &["title", "description", "order", "draft"])?;
        let title = f
            .require(&mut doc, &path, "title")
            .and_then(|n| doc.text(n, &path.key("title")));
        let description = f
            .get("description")
            .and_then(|n| doc.string(n, &path.key("description")));
        let order = f.get("order").and_then(|n| match n.value {
            yaml::Value::Int(i) => Some(i),
            _ => {
                doc.error_help(
                    n,
                    &path.key("order"),
                    format!("expected a whole number, found {}", n.value.kind()),
                    "`order` sorts pages in the navigation, such as `order: 2`",
                );
                None
            }
        });
        let draft = f
            .get("draft")
            .map_or(Some(false), |n| doc.boolean(n, &path.key("draft")));
        Some((title?, description, order, draft?))
    })();
    let url_path = url_path(file, relative);
    let mut problems = doc.into_problems();
    let url_path = match url_path {
        Ok(p) => Some(p),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    match (page, url_path) {
        (Some((title, description, order, draft)), Some(path)) if problems.is_empty() => {
            Ok((!draft).then(|| Page {
                file: file.to_owned(),
                path,
                title,
                description,
                order,
                body: body.to_owned(),
            }))
        }
        _ => Err(problems),
    }
}

fn split_front_matter(rest: &str) -> Option<(&str, &str)> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// `guides/setup.md` gives `guides/setup`; every part must be an id so the
/// URL is safe and predictable.
fn url_path(file: &str, relative: &str) -> Result<String, Diagnostic> {
    let stem = relative.strip_suffix(".md").unwrap_or(relative);
    let parts: Vec<&str> = stem.split('/').collect();
    for part in &parts {
        if !crate::text::slug::is_id(part) {
            return Err(Diagnostic::in_file(file, format!("`{part}` cannot be part of a page URL")).with_help(format!(
                "page files and folders are named with lowercase letters, digits and hyphens, such as `{}.md`",
                crate::text::slug::slugify(part)
            )));
        }
    }
    if let Some(first) = parts.first()
        && RESERVED.contains(first)
    {
        return Err(Diagnostic::in_file(
            file,
            format!("the page URL `/{stem}/` is taken by the site's own `/{first}/` pages"),
        )
        .with_help("rename the file"));
    }
    Ok(stem.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_name_ending_in_a_language_is_that_language_s_text() {
        let languages = ["en".to_owned(), "zh-CN".to_owned()];
        let of = |relative: &str| language_of(relative, &languages);
        assert_eq!(of("methodology.md"), Some(("methodology.md".into(), 0)));
        assert_eq!(
            of("methodology.zh-CN.md"),
            Some(("methodology.md".into(), 1))
        );
        assert_eq!(
            of("guides/setup.zh-cn.md"),
            Some(("guides/setup.md".into(), 1))
        );
        assert_eq!(of("methodology.en.md"), Some(("methodology.md".into(), 0)));
        // Not a language: the dot stays in the name (and the URL check
        // refuses it).
        assert_eq!(of("v1.2.md"), Some(("v1.2.md".into(), 0)));
        // A built-in language this site is not built in: left out.
        assert_eq!(language_of("methodology.zh-CN.md", &languages[..1]), None);
    }

    #[test]
    fn parses_front_matter_and_body() {
        let p = parse(
            "content/pages/methodology.md",
            "methodology.md",
            "---\ntitle: Method\norder: 1\n---\n# Hello\n",
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.title, "Method");
        assert_eq!(p.order, Some(1));
        assert_eq!(p.path, "methodology");
        assert_eq!(p.body, "# Hello\n");
    }

    #[test]
    fn a_byte_order_mark_before_the_front_matter_is_left_out() {
        let p = parse("f.md", "f.md", "\u{feff}---\ntitle: Bom\n---\n# Hi\n")
            .unwrap()
            .unwrap();
        assert_eq!((p.title.as_str(), p.body.as_str()), ("Bom", "# Hi\n"));
        let e = parse(
            "f.md",
            "f.md",
            "\u{feff}---\r\ntitle: T\r\ntitel: x\r\n---\r\n",
        )
        .unwrap_err();
        assert_eq!(e[0].position.map(|p| p.line), Some(3));
        // One mark only: a second one is text before the `---`.
        let e = parse("f.md", "f.md", "\u{feff}\u{feff}---\ntitle: T\n---\n").unwrap_err();
        assert_eq!(e[0].message, "the page has no front matter");
    }

    #[test]
    fn drafts_are_skipped() {
        assert!(
            parse("f.md", "f.md", "---\ntitle: T\ndraft: true\n---\n")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn problems_have_file_line_numbers() {
        let e = parse(
            "content/pages/a.md",
            "a.md",
            "---\ntitle: T\ntitel: x\n---\n",
        )
        .unwrap_err();
        assert_eq!(e[0].message, "unknown key `titel`");
        assert_eq!(e[0].position.map(|p| p.line), Some(3));
        let e = parse(
            "content/pages/Bad Name.md",
            "Bad Name.md",
            "---\ntitle: T\n---\n",
        )
        .unwrap_err();
        assert!(e[0].message.contains("cannot be part of a page URL"));
        let e = parse("content/pages/model.md", "model.md", "---\ntitle: T\n---\n").unwrap_err();
        assert!(e[0].message.contains("taken by the site's own"));
        let e = parse("f.md", "f.md", "no front matter").unwrap_err();
        assert_eq!(e[0].message, "the page has no front matter");
        let e = parse("f.md", "f.md", "---\ntitle: x\n").unwrap_err();
        assert_eq!(e[0].message, "the front matter is not closed");
    }
}
