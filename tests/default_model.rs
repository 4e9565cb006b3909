//! The embedded default: a Digital Supply Chain Maturity Model in the shape
//! of ITU-T Y.4910, and the pages that explain the method.

use rungs::domain::builtin::{DEFAULT_MODEL, DEFAULT_PAGES, DEFAULT_PAGES_ZH_CN};
use rungs::domain::model::Requirement;
use rungs::input::model;

#[test]
fn default_model_has_the_shape_of_y4910() {
    let m = model::parse("content/model.yaml", DEFAULT_MODEL).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(m.id, "dscmm");
    let levels: Vec<(u32, &str)> = m
        .levels
        .iter()
        .map(|l| (l.number, l.name.as_str()))
        .collect();
    assert_eq!(
        levels[1..],
        [
            (1, "Initial starting"),
            (2, "Unit optimization"),
            (3, "Integrated collaboration"),
            (4, "Full-chain collaboration"),
            (5, "Ecosystem intelligence"),
        ]
    );
    assert_eq!(levels[0].0, 0, "level 0 is named");
    assert_eq!(m.max_level(), 5);
    let dims: Vec<&str> = m.dimensions.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        dims,
        [
            "System design",
            "Platform empowerment",
            "Business operation",
            "Efficiency and benefit"
        ]
    );
    let count = m.capability_count();
    assert!((15..=20).contains(&count), "{count} capabilities");
    for (_, cap) in m.capabilities() {
        assert!(cap.description.is_some(), "{} has a description", cap.id);
        assert_eq!(cap.requirements.len(), 5, "{}", cap.id);
        for (i, req) in cap.requirements.iter().enumerate() {
            let Requirement::Criteria(criteria) = req else {
                panic!("{} level {} has no criteria", cap.id, i + 1)
            };
            assert!(
                (2..=4).contains(&criteria.len()),
                "{} level {}: {} criteria",
                cap.id,
                i + 1,
                criteria.len()
            );
            for c in criteria {
                assert!(c.text.len() > 40, "{}: criteria are real sentences", c.id);
            }
        }
    }
    for l in &m.levels {
        assert!(
            l.description.is_some(),
            "level {} has a description",
            l.number
        );
    }
    let description = m.description.as_deref().unwrap_or("");
    assert!(
        description.contains("Y.4910") && description.contains("original"),
        "the model says where its structure comes from and that its text is original"
    );
}

#[test]
fn embedded_pages_are_the_repository_pages() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/pages");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    on_disk.sort();
    // The Chinese pages are embedded under the English names, for a site
    // written in Chinese alone (`rungs init --language zh-CN`).
    let mut embedded: Vec<String> = DEFAULT_PAGES
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .chain(
            DEFAULT_PAGES_ZH_CN
                .iter()
                .map(|(n, _)| n.replace(".md", ".zh-CN.md")),
        )
        .collect();
    embedded.sort();
    assert_eq!(
        embedded, on_disk,
        "builtin::DEFAULT_PAGES and DEFAULT_PAGES_ZH_CN list every page of content/pages"
    );
    for (name, text) in DEFAULT_PAGES.iter().chain(DEFAULT_PAGES_ZH_CN) {
        let page = rungs::input::pages::parse(name, name, text)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
            .unwrap();
        assert!(page.body.len() > 1500, "{name} is a real page");
        let zh = DEFAULT_PAGES_ZH_CN.iter().find(|(n, _)| n == name);
        assert!(zh.is_some(), "{name} has a Chinese twin");
    }
    assert_eq!(
        std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/model.yaml")
        )
        .unwrap(),
        DEFAULT_MODEL
    );
}
