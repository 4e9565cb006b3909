//! Overrides, themes, static files and GitHub Pages files.

mod common;

use common::Fixture;

#[test]
fn templates_and_theme_files_are_overridden_file_by_file() {
    let site = Fixture::worked_example();
    site.write(
        "templates/404.html",
        "<!DOCTYPE html><title>gone</title><p>custom 404 {{ root }}</p>",
    );
    site.write("themes/default/static/style.css", "body { color: red }");
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("static/docs/readme.txt", "hello");
    site.build();
    assert_eq!(
        site.output("404.html"),
        "<!DOCTYPE html><title>gone</title><p>custom 404 /sub/</p>"
    );
    assert_eq!(site.output("style.css"), "body { color: red }");
    assert_eq!(site.output("docs/readme.txt"), "hello");
    assert!(site.output("logo.svg").starts_with("<svg"));
    // Templates not overridden stay built in.
    assert!(
        site.output("index.html")
            .contains("<link rel=\"stylesheet\" href=\"style.css\">")
    );
}

#[test]
fn a_site_theme_replaces_the_built_in_one() {
    let site = Fixture::worked_example();
    site.write("site.yaml", "title: T\nbase_url: /\ntheme: plain\n");
    site.write("themes/plain/static/style.css", "/* plain */");
    site.write("themes/plain/templates/page.html", "{% extends \"base.html\" %}{% block content %}PLAIN {{ content | safe }}{% endblock content %}");
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nHi *there*\n",
    );
    site.build();
    assert_eq!(site.output("style.css"), "/* plain */");
    assert!(
        site.output("about/index.html")
            .contains("PLAIN <p>Hi <em>there</em></p>")
    );
}

#[test]
fn the_built_in_print_theme_changes_the_stylesheet_only() {
    let site = Fixture::worked_example();
    site.build();
    let default_css = site.output("style.css");
    site.write("site.yaml", "title: T\nbase_url: /\ntheme: print\n");
    site.build();
    let print_css = site.output("style.css");
    assert_ne!(default_css, print_css);
    assert_eq!(
        print_css.as_bytes(),
        include_bytes!("../themes/print/static/style.css")
    );
    assert!(
        site.public().join("rungs.js").is_file() && site.public().join("favicon.svg").is_file()
    );
}

#[test]
fn sitemap_and_robots_list_public_pages() {
    let site = Fixture::worked_example();
    site.build();
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/sub/organizations/x/2025/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/sub/model/d1/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(
        site.output("robots.txt")
            .contains("Sitemap: https://example.org/sub/sitemap.xml")
    );
}

#[test]
fn a_broken_link_in_an_override_fails_the_build() {
    let site = Fixture::worked_example();
    site.build();
    let before = common::snapshot(&site.public());
    site.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\nSee [the model](../model/#no-such-anchor) and [gone](../gone/).\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    assert!(
        err.contains("about/index.html (output)")
            && err.contains("broken link to `model/index.html#no-such-anchor`"),
        "{err}"
    );
    assert!(err.contains("broken link to `gone/index.html`"), "{err}");
    assert_eq!(
        common::snapshot(&site.public()),
        before,
        "the previous output stays"
    );
}

#[test]
fn a_site_may_bring_its_own_robots_txt_but_not_a_sitemap() {
    let site = Fixture::worked_example();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.build();
    assert_eq!(site.output("robots.txt"), "User-agent: *\nDisallow: /\n");
    site.write("static/sitemap.xml", "<urlset/>");
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr()
            .contains("would replace the generated `sitemap.xml`"),
        "{}",
        r.stderr()
    );
}

#[test]
fn unknown_theme_is_an_error() {
    let site = Fixture::worked_example();
    site.write("site.yaml", "title: T\nbase_url: /\ntheme: fancy\n");
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("unknown theme `fancy`") && r.stderr().contains("themes/fancy/"),
        "{}",
        r.stderr()
    );
}

#[test]
fn a_static_file_may_not_replace_a_generated_page() {
    let site = Fixture::worked_example();
    site.write("static/model/index.html", "mine");
    let r = site.run(&["build"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr().contains("static/model/index.html")
            && r.stderr()
                .contains("would replace the generated `model/index.html`"),
        "{}",
        r.stderr()
    );
}

#[test]
fn github_pages_files_and_base_url_override() {
    let site = Fixture::worked_example();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://example.org/\ncname: bench.example.org\n",
    );
    let r = site.run(&["build", "--base-url", "https://owner.github.io/repo"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert_eq!(site.output("CNAME"), "bench.example.org\n");
    assert_eq!(site.output(".nojekyll"), "");
    let home = site.output("index.html");
    assert!(
        home.contains("<link rel=\"canonical\" href=\"https://owner.github.io/repo/\">"),
        "{home}"
    );
    let report = site.output("organizations/x/2025/index.html");
    assert!(
        report.contains("href=\"../../../style.css\""),
        "relative asset links"
    );
    assert!(
        report.contains("https://owner.github.io/repo/organizations/x/2025/"),
        "canonical link"
    );
    // The 404 page may be served at any depth: its links start at the base path.
    assert!(site.output("404.html").contains("href=\"/repo/style.css\""));
}

#[test]
fn unpublished_assessments_have_no_page_and_no_export_row() {
    let site = Fixture::worked_example();
    site.write(
        "content/assessments/y.yaml",
        common::EXAMPLE_Y.replace("period:", "publish: false\nperiod:"),
    );
    site.build();
    assert!(!site.public().join("organizations/y").exists());
    let results = site.results();
    assert_eq!(results["assessments"].as_array().unwrap().len(), 1);
    let csv = site.output("data/results.csv");
    assert!(!csv.contains("Example Y"));
    assert!(
        !site
            .output("organizations/index.html")
            .contains("Example Y")
    );

    // publish_reports: false hides all but those that opt in.
    site.write(
        "site.yaml",
        "title: T\nbase_url: /\npublish_reports: false\n",
    );
    site.write(
        "content/assessments/x.yaml",
        common::EXAMPLE_X.replace("period:", "publish: true\nperiod:"),
    );
    site.build();
    let results = site.results();
    let orgs: Vec<&str> = results["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["organization"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, vec!["x"]);
}

#[test]
fn model_json_and_csv_shapes() {
    let site = Fixture::worked_example();
    site.build();
    let model: serde_json::Value = serde_json::from_str(&site.output("data/model.json")).unwrap();
    assert_eq!(model["id"], "example");
    assert_eq!(model["max_level"], 3);
    assert_eq!(model["scoring"], "gated");
    assert_eq!(model["dimensions"][0]["weight"], 2.0);
    assert_eq!(
        model["dimensions"][1]["capabilities"][0]["requirements"][0][1]["id"],
        "c2"
    );
    assert_eq!(
        model["dimensions"][0]["capabilities"][0]["requirements"][2],
        "a3"
    );
    let csv = site.output("data/results.csv");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("organization,name,period,assessed_on,method,level,score,attribute:sector,dimension:d1:level,dimension:d1:score"), "{header}");
    let x = lines.next().unwrap();
    assert!(x.starts_with("x,Example X,2025,,,1,1.7"), "{x}");
    let y = lines.next().unwrap();
    assert!(y.contains(",1,1,"), "{y}");
    assert!(csv.ends_with("\r\n"));
}
