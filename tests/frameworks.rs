//! The ready-made models of other frameworks (issue #20): the example sites
//! `examples/sites/samm` (shaped after OWASP SAMM 2), `examples/sites/c2m2`
//! (after C2M2 v2.1) and `examples/sites/gbt39116` (after GB/T 39116-2020, in
//! Chinese and English). Each is built with the real binary; its model page
//! must list every dimension and capability, and the scoring rule each model
//! documents is checked against numbers worked out here by hand.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_close, rungs};
use serde_json::Value;

/// The folder of an example site.
fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/sites")
        .join(name)
}

/// A built site: its output folder, kept as long as the value lives.
struct Built {
    _dir: tempfile::TempDir,
    public: PathBuf,
}

impl Built {
    /// An output file as text.
    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// `data/results.json`, parsed.
    fn results(&self) -> Value {
        serde_json::from_str(&self.read("data/results.json")).expect("results.json is JSON")
    }

    /// `data/model.json`, parsed.
    fn model(&self) -> Value {
        serde_json::from_str(&self.read("data/model.json")).expect("model.json is JSON")
    }
}

/// Runs `rungs build SITE -o DIR` into a fresh folder and asserts exit 0.
fn build(site: &Path) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let public = dir.path().join("public");
    let r = rungs(&[
        "build".as_ref(),
        site.as_os_str(),
        "-o".as_ref(),
        public.as_os_str(),
        "-q".as_ref(),
    ]);
    assert_eq!(
        r.code(),
        0,
        "building {} failed:\n{}",
        site.display(),
        r.stderr()
    );
    Built { _dir: dir, public }
}

/// A copy of an example site in a temporary folder, without any output.
fn copy_of(name: &str) -> tempfile::TempDir {
    let from = example(name);
    let to = tempfile::tempdir().expect("temp dir");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("walk the example site");
        let rel = entry.path().strip_prefix(&from).expect("below the site");
        if rel.starts_with("public") {
            continue;
        }
        let target = to.path().join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
    to
}

/// `rungs check --format json SITE`: it must succeed with no warning, such as
/// a text without a translation or a page missing in a language.
fn check_without_warnings(site: &Path) {
    let r = rungs(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        site.as_os_str(),
    ]);
    assert_eq!(r.code(), 0, "{}{}", r.stdout(), r.stderr());
    let report: Value = serde_json::from_str(&r.stdout()).expect("check prints JSON");
    assert_eq!(report["ok"], true);
    assert_eq!(
        report["warnings"],
        serde_json::json!([]),
        "{}: warnings",
        site.display()
    );
    let assessments = report["assessments"].as_u64().expect("a count");
    assert!(
        (12..=30).contains(&assessments),
        "{}: {assessments} sample assessments, expected a small set",
        site.display()
    );
}

/// How the templates write a name into HTML.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Asserts the page names every dimension and capability of `names`.
fn lists_names(page: &str, what: &str, names: &[(&str, &[&str])]) {
    for (dimension, capabilities) in names {
        assert!(
            page.contains(&html(dimension)),
            "{what}: dimension {dimension} missing"
        );
        for capability in *capabilities {
            assert!(
                page.contains(&html(capability)),
                "{what}: capability {capability} missing"
            );
        }
    }
}

/// Counts dimensions, capabilities and criteria of `data/model.json`.
fn counts(model: &Value) -> (usize, usize, usize) {
    let dimensions = model["dimensions"].as_array().expect("dimensions");
    let capabilities: Vec<&Value> = dimensions
        .iter()
        .flat_map(|d| d["capabilities"].as_array().expect("capabilities"))
        .collect();
    let criteria = capabilities
        .iter()
        .flat_map(|c| c["requirements"].as_array().expect("requirements"))
        .map(|r| r.as_array().map_or(0, Vec::len))
        .sum();
    (dimensions.len(), capabilities.len(), criteria)
}

/// The ids of every capability of an example site's model, in model order.
fn capability_ids(name: &str) -> Vec<String> {
    let path = example(name).join("content/model.yaml");
    let source = fs::read_to_string(&path).expect("read the model");
    let model = rungs::input::model::parse("content/model.yaml", &source)
        .unwrap_or_else(|_| panic!("{} does not parse", path.display()));
    model
        .dimensions
        .iter()
        .flat_map(|d| d.capabilities.iter().map(|c| c.id.clone()))
        .collect()
}

/// The record of one assessment in `data/results.json`.
fn record<'a>(results: &'a Value, org: &str, period: &str) -> &'a Value {
    results["assessments"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|r| r["organization"] == org && r["period"] == period)
        })
        .unwrap_or_else(|| panic!("no record for {org} {period}"))
}

// ---------------------------------------------------------------- SAMM

const SAMM: &[(&str, &[&str])] = &[
    (
        "Governance",
        &[
            "Strategy & Metrics",
            "Policy & Compliance",
            "Education & Guidance",
        ],
    ),
    (
        "Design",
        &[
            "Threat Assessment",
            "Security Requirements",
            "Security Architecture",
        ],
    ),
    (
        "Implementation",
        &["Secure Build", "Secure Deployment", "Defect Management"],
    ),
    (
        "Verification",
        &[
            "Architecture Assessment",
            "Requirements-driven Testing",
            "Security Testing",
        ],
    ),
    (
        "Operations",
        &[
            "Incident Management",
            "Environment Management",
            "Operational Management",
        ],
    ),
];

/// SAMM's answer scale, as the model names it.
fn samm_answer(name: &str) -> f64 {
    match name {
        "no" => 0.0,
        "some" => 0.25,
        "half" => 0.5,
        "most" => 1.0,
        other => panic!("not a SAMM answer: {other}"),
    }
}

/// SAMM's practice score: over the levels, the mean of the two streams.
fn samm_practice_score(answers: &[(&str, &str)]) -> f64 {
    answers
        .iter()
        .map(|(a, b)| (samm_answer(a) + samm_answer(b)) / 2.0)
        .sum()
}

#[test]
fn samm_site_builds_and_lists_its_model() {
    let site = example("samm");
    check_without_warnings(&site);
    let built = build(&site);
    let page = built.read("model/index.html");
    lists_names(&page, "SAMM model page", SAMM);
    let model = built.model();
    assert_eq!(model["id"], "samm-shaped");
    assert_eq!(model["scoring"], "mean");
    assert_eq!(model["max_level"], 3);
    // 5 business functions, 15 practices, 2 streams x 3 levels each.
    assert_eq!(counts(&model), (5, 15, 90));
    // Each level of each practice has one criterion per stream: `sm-a1`, `sm-b1`...
    let strategy = &model["dimensions"][0]["capabilities"][0];
    assert_eq!(strategy["name"], "Strategy & Metrics");
    let ids: Vec<&str> = strategy["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sm-a1", "sm-b1", "sm-a2", "sm-b2", "sm-a3", "sm-b3"]);
    // The about page says what the model is shaped after.
    assert!(built.read("about/index.html").contains("OWASP SAMM 2"));
    // Its pages call the parts by SAMM's names (`terms:`).
    assert!(
        page.contains(">Business functions</h2>"),
        "SAMM's dimensions"
    );
    assert!(page.contains(">Security practices by maturity level</h2>"));
    assert!(!page.contains(">Capabilities") && !page.contains(">Dimensions"));
}

#[test]
fn samm_practice_score_is_the_sum_of_the_stream_means() {
    let site = copy_of("samm");
    // Strategy & Metrics, answered by hand: level 1 A most, B half; level 2
    // A some, B no; level 3 unanswered (No).
    let strategy = [("most", "half"), ("some", "no"), ("no", "no")];
    // Policy & Compliance: most for both streams at levels 1 and 2.
    let policy = [("most", "most"), ("most", "most"), ("no", "no")];
    let mut capabilities = String::from("capabilities:\n");
    capabilities.push_str(&format!(
        "  strategy-metrics:\n    criteria: {{sm-a1: {}, sm-b1: {}, sm-a2: {}, sm-b2: \"{}\"}}\n",
        strategy[0].0, strategy[0].1, strategy[1].0, strategy[1].1
    ));
    capabilities.push_str(&format!(
        "  policy-compliance:\n    criteria: {{pc-a1: {}, pc-b1: {}, pc-a2: {}, pc-b2: {}, pc-a3: \"no\"}}\n",
        policy[0].0, policy[0].1, policy[1].0, policy[1].1
    ));
    capabilities.push_str("  education-guidance:\n    levels: {1: 0.5}\n");
    // Every practice of the other four business functions at level 1.
    let ids = capability_ids("samm");
    assert_eq!(ids.len(), 15);
    for id in &ids[3..] {
        capabilities.push_str(&format!("  {id}:\n    level: 1\n"));
    }
    let assessment = format!(
        "organization: {{id: hand-scored, name: Hand Scored Ltd, sector: machinery, size: medium, region: eu}}\n\
         period: \"2025\"\npublish: true\n{capabilities}"
    );
    fs::write(
        site.path()
            .join("content/assessments/2025/hand-scored-2025.yaml"),
        assessment,
    )
    .unwrap();
    let built = build(site.path());
    let results = built.results();
    let r = record(&results, "hand-scored", "2025");

    let strategy_score = samm_practice_score(&strategy);
    assert_close(&Value::from(strategy_score), 0.875, "the hand sum itself");
    assert_close(
        &r["capabilities"]["strategy-metrics"]["score"],
        strategy_score,
        "Strategy & Metrics: 0.75 + 0.125 + 0",
    );
    assert_eq!(r["capabilities"]["strategy-metrics"]["level"], 0);
    let policy_score = samm_practice_score(&policy);
    assert_close(
        &r["capabilities"]["policy-compliance"]["score"],
        policy_score,
        "Policy & Compliance: 1 + 1 + 0",
    );
    assert_eq!(r["capabilities"]["policy-compliance"]["level"], 2);
    // A business function is the mean of its practices, the whole the mean
    // of the business functions.
    let governance = (strategy_score + policy_score + 0.5) / 3.0;
    assert_close(
        &r["dimensions"]["governance"]["score"],
        governance,
        "Governance",
    );
    assert_close(&r["dimensions"]["design"]["score"], 1.0, "Design");
    assert_close(&r["score"], (governance + 4.0) / 5.0, "overall");
    assert_eq!(r["level"], 1);
    // The report shows 0.875 rounded down to two decimals.
    let report = built.read("organizations/hand-scored/2025/index.html");
    assert!(report.contains("0.87"), "Strategy & Metrics shown as 0.87");
    // The roadmap to level 2 lists both streams of Strategy & Metrics'
    // level 2, answered below "most".
    let roadmap = built.read("organizations/hand-scored/2025/roadmap/index.html");
    for stream in ["a multi-year security", "the metrics have targets"] {
        assert!(roadmap.contains(stream), "roadmap lists {stream}");
    }
}

// ---------------------------------------------------------------- C2M2

const C2M2: &[(&str, &[&str])] = &[
    (
        "Asset, Change, and Configuration Management",
        &[
            "Manage IT and OT Asset Inventory",
            "Manage IT and OT Asset Configuration",
            "Manage Changes to IT and OT Assets",
            "Management Activities (ASSET)",
        ],
    ),
    (
        "Threat and Vulnerability Management",
        &[
            "Reduce Cybersecurity Vulnerabilities",
            "Respond to Threats and Share Threat Information",
            "Management Activities (THREAT)",
        ],
    ),
    (
        "Risk Management",
        &[
            "Establish and Maintain Cyber Risk Management Strategy and Program",
            "Identify Cyber Risk",
            "Respond to Cyber Risk",
            "Management Activities (RISK)",
        ],
    ),
    (
        "Identity and Access Management",
        &[
            "Establish Identities and Manage Authentication",
            "Control Logical Access",
            "Control Physical Access",
            "Management Activities (ACCESS)",
        ],
    ),
    (
        "Situational Awareness",
        &[
            "Perform Logging",
            "Perform Monitoring",
            "Establish and Maintain Situational Awareness",
            "Management Activities (SITUATION)",
        ],
    ),
    (
        "Event and Incident Response, Continuity of Operations",
        &[
            "Detect Cybersecurity Events",
            "Analyze Cybersecurity Events and Declare Incidents",
            "Respond to Cybersecurity Incidents",
            "Address Cybersecurity in Continuity of Operations",
            "Management Activities (RESPONSE)",
        ],
    ),
    (
        "Third-Party Risk Management",
        &[
            "Identify and Prioritize Third Parties",
            "Manage Third-Party Risk",
            "Management Activities (THIRD-PARTIES)",
        ],
    ),
    (
        "Workforce Management",
        &[
            "Implement Workforce Controls",
            "Increase Cybersecurity Awareness",
            "Develop Cybersecurity Workforce",
            "Management Activities (WORKFORCE)",
        ],
    ),
    (
        "Cybersecurity Architecture",
        &[
            "Establish and Maintain Cybersecurity Architecture Strategy and Program",
            "Implement Network Protections as an Element of the Cybersecurity Architecture",
            "Implement Data Security as an Element of the Cybersecurity Architecture",
            "Management Activities (ARCHITECTURE)",
        ],
    ),
    (
        "Cybersecurity Program Management",
        &[
            "Establish Cybersecurity Program Strategy",
            "Establish and Maintain Cybersecurity Program",
            "Management Activities (PROGRAM)",
        ],
    ),
];

#[test]
fn c2m2_site_builds_and_lists_its_model() {
    let site = example("c2m2");
    check_without_warnings(&site);
    let built = build(&site);
    let page = built.read("model/index.html");
    lists_names(&page, "C2M2 model page", C2M2);
    for level in ["MIL0", "MIL1 Initiated", "MIL2 Performed", "MIL3 Managed"] {
        assert!(page.contains(level), "level {level}");
    }
    let model = built.model();
    assert_eq!(model["id"], "c2m2-shaped");
    assert_eq!(model["scoring"], "gated");
    assert_close(&model["threshold"], 0.8, "threshold");
    // 10 domains; 28 objectives and 10 Management Activities; 5 practices each.
    assert_eq!(counts(&model), (10, 38, 190));
    assert!(built.read("about/index.html").contains("C2M2"));
}

#[test]
fn c2m2_mil_is_gated_on_fully_or_largely_implemented() {
    // Every objective but the three rated by hand is given as MIL1.
    let mut capabilities = String::from("capabilities:\n");
    // Manage IT and OT Asset Inventory: MIL1 fully, MIL2 largely, MIL3 partially.
    capabilities.push_str(
        "  asset-inventory:\n    criteria:\n      asset-inventory-m1a: fully\n      asset-inventory-m1b: fully\n      asset-inventory-m2a: largely\n      asset-inventory-m2b: largely\n      asset-inventory-m3a: partially\n",
    );
    // Manage IT and OT Asset Configuration: one MIL1 practice only partially
    // implemented, so MIL1 is not achieved, as in C2M2.
    capabilities.push_str(
        "  asset-configuration:\n    criteria: {asset-configuration-m1a: fully, asset-configuration-m1b: partially, asset-configuration-m2a: fully, asset-configuration-m2b: fully}\n",
    );
    // THREAT: both objectives fully implemented through MIL2; its Management
    // Activities with one MIL2 practice not implemented.
    capabilities.push_str(
        "  vulnerability-reduction:\n    criteria: {vulnerability-reduction-m1a: fully, vulnerability-reduction-m1b: fully, vulnerability-reduction-m2a: fully, vulnerability-reduction-m2b: fully}\n\
         \x20 threat-response:\n    criteria: {threat-response-m1a: fully, threat-response-m1b: fully, threat-response-m2a: fully, threat-response-m2b: fully}\n\
         \x20 threat-management:\n    criteria: {threat-management-m1a: fully, threat-management-m2a: fully, threat-management-m2b: \"not\"}\n",
    );
    let by_hand = [
        "asset-inventory",
        "asset-configuration",
        "vulnerability-reduction",
        "threat-response",
        "threat-management",
    ];
    for id in capability_ids("c2m2") {
        if !by_hand.contains(&id.as_str()) {
            capabilities.push_str(&format!("  {id}:\n    level: 1\n"));
        }
    }
    let site = copy_of("c2m2");
    fs::write(
        site.path().join("content/assessments/2025/hand-rated-2025.yaml"),
        format!(
            "organization: {{id: hand-rated, name: Hand Rated Ltd, sector: chemicals, size: large, region: na}}\n\
             period: \"2025\"\npublish: true\n{capabilities}"
        ),
    )
    .unwrap();
    let built = build(site.path());
    let results = built.results();
    let r = record(&results, "hand-rated", "2025");

    // MIL1 (1 + 1) / 2 = 1, MIL2 (0.8 + 0.8) / 2 = 0.8 >= 0.8, MIL3 0.5 < 0.8:
    // MIL2, and the score adds the progress into MIL3.
    let inventory = &r["capabilities"]["asset-inventory"];
    assert_eq!(inventory["level"], 2, "fully, largely, partially: MIL2");
    assert_close(&inventory["score"], 2.0 + 0.5, "asset-inventory");
    // MIL1 (1 + 0.5) / 2 = 0.75 < 0.8: MIL0, however complete MIL2 is.
    let configuration = &r["capabilities"]["asset-configuration"];
    assert_eq!(
        configuration["level"], 0,
        "a partially implemented MIL1 practice"
    );
    assert_close(&configuration["score"], 0.75, "asset-configuration");
    // Where the approximation differs: THREAT's MIL2 vector is the mean of
    // 1, 1 and (1 + 0) / 2 = 0.5, i.e. 0.8333 >= 0.8, so the domain reaches
    // MIL2 although one practice is not implemented (C2M2: MIL1).
    assert_eq!(r["capabilities"]["threat-management"]["level"], 1);
    let threat = &r["dimensions"]["threat"];
    assert_eq!(threat["level"], 2, "THREAT reaches MIL2 by the mean");
    assert_close(&threat["score"], 2.0, "THREAT: MIL2, nothing at MIL3");
    // The report shows the MIL names and the rating labels.
    let report = built.read("organizations/hand-rated/2025/index.html");
    assert!(report.contains("MIL2 Performed"));
}

// ---------------------------------------------------------------- GB/T 39116

/// Dimensions and capabilities in Chinese and in English.
const GBT_ZH: &[(&str, &[&str])] = &[
    ("人员", &["组织战略", "人员技能"]),
    ("技术", &["数据", "集成", "信息安全"]),
    ("资源", &["装备", "网络"]),
    (
        "制造",
        &[
            "产品设计",
            "工艺设计",
            "采购",
            "计划与调度",
            "生产作业",
            "设备管理",
            "仓储配送",
            "安全环保",
            "能源管理",
            "物流",
            "销售",
            "客户服务",
            "产品服务",
        ],
    ),
];

const GBT_EN: &[(&str, &[&str])] = &[
    (
        "Personnel",
        &["Organisational strategy", "Personnel skills"],
    ),
    (
        "Technology",
        &["Data", "Integration", "Information security"],
    ),
    ("Resources", &["Equipment", "Network"]),
    (
        "Manufacturing",
        &[
            "Product design",
            "Process design",
            "Procurement",
            "Planning and scheduling",
            "Production operations",
            "Equipment management",
            "Warehousing and distribution",
            "Safety and environmental protection",
            "Energy management",
            "Logistics",
            "Sales",
            "Customer service",
            "Product service",
        ],
    ),
];

const GBT_LEVELS_ZH: [&str; 5] = ["规划级", "规范级", "集成级", "优化级", "引领级"];
const GBT_LEVELS_EN: [&str; 5] = [
    "Planning",
    "Standardised",
    "Integrated",
    "Optimised",
    "Leading",
];

#[test]
fn gbt39116_site_is_chinese_at_the_root_and_english_under_en() {
    let site = example("gbt39116");
    // No text of the model, site.yaml or pages lacks its translation.
    check_without_warnings(&site);
    let built = build(&site);

    // zh-CN is the first language: the root.
    let home = built.read("index.html");
    let model_page = built.read("model/index.html");
    assert!(home.contains("<html lang=\"zh-CN\""));
    for page in [&home, &model_page] {
        assert!(page.contains("规划级"), "the root shows 规划级");
        assert!(page.contains("人员"), "the root shows 人员");
    }
    for level in GBT_LEVELS_ZH {
        assert!(model_page.contains(level), "{level}");
    }
    lists_names(&model_page, "zh-CN model page", GBT_ZH);
    assert!(built.read("about/index.html").contains("GB/T 39116-2020"));

    // English under /en/.
    let home_en = built.read("en/index.html");
    let model_en = built.read("en/model/index.html");
    assert!(home_en.contains("<html lang=\"en\""));
    for page in [&home_en, &model_en] {
        assert!(page.contains("Planning"), "/en/ shows Planning");
        assert!(page.contains("Personnel"), "/en/ shows Personnel");
        assert!(!page.contains("规划级"), "no Chinese level name in /en/");
        assert!(!page.contains("人员"), "no Chinese dimension name in /en/");
    }
    for level in GBT_LEVELS_EN {
        assert!(model_en.contains(level), "{level}");
    }
    lists_names(&model_en, "en model page", GBT_EN);
    assert!(
        built
            .read("en/about/index.html")
            .contains("GB/T 39116-2020")
    );
    // And no English name of the model on the Chinese pages.
    for page in [&home, &model_page] {
        assert!(!page.contains("Personnel"));
        assert!(!page.contains("Planning"));
    }

    let model = built.model();
    assert_eq!(model["id"], "gbt39116-shaped");
    assert_eq!(model["scoring"], "gated");
    assert_eq!(model["max_level"], 5);
    // 4 capability elements, 20 capabilities, 2 criteria per level.
    assert_eq!(counts(&model), (4, 20, 200));
    // A report at the root reads its level in Chinese, under /en/ in English.
    let results = built.results();
    let above_zero = results["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["level"].as_u64().is_some_and(|l| l > 0))
        .expect("a sample assessment above level 0");
    let org = above_zero["organization"].as_str().unwrap();
    let period = above_zero["period"].as_str().unwrap();
    let level = usize::try_from(above_zero["level"].as_u64().unwrap()).unwrap();
    let zh = built.read(&format!("organizations/{org}/{period}/index.html"));
    assert!(
        zh.contains(GBT_LEVELS_ZH[level - 1]),
        "{org} {period} in Chinese"
    );
    let en = built.read(&format!("en/organizations/{org}/{period}/index.html"));
    assert!(
        en.contains(GBT_LEVELS_EN[level - 1]),
        "{org} {period} in English"
    );
}

/// `rungs init --model NAME` writes each ready model with its own
/// configuration and pages and fresh sample data; the site checks without
/// a warning and builds, and its model is the example site's.
#[test]
fn init_writes_each_ready_model() {
    for name in ["samm", "c2m2", "gbt39116"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join(name);
        let r = rungs(&[
            "init".as_ref(),
            site.as_os_str(),
            "--model".as_ref(),
            name.as_ref(),
            "-q".as_ref(),
        ]);
        assert_eq!(r.code(), 0, "{name}: {}", r.stderr());
        assert_eq!(
            fs::read_to_string(site.join("content/model.yaml")).expect("model"),
            fs::read_to_string(example(name).join("content/model.yaml")).expect("example model"),
            "{name}: the example's model"
        );
        assert!(site.join("content/pages/about.md").is_file());
        check_without_warnings(&site);
        let built = build(&site);
        let model = built.model();
        assert_eq!(
            counts(&model),
            counts(&build(&example(name)).model()),
            "{name}"
        );
    }
    // A ready model is written in its own languages only.
    let dir = tempfile::tempdir().expect("temp dir");
    let r = rungs(&[
        "init".as_ref(),
        dir.path().join("s").as_os_str(),
        "--model".as_ref(),
        "samm".as_ref(),
        "--language".as_ref(),
        "zh-CN".as_ref(),
    ]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(
        r.stderr().contains("the samm model is written in en only"),
        "{}",
        r.stderr()
    );
}
