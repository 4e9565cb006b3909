//! Deterministic sample data: fictional manufacturers assessed against a
//! model over several periods, written as assessment files (`formats.md`).
//!
//! The data is built to look like a real sector benchmark. Each organisation
//! has a latent maturity driven by its sector and size plus noise; each
//! capability deviates from it with correlated noise (a shared component per
//! dimension and a small one per capability). Organisations mostly improve
//! from period to period, some regress for a period, and a few join late.
//! The latent level of a capability is turned into one of the four forms of
//! `formats.md` so that the scored level lies near it.
//!
//! The same model and [`SampleOptions`] always give byte-identical files:
//! randomness comes from a seeded xoshiro256** generator, nothing depends on
//! hash-map order or the clock, and numbers are printed from integer
//! hundredths. Each organisation and each assessment draws from its own
//! stream, so files can be streamed with [`generate_each`] without holding
//! them.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::score::{self, AssessmentScores};
use crate::domain::assessment::{Assessment, CapabilityInput, Form, Organization};
use crate::domain::model::{Model, Requirement};

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleOptions {
    /// How many organisations (each assessed in every period from the one it
    /// joins in).
    pub organizations: usize,
    /// Periods in chronological order, such as `["2023", "2024", "2025"]`.
    /// They must be valid, distinct periods (see
    /// [`crate::input::assessment::is_period`]); a period that starts with four
    /// digits is taken as the year of `assessed_on`.
    pub periods: Vec<String>,
    /// Seed of the pseudo-random generator: the same seed gives the same files.
    pub seed: u64,
}

impl Default for SampleOptions {
    /// The benchmark's default sample: 80 organisations, 2023 to 2025, seed 42.
    fn default() -> Self {
        SampleOptions {
            organizations: 80,
            periods: vec!["2023".to_owned(), "2024".to_owned(), "2025".to_owned()],
            seed: 42,
        }
    }
}

/// One generated assessment file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleFile {
    /// Path relative to the assessments folder, with `/` separators, such as
    /// `2024/northwind-castings-2024.yaml`.
    pub path: String,
    /// The YAML text.
    pub text: String,
}

/// Generates every file at once; see [`generate_each`] for the order.
pub fn generate(model: &Model, options: &SampleOptions) -> Vec<SampleFile> {
    let mut files = Vec::new();
    generate_each(model, options, |f| files.push(f));
    files
}

/// Generates the files one by one and hands each to `f`, holding only one
/// organisation's state at a time (for samples of 100,000 files).
///
/// Files come organisation by organisation, each organisation's periods in
/// the given order; an organisation that joins late has no files for the
/// periods before it joined.
pub fn generate_each(model: &Model, options: &SampleOptions, mut f: impl FnMut(SampleFile)) {
    let plan = Plan::new(model, options);
    let mut used_ids = BTreeSet::new();
    for index in 0..options.organizations {
        let org = plan.organization(index, &mut used_ids);
        let mut previous: Option<Previous> = None;
        for p in org.start..options.periods.len() {
            let (file, scores) = plan.assessment(&org, p, previous.as_ref());
            f(file);
            previous = Some(Previous {
                period: p,
                overall: scores.overall.score,
                capabilities: scores
                    .capabilities
                    .iter()
                    .map(|c| c.as_ref().map(|s| s.score))
                    .collect(),
            });
        }
    }
}

// ---------------------------------------------------------------------------
// Pseudo-random numbers: SplitMix64 for seeding, xoshiro256** for drawing.
// Only additions, multiplications and comparisons of floats are used, so
// the draws are the same on every platform.

struct Rng {
    s: [u64; 4],
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(GOLDEN);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent stream for `seed` and a path of tags.
    fn stream(seed: u64, tags: &[u64]) -> Rng {
        let mut h = seed;
        for &t in tags {
            let mut x = t ^ splitmix(&mut h);
            h = splitmix(&mut x);
        }
        let mut sm = h;
        Rng {
            s: [
                splitmix(&mut sm),
                splitmix(&mut sm),
                splitmix(&mut sm),
                splitmix(&mut sm),
            ],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Roughly normal with mean 0 and this standard deviation (a scaled sum
    /// of four uniforms: bounded tails, no transcendental functions).
    fn normal(&mut self, sd: f64) -> f64 {
        let sum = self.unit() + self.unit() + self.unit() + self.unit();
        (sum - 2.0) * 1.732_050_807_568_877_2 * sd
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn with these relative weights.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

const TAG_GLOBAL: u64 = 1;
const TAG_ORGANIZATION: u64 = 2;
const TAG_NAME: u64 = 3;
const TAG_ASSESSMENT: u64 = 4;

// ---------------------------------------------------------------------------
// Word lists.

struct Sector {
    id: &'static str,
    /// Relative share among the regular sectors.
    weight: u64,
    /// Latent maturity on a 0..5 scale.
    base: f64,
    suffixes: &'static [&'static str],
}

/// The regular sectors, then aerospace (kept below the minimum cohort size).
const SECTORS: [Sector; 8] = [
    Sector {
        id: "automotive",
        weight: 12,
        base: 2.45,
        suffixes: &[
            "Automotive",
            "Castings",
            "Drivetrain",
            "Components",
            "Motor Parts",
            "Chassis Systems",
            "Axle Works",
            "Seating Systems",
        ],
    },
    Sector {
        id: "electronics",
        weight: 11,
        base: 2.6,
        suffixes: &[
            "Electronics",
            "Semiconductors",
            "Circuits",
            "Sensors",
            "Devices",
            "Microsystems",
            "Power Electronics",
            "Photonics",
        ],
    },
    Sector {
        id: "food-beverage",
        weight: 11,
        base: 1.75,
        suffixes: &[
            "Foods",
            "Dairy",
            "Beverages",
            "Bakeries",
            "Brewing",
            "Provisions",
            "Nutrition",
            "Mills",
        ],
    },
    Sector {
        id: "pharmaceuticals",
        weight: 9,
        base: 2.55,
        suffixes: &[
            "Pharma",
            "Pharmaceuticals",
            "Life Sciences",
            "Biologics",
            "Laboratories",
            "Therapeutics",
            "Generics",
        ],
    },
    Sector {
        id: "machinery",
        weight: 13,
        base: 2.05,
        suffixes: &[
            "Machinery",
            "Machine Tools",
            "Hydraulics",
            "Engineering",
            "Pumps",
            "Robotics",
            "Industrial Equipment",
            "Gearworks",
        ],
    },
    Sector {
        id: "textiles",
        weight: 9,
        base: 1.5,
        suffixes: &[
            "Textiles", "Weaving", "Apparel", "Fibres", "Knitwear", "Spinning", "Fabrics",
        ],
    },
    Sector {
        id: "chemicals",
        weight: 10,
        base: 2.2,
        suffixes: &[
            "Chemicals",
            "Polymers",
            "Coatings",
            "Specialty Chemicals",
            "Resins",
            "Adhesives",
            "Plastics",
        ],
    },
    Sector {
        id: "aerospace",
        weight: 0,
        base: 2.4,
        suffixes: &["Aerospace", "Aerostructures", "Avionics", "Flight Systems"],
    },
];
const AEROSPACE: usize = 7;

struct Size {
    id: &'static str,
    weight: u64,
    /// Shift of the latent maturity.
    shift: f64,
    /// Share of third-party assessments.
    third_party: f64,
}

const SIZES: [Size; 3] = [
    Size {
        id: "small",
        weight: 35,
        shift: -0.45,
        third_party: 0.22,
    },
    Size {
        id: "medium",
        weight: 40,
        shift: 0.0,
        third_party: 0.4,
    },
    Size {
        id: "large",
        weight: 25,
        shift: 0.45,
        third_party: 0.65,
    },
];

struct Region {
    id: &'static str,
    weight: u64,
    legal_forms: &'static [&'static str],
}

const REGIONS: [Region; 4] = [
    Region {
        id: "eu",
        weight: 40,
        legal_forms: &[
            "GmbH", "GmbH", "AG", "Ltd.", "Ltd.", "S.A.", "AB", "B.V.", "S.p.A.", "Oy", "A/S",
            "S.r.l.",
        ],
    },
    Region {
        id: "na",
        weight: 25,
        legal_forms: &["Inc.", "Inc.", "Co.", "LLC", "Corp."],
    },
    Region {
        id: "apac",
        weight: 25,
        legal_forms: &["K.K.", "Co., Ltd.", "Co., Ltd.", "Pte. Ltd.", "Pty Ltd"],
    },
    Region {
        id: "latam",
        weight: 10,
        legal_forms: &["S.A.", "S.A. de C.V.", "Ltda."],
    },
];

const PREFIXES: &[&str] = &[
    "Northwind",
    "Kestrel",
    "Blue Harbor",
    "Ironbridge",
    "Silver Birch",
    "Redstone",
    "Harrow",
    "Eastgate",
    "Westmark",
    "Cobalt",
    "Granite Peak",
    "Lakeshore",
    "Alder",
    "Crescent",
    "Falcon Ridge",
    "Osprey",
    "Pinecrest",
    "Riverbend",
    "Stonebridge",
    "Three Rivers",
    "Highland",
    "Oakridge",
    "Brightwater",
    "Copperfield",
    "Evergreen",
    "Fairhaven",
    "Goldcrest",
    "Harbor Point",
    "Juniper",
    "Larkspur",
    "Norrland",
    "Quarry Hill",
    "Ravenscroft",
    "Saltmarsh",
    "Thornbury",
    "Vantage",
    "Willow Creek",
    "Amberley",
    "Bellhaven",
    "Cedar Vale",
    "Driftwood",
    "Elmstead",
    "Foxglove",
    "Greystone",
    "Hollin",
    "Ivybridge",
    "Kingsmere",
    "Lindqvist",
    "Marlowe",
    "Nordhavn",
    "Oberland",
    "Pemberton",
    "Rosenthal",
    "Sakura Valley",
    "Tamarind",
    "Valdemar",
    "Wexford",
    "Yarrow",
    "Zephyr",
    "Andes Peak",
    "Baltic",
    "Coral Bay",
    "Danube",
    "Emerald Coast",
    "Fjordline",
    "Golden Gate",
    "Horizon",
    "Jade River",
    "Kanto",
    "Lotus Bay",
    "Monsoon",
    "Pampas",
];

const MODIFIERS: &[&str] = &[
    "Precision",
    "Advanced",
    "Industrial",
    "United",
    "Continental",
    "Allied",
    "Modern",
    "Integrated",
    "Global",
    "Pacific",
    "Atlantic",
    "Alpine",
];

/// Names with non-ASCII characters or Markdown-relevant punctuation, each
/// with the part of the name its id is made from, its sector and region.
const FEATURED: [(&str, &str, &str, &str); 7] = [
    (
        "Müller Präzisionsteile GmbH",
        "Müller Präzisionsteile",
        "machinery",
        "eu",
    ),
    (
        "Société Générale des Tissus",
        "Société Générale des Tissus",
        "textiles",
        "eu",
    ),
    (
        "東方精密 (Dongfang Precision)",
        "東方精密 (Dongfang Precision)",
        "electronics",
        "apac",
    ),
    (
        "Smith & Sons Tooling Ltd.",
        "Smith & Sons Tooling",
        "machinery",
        "eu",
    ),
    ("Ålesund Sjømat AS", "Ålesund Sjømat", "food-beverage", "eu"),
    (
        "Indústrias Químicas do Paraná S.A.",
        "Indústrias Químicas do Paraná",
        "chemicals",
        "latam",
    ),
    (
        "Çelik Otomotiv Parçaları A.Ş.",
        "Çelik Otomotiv Parçaları",
        "automotive",
        "eu",
    ),
];

const FIRST_NAMES: &[&str] = &[
    "Dana", "Jonas", "Priya", "Mateo", "Aiko", "Chen", "Fatima", "Lukas", "Sofia", "Olu", "Ingrid",
    "Rafael", "Mei", "Tomasz", "Amara", "Henrik", "Lucía", "Kenji", "Zainab", "Pierre", "Nora",
    "Samir", "Elif", "Diego",
];

const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Berg",
    "Raman",
    "Silva",
    "Tanaka",
    "Wei",
    "Haddad",
    "Novak",
    "Lindqvist",
    "Moreau",
    "Kowalski",
    "Adeyemi",
    "Fischer",
    "García",
    "Nakamura",
    "O'Brien",
    "Schmidt",
    "Costa",
    "Ivanova",
    "Patel",
    "Yılmaz",
    "Dubois",
];

const FIRMS: &[&str] = &[
    "Northbeam Assurance",
    "Lumen Supply Chain Consulting",
    "Arcadia Audit Partners",
    "Tessellate Advisory",
    "Keystone Maturity Group",
];

const INTERNAL_ROLES: &[&str] = &[
    "Head of Supply Chain",
    "Director of Operations",
    "Digital Transformation Lead",
    "Supply Chain Excellence Manager",
];

const REASONS: &[&str] = &[
    "Outside the scope agreed for this assessment.",
    "Run by the parent group's shared service centre and assessed at group level.",
    "Fully outsourced to a contract partner under a managed-service agreement.",
    "Not relevant to the current *make-to-order* business model.",
    "Postponed: the function is being reorganised and will be assessed next period.",
];

const ROLES: &[&str] = &[
    "supply chain director",
    "head of planning",
    "procurement lead",
    "IT architect",
    "plant manager",
    "logistics manager",
    "quality manager",
    "data governance lead",
    "customer service manager",
];

const SYSTEMS: &[&str] = &[
    "ERP system",
    "warehouse management system",
    "transport management system",
    "manufacturing execution system",
    "advanced planning system",
    "supplier portal",
    "EDI gateway",
    "data warehouse",
    "track-and-trace platform",
    "customer service portal",
];

const DOCUMENTS: &[&str] = &[
    "process maps",
    "standard operating procedures",
    "KPI dashboards",
    "governance charter and meeting minutes",
    "RACI matrices",
    "improvement roadmap and budget",
    "supplier scorecards",
    "S&OP meeting minutes",
];

const RECORDS: &[&str] = &[
    "purchase orders",
    "production orders",
    "shipments",
    "customer orders",
    "batch records",
    "supplier claims",
    "change requests",
];

const FOLLOW_UPS: &[&str] = &[
    "data ownership",
    "supplier onboarding",
    "master data quality",
    "exception handling",
    "KPI definitions",
    "training of key users",
];

/// Assessor findings, from low to high maturity of the capability.
const FINDINGS: [&[&str]; 4] = [
    &[
        "work still relies on spreadsheets and e-mail between functions",
        "the process is known to a few key people but not written down consistently",
        "data is re-keyed between systems and errors are corrected by hand",
    ],
    &[
        "each function runs its own tools well, but hand-offs between them are manual",
        "indicators exist per department but are not reconciled across the business",
        "the practice is documented, yet applied unevenly across sites",
    ],
    &[
        "processes and data are integrated across functions, with one plan reviewed monthly",
        "end-to-end indicators are reviewed in the monthly S&OP meeting",
        "integration inside the company is in place; links to suppliers are still largely manual",
    ],
    &[
        "key suppliers and logistics partners exchange data system to system",
        "joint indicators are reviewed with partners every quarter",
        "predictive models inform decisions and most exceptions are handled automatically",
    ],
];

/// Evidence texts; see [`fill`] for the placeholders.
const EVIDENCE: &[&str] = &[
    "Reviewed the {doc} for {cap} and interviewed the {role} and the {role2}. {Finding}.",
    "Walkthrough of the {system} with the {role}, plus a sample of {n} {records} from {period}. {Finding}, which matches the ratings above.",
    "Evidence reviewed for {cap}:\n\n- {Doc} ({period})\n- live demonstration of the {system}\n- interviews with the {role} and the {role2}\n\n{Finding}.",
    "Rated in a workshop with {n} participants from planning, procurement and logistics. *{Finding}.* The {doc} were provided as supporting material.",
    "The {role} demonstrated how {cap} is handled in the {system}. {Finding}; the {doc} confirm this.",
    "Site visit at the main plant: the team inspected the {system} and traced {n} {records} end to end. {Finding}. Follow-up agreed on *{follow_up}*.",
    "For {cap}, the {role2} walked the assessors through the {doc}. {Finding}. Interviews with the {role} confirmed the picture.",
];

// ---------------------------------------------------------------------------
// The plan: everything decided once for the whole sample.

struct Plan<'a> {
    model: &'a Model,
    options: &'a SampleOptions,
    /// K, the model's highest level.
    k: u32,
    /// K / 5: the latent values are drawn on a 0..5 scale.
    scale: f64,
    /// Dimension of each capability, in model order.
    dimension_of: Vec<usize>,
    /// A shared offset per capability: some are harder for everyone.
    offsets: Vec<f64>,
    /// Whether form C can express every level of the capability.
    criteria_form: Vec<bool>,
    /// The least satisfaction, in hundredths, that meets the threshold.
    pass: u32,
    /// The greatest progress, in hundredths, below the threshold.
    max_progress: u32,
    /// Rating names and values, in the model's order.
    ratings: Vec<(String, f64)>,
    sector: Vec<u8>,
    size: Vec<u8>,
    region: Vec<u8>,
    /// First period index of each organisation (late joiners above 0).
    start: Vec<u8>,
    featured: Vec<Option<u8>>,
}

/// Counts that split `n` in proportion to `weights` (largest remainder).
fn apportion(n: usize, weights: &[u64]) -> Vec<usize> {
    let total: u64 = weights.iter().sum::<u64>().max(1);
    let n64 = n as u64;
    let mut counts: Vec<usize> = weights.iter().map(|w| (n64 * w / total) as usize).collect();
    let mut rest = n - counts.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (n64 * weights[b] % total)
            .cmp(&(n64 * weights[a] % total))
            .then(a.cmp(&b))
    });
    for i in order {
        if rest == 0 {
            break;
        }
        counts[i] += 1;
        rest -= 1;
    }
    counts
}

/// `counts[i]` copies of `i`, shuffled.
fn shuffled(rng: &mut Rng, counts: &[usize]) -> Vec<u8> {
    let mut list: Vec<u8> = counts
        .iter()
        .enumerate()
        .flat_map(|(i, &c)| std::iter::repeat_n(i as u8, c))
        .collect();
    rng.shuffle(&mut list);
    list
}

impl<'a> Plan<'a> {
    fn new(model: &'a Model, options: &'a SampleOptions) -> Plan<'a> {
        let n = options.organizations;
        let k = model.max_level();
        let threshold = model.threshold;
        let mut rng = Rng::stream(options.seed, &[TAG_GLOBAL]);

        let mut dimension_of = Vec::new();
        let mut criteria_form = Vec::new();
        for (index, cap) in model.capabilities() {
            dimension_of.push(index.dimension);
            criteria_form.push(
                !cap.requirements.is_empty()
                    && cap
                        .requirements
                        .iter()
                        .all(|r| matches!(r, Requirement::Criteria(c) if !c.is_empty())),
            );
        }
        let offsets = dimension_of.iter().map(|_| rng.normal(0.2)).collect();
        let ratings: Vec<(String, f64)> = model
            .ratings
            .iter()
            .map(|r| (r.name.clone(), r.value))
            .collect();
        // Form C needs a rating that meets the threshold.
        if !ratings.iter().any(|(_, v)| *v >= threshold) {
            criteria_form.iter_mut().for_each(|c| *c = false);
        }
        let pass = (0..=100u32)
            .find(|h| f64::from(*h) / 100.0 >= threshold)
            .unwrap_or(100);
        let max_progress = (0..=100u32)
            .rev()
            .find(|h| f64::from(*h) / 100.0 < threshold)
            .unwrap_or(0);

        let aerospace = if n >= 30 { 3 } else { n / 10 };
        let weights: Vec<u64> = SECTORS[..AEROSPACE].iter().map(|s| s.weight).collect();
        let mut counts = apportion(n - aerospace, &weights);
        counts.push(aerospace);
        let sector = shuffled(&mut rng, &counts);
        let weights: Vec<u64> = SIZES.iter().map(|s| s.weight).collect();
        let size = shuffled(&mut rng, &apportion(n, &weights));
        let weights: Vec<u64> = REGIONS.iter().map(|r| r.weight).collect();
        let mut region = shuffled(&mut rng, &apportion(n, &weights));

        // The featured names go to organisations of their sector, spread out.
        let mut featured = vec![None; n];
        for (f, (_, _, sector_id, region_id)) in FEATURED.iter().enumerate() {
            if n == 0 {
                break;
            }
            let s = SECTORS.iter().position(|s| s.id == *sector_id).unwrap_or(0) as u8;
            let from = (f * 13 + 5) % n;
            let Some(j) = (0..n)
                .map(|i| (from + i) % n)
                .find(|&j| sector[j] == s && featured[j].is_none())
            else {
                continue;
            };
            featured[j] = Some(f as u8);
            let r = REGIONS.iter().position(|r| r.id == *region_id).unwrap_or(0) as u8;
            if region[j] != r
                && let Some(m) = (0..n).find(|&m| region[m] == r && featured[m].is_none())
            {
                region.swap(j, m);
            }
        }

        // About 4% join after the first period.
        let periods = options.periods.len();
        let mut start = vec![0u8; n];
        if periods >= 2 {
            let joiners = (n * 4 + 50) / 100;
            let mut placed = 0;
            while placed < joiners {
                let j = rng.below(n);
                if start[j] == 0 {
                    start[j] = (1 + rng.below((periods - 1).min(254))) as u8;
                    placed += 1;
                }
            }
        }

        Plan {
            model,
            options,
            k,
            scale: f64::from(k) / 5.0,
            dimension_of,
            offsets,
            criteria_form,
            pass,
            max_progress,
            ratings,
            sector,
            size,
            region,
            start,
            featured,
        }
    }

    /// The organisation at `index`: name, attributes and latent maturity
    /// of every capability in every period.
    fn organization(&self, index: usize, used_ids: &mut BTreeSet<String>) -> Org {
        let sector = usize::from(self.sector[index]);
        let size = usize::from(self.size[index]);
        let region = usize::from(self.region[index]);
        let (name, id) = self.name(index, sector, region, used_ids);

        let mut rng = Rng::stream(self.options.seed, &[TAG_ORGANIZATION, index as u64]);
        let latent = (SECTORS[sector].base + SIZES[size].shift + rng.normal(0.35)).clamp(0.8, 3.7);
        let dimensions: Vec<f64> = self
            .model
            .dimensions
            .iter()
            .map(|_| rng.normal(0.3))
            .collect();
        let growth = rng.range(0.1, 0.5);
        let periods = self.options.periods.len();
        let regress_at = if periods >= 2 && rng.chance(0.15) {
            Some(1 + rng.below(periods - 1))
        } else {
            None
        };
        let regression = rng.range(0.12, 0.35);
        let caps = self.dimension_of.len();
        let mut values = vec![Vec::with_capacity(caps); periods];
        let mut not_applicable = Vec::with_capacity(caps);
        for c in 0..caps {
            let mut x =
                latent + dimensions[self.dimension_of[c]] + self.offsets[c] + rng.normal(0.15);
            let speed = rng.range(0.5, 1.5);
            for (p, period) in values.iter_mut().enumerate() {
                if p > 0 {
                    x += if regress_at == Some(p) {
                        -regression * rng.range(0.4, 1.6)
                    } else {
                        growth * speed * rng.range(0.7, 1.3)
                    };
                }
                period.push(x * self.scale);
            }
            let na = rng.chance(0.03);
            let reason = rng.pick(REASONS);
            not_applicable.push(na.then_some(reason));
        }
        // At least one capability must be assessed.
        if not_applicable.iter().all(Option::is_some)
            && let Some(first) = not_applicable.first_mut()
        {
            *first = None;
        }
        Org {
            index,
            id,
            name,
            sector,
            size,
            region,
            start: usize::from(self.start[index]),
            not_applicable,
            latent: values,
        }
    }

    /// A unique name and id for an organisation.
    fn name(
        &self,
        index: usize,
        sector: usize,
        region: usize,
        used_ids: &mut BTreeSet<String>,
    ) -> (String, String) {
        let (name, base) = match self.featured[index] {
            Some(f) => {
                let (name, base, _, _) = FEATURED[usize::from(f)];
                (name.to_owned(), base.to_owned())
            }
            None => {
                let mut rng = Rng::stream(self.options.seed, &[TAG_NAME, index as u64]);
                // On a clash, try again: then with a modifier, then with a
                // double-barrelled prefix, before numbering the id.
                let mut attempt = 0;
                loop {
                    let first = rng.below(PREFIXES.len());
                    let mut base = PREFIXES[first].to_owned();
                    if attempt >= 8 {
                        let second = (first + 1 + rng.below(PREFIXES.len() - 1)) % PREFIXES.len();
                        base.push('-');
                        base.push_str(PREFIXES[second]);
                    }
                    if (4..8).contains(&attempt) || rng.chance(0.25) {
                        base.push(' ');
                        base.push_str(rng.pick(MODIFIERS));
                    }
                    base.push(' ');
                    base.push_str(rng.pick(SECTORS[sector].suffixes));
                    let legal = rng.pick(REGIONS[region].legal_forms);
                    attempt += 1;
                    if attempt >= 12 || !used_ids.contains(&slug(&base)) {
                        break (format!("{base} {legal}"), base);
                    }
                }
            }
        };
        let stem = slug(&base);
        let mut id = stem.clone();
        let mut n = 2;
        while used_ids.contains(&id) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        used_ids.insert(id.clone());
        (name, id)
    }

    /// One assessment file, with its scores.
    fn assessment(
        &self,
        org: &Org,
        p: usize,
        previous: Option<&Previous>,
    ) -> (SampleFile, AssessmentScores) {
        let model = self.model;
        let period = &self.options.periods[p];
        let mut rng = Rng::stream(
            self.options.seed,
            &[TAG_ASSESSMENT, org.index as u64, p as u64],
        );
        let k = f64::from(self.k);

        let mut inputs = Vec::with_capacity(org.not_applicable.len());
        let mut body = String::new();
        for (index, cap) in model.capabilities() {
            let c = index.flat;
            body.push_str(&format!("  {}:\n", key(&cap.id)));
            if let Some(reason) = org.not_applicable[c] {
                body.push_str("    not_applicable: true\n");
                body.push_str(&format!("    reason: {}\n", quote(reason)));
                inputs.push(CapabilityInput {
                    form: Form::NotApplicable {
                        reason: Some(reason.to_owned()),
                    },
                    evidence: None,
                });
                continue;
            }
            let x = (org.latent[p][c] + rng.normal(0.05 * self.scale)).clamp(0.0, k);
            let form = if self.criteria_form[c] {
                [Choice::Criteria, Choice::Level, Choice::Levels][rng.weighted(&[59, 26, 15])]
            } else {
                [Choice::Level, Choice::Levels][rng.weighted(&[62, 38])]
            };
            let form = match form {
                Choice::Level => self.level_form(x, &mut body),
                Choice::Levels => self.levels_form(x, &mut rng, &mut body),
                Choice::Criteria => self.criteria_input(cap, x, &mut rng, &mut body),
            };
            let evidence = rng
                .chance(0.31)
                .then(|| evidence(&mut rng, &cap.name, x / k, period));
            if let Some(e) = &evidence {
                body.push_str(&format!("    evidence: {}\n", quote(e)));
            }
            inputs.push(CapabilityInput { form, evidence });
        }

        let scored = score::score(
            model,
            &Assessment::new(
                Organization {
                    id: org.id.clone(),
                    name: org.name.clone(),
                    attributes: BTreeMap::new(),
                },
                period.clone(),
                inputs,
            ),
        );

        let third_party = rng.chance(SIZES[org.size].third_party);
        let assessor = if third_party {
            let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            if rng.chance(0.6) {
                format!("{person} ({})", rng.pick(FIRMS))
            } else {
                person
            }
        } else if rng.chance(0.55) {
            "Internal assessment team".to_owned()
        } else {
            format!(
                "{} {} ({})",
                rng.pick(FIRST_NAMES),
                rng.pick(LAST_NAMES),
                rng.pick(INTERNAL_ROLES)
            )
        };
        let assessed_on = date(&mut rng, period);
        let level = scored.overall.level;
        let target = (level < self.k && rng.chance(0.3)).then(|| {
            if level + 2 <= self.k && rng.chance(0.35) {
                level + 2
            } else {
                level + 1
            }
        });
        let publish = !rng.chance(0.08);
        let summary = self.summary(&mut rng, org, third_party, &scored, previous);

        let o = &org;
        let mut text = format!(
            "# Fictional sample data generated by rungs::sample (seed {}).\n",
            self.options.seed
        );
        text.push_str("organization:\n");
        text.push_str(&format!("  id: {}\n", quote(&o.id)));
        text.push_str(&format!("  name: {}\n", quote(&o.name)));
        text.push_str(&format!("  sector: {}\n", quote(SECTORS[o.sector].id)));
        text.push_str(&format!("  size: {}\n", quote(SIZES[o.size].id)));
        text.push_str(&format!("  region: {}\n", quote(REGIONS[o.region].id)));
        text.push_str(&format!("period: {}\n", quote(period)));
        if let Some(d) = assessed_on {
            text.push_str(&format!("assessed_on: {}\n", quote(&d)));
        }
        text.push_str(&format!("assessor: {}\n", quote(&assessor)));
        let method = if third_party { "third-party" } else { "self" };
        text.push_str(&format!("method: {}\n", quote(method)));
        if let Some(t) = target {
            text.push_str(&format!("target: {t}\n"));
        }
        if !publish {
            text.push_str("publish: false\n");
        }
        text.push_str(&format!("summary: {}\n", quote(&summary)));
        text.push_str("capabilities:\n");
        text.push_str(&body);

        let file = SampleFile {
            path: format!("{period}/{}-{period}.yaml", org.id),
            text,
        };
        (file, scored)
    }

    /// Form A: the level reached and progress toward the next.
    fn level_form(&self, x: f64, out: &mut String) -> Form {
        let (mut level, frac) = split(x, self.k);
        let mut progress = (frac * 100.0).floor() as u32;
        if level < self.k && progress >= self.pass {
            // The next level is met: the assessor records it.
            level += 1;
            progress = 0;
        }
        if level >= self.k {
            progress = 0;
        }
        let progress = progress.min(self.max_progress);
        out.push_str(&format!("    level: {level}\n"));
        if progress > 0 {
            out.push_str(&format!("    progress: {}\n", hundredths(progress)));
        }
        Form::Level {
            level,
            progress: f64::from(progress) / 100.0,
        }
    }

    /// A satisfaction in hundredths that meets the threshold.
    fn met(&self, rng: &mut Rng) -> u32 {
        if self.pass >= 100 || rng.chance(0.55) {
            100
        } else {
            self.pass + rng.below((100 - self.pass) as usize) as u32
        }
    }

    /// Form B: satisfaction per level.
    fn levels_form(&self, x: f64, rng: &mut Rng, out: &mut String) -> Form {
        let (level, frac) = split(x, self.k);
        let k = self.k as usize;
        let mut values = vec![0u32; k];
        for (i, v) in values.iter_mut().enumerate() {
            let l = i as u32 + 1;
            *v = if l <= level {
                self.met(rng)
            } else if l == level + 1 {
                (frac * 100.0).round() as u32
            } else if l == level + 2 && rng.chance(0.2) {
                5 + rng.below(26) as u32
            } else {
                0
            };
        }
        let mut shown = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if *v > 0 || i == 0 {
                shown.push(format!("{}: {}", i + 1, hundredths(*v)));
            }
        }
        out.push_str(&format!("    levels: {{{}}}\n", shown.join(", ")));
        Form::Levels(values.iter().map(|v| f64::from(*v) / 100.0).collect())
    }

    /// The model's rating closest to `v` (the first of equals).
    fn rating_near(&self, v: f64) -> usize {
        let mut best = 0;
        for (i, (_, value)) in self.ratings.iter().enumerate() {
            if (value - v).abs() < (self.ratings[best].1 - v).abs() {
                best = i;
            }
        }
        best
    }

    /// Form C: a rating per criterion, consistent with the latent level.
    fn criteria_input(
        &self,
        cap: &crate::domain::model::Capability,
        x: f64,
        rng: &mut Rng,
        out: &mut String,
    ) -> Form {
        let (level, frac) = split(x, self.k);
        let threshold = self.model.threshold;
        let top = self.rating_near(1.0);
        let mut all = Vec::with_capacity(cap.requirements.len());
        for (i, req) in cap.requirements.iter().enumerate() {
            let l = i as u32 + 1;
            let criteria = req.criteria();
            let mut given: Vec<Option<usize>> = criteria
                .iter()
                .map(|_| {
                    if l <= level {
                        let v = if rng.chance(0.04) {
                            0.5
                        } else if rng.chance(0.65) {
                            1.0
                        } else {
                            0.8
                        };
                        Some(self.rating_near(v))
                    } else if l == level + 1 {
                        Some(self.rating_near((frac + rng.normal(0.2)).clamp(0.0, 1.0)))
                    } else {
                        let u = rng.unit();
                        let (none, partial) = if l == level + 2 {
                            (0.45, 0.1)
                        } else {
                            (0.25, 0.0)
                        };
                        if u < partial {
                            Some(self.rating_near(0.5))
                        } else if u < partial + none {
                            Some(self.rating_near(0.0))
                        } else {
                            None
                        }
                    }
                })
                .collect();
            if l <= level {
                // A level below the latent one must be met.
                let total: f64 = criteria.iter().map(|c| c.weight).sum();
                let met: f64 = criteria
                    .iter()
                    .zip(&given)
                    .map(|(c, r)| c.weight * r.map_or(0.0, |r| self.ratings[r].1))
                    .sum();
                if met / total < threshold {
                    given.iter_mut().for_each(|r| *r = Some(top));
                }
            }
            all.push(given);
        }
        out.push_str("    criteria:\n");
        for (req, given) in cap.requirements.iter().zip(&all) {
            for (criterion, r) in req.criteria().iter().zip(given) {
                if let Some(r) = r {
                    out.push_str(&format!(
                        "      {}: {}\n",
                        key(&criterion.id),
                        quote(&self.ratings[*r].0)
                    ));
                }
            }
        }
        Form::Criteria(
            all.iter()
                .map(|g| g.iter().map(|r| r.map(|r| self.ratings[r].1)).collect())
                .collect(),
        )
    }

    /// One or two sentences on the overall result and its change.
    fn summary(
        &self,
        rng: &mut Rng,
        org: &Org,
        third_party: bool,
        scored: &AssessmentScores,
        previous: Option<&Previous>,
    ) -> String {
        let model = self.model;
        let overall = &scored.overall;
        let score = two_decimals(overall.score);
        let level = overall.level;
        let level_name = model.level_name(level);
        let mut best_dim: Option<(usize, f64)> = None;
        for (d, s) in scored.dimensions.iter().enumerate() {
            if let Some(s) = s
                && best_dim.is_none_or(|(_, b)| s.score > b)
            {
                best_dim = Some((d, s.score));
            }
        }
        let best_dim = best_dim.map_or("", |(d, _)| model.dimensions[d].name.as_str());
        let names: Vec<&str> = model.capabilities().map(|(_, c)| c.name.as_str()).collect();
        let mut weakest: Option<(usize, f64)> = None;
        for (c, s) in scored.capabilities.iter().enumerate() {
            if let Some(s) = s
                && weakest.is_none_or(|(_, w)| s.score < w)
            {
                weakest = Some((c, s.score));
            }
        }
        let weakest = lower_first(weakest.map_or("", |(c, _)| names[c]));
        let Some(prev) = previous else {
            let kind = if third_party {
                "third-party assessment"
            } else {
                "self-assessment"
            };
            return match rng.below(3) {
                0 => format!(
                    "{} completed its first {kind} with an overall score of {score} (level {level}, *{level_name}*). {best_dim} is the strongest dimension; {weakest} needs the most attention.",
                    org.name
                ),
                1 => format!(
                    "First {kind}: overall level {level}, *{level_name}*, with a score of {score}. The largest gap is in {weakest}."
                ),
                _ => format!(
                    "Baseline {kind} at level {level} (*{level_name}*), score {score}; the strongest results are in {}.",
                    lower_first(best_dim)
                ),
            };
        };
        let before = two_decimals(prev.overall);
        let since = &self.options.periods[prev.period];
        let mut most_improved: Option<(usize, f64)> = None;
        for (c, s) in scored.capabilities.iter().enumerate() {
            if let (Some(s), Some(Some(b))) = (s, prev.capabilities.get(c)) {
                let gain = s.score - b;
                if most_improved.is_none_or(|(_, g)| gain > g) {
                    most_improved = Some((c, gain));
                }
            }
        }
        let improved = lower_first(most_improved.map_or("", |(c, _)| names[c]));
        let change = overall.score - prev.overall;
        if change >= 0.005 {
            match rng.below(3) {
                0 => format!(
                    "The overall score rose from {before} in {since} to {score}, now at level {level} (*{level_name}*). The biggest step forward was in {improved}."
                ),
                1 => format!(
                    "{} improved from {before} to {score} since {since}. The next priority is {weakest}.",
                    org.name
                ),
                _ => format!(
                    "Steady progress since {since}: overall score {score} (was {before}), driven by *{improved}*."
                ),
            }
        } else if change <= -0.005 {
            match rng.below(2) {
                0 => format!(
                    "The overall score fell from {before} in {since} to {score}, with the largest drop in {}.",
                    most_fallen(&weakest, scored, prev, &names)
                ),
                _ => format!(
                    "Scores slipped from {before} to {score} after a reorganisation of the supply chain function; {weakest} needs attention first."
                ),
            }
        } else {
            format!(
                "The overall score is unchanged at {score} (level {level}, *{level_name}*) since {since}; {weakest} remains the main gap."
            )
        }
    }
}

/// The capability that lost the most since the previous period, or `fallback`.
fn most_fallen(
    fallback: &str,
    scored: &AssessmentScores,
    prev: &Previous,
    names: &[&str],
) -> String {
    let mut worst: Option<(usize, f64)> = None;
    for (c, s) in scored.capabilities.iter().enumerate() {
        if let (Some(s), Some(Some(b))) = (s, prev.capabilities.get(c)) {
            let loss = b - s.score;
            if worst.is_none_or(|(_, w)| loss > w) {
                worst = Some((c, loss));
            }
        }
    }
    match worst {
        Some((c, loss)) if loss > 0.0 => lower_first(names[c]),
        _ => fallback.to_owned(),
    }
}

#[derive(Clone, Copy)]
enum Choice {
    Level,
    Levels,
    Criteria,
}

/// One organisation of the sample.
struct Org {
    index: usize,
    id: String,
    name: String,
    sector: usize,
    size: usize,
    region: usize,
    /// First period index it is assessed in.
    start: usize,
    /// Per capability: the reason when it does not apply.
    not_applicable: Vec<Option<&'static str>>,
    /// Latent level per period, then capability, on the model's 0..K scale
    /// (not yet clamped).
    latent: Vec<Vec<f64>>,
}

/// What the previous assessment of an organisation scored.
struct Previous {
    period: usize,
    overall: f64,
    capabilities: Vec<Option<f64>>,
}

/// The level below `x` and the fraction above it, with `x` in [0, K].
fn split(x: f64, k: u32) -> (u32, f64) {
    let floor = x.floor();
    let level = (floor.max(0.0) as u32).min(k);
    if level >= k {
        (k, 0.0)
    } else {
        (level, (x - floor).clamp(0.0, 1.0))
    }
}

/// A date in the period's year, if the period starts with one.
fn date(rng: &mut Rng, period: &str) -> Option<String> {
    let year: u32 = period
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?
        .parse()
        .ok()?;
    let month = 1 + rng.below(12) as u32;
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    let day = 1 + rng.below(days) as u32;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// Evidence an assessor would write for a capability at `share` of the top level.
fn evidence(rng: &mut Rng, capability: &str, share: f64, period: &str) -> String {
    let band = if share < 0.4 {
        0
    } else if share < 0.6 {
        1
    } else if share < 0.8 {
        2
    } else {
        3
    };
    let template = rng.pick(EVIDENCE);
    let finding = rng.pick(FINDINGS[band]);
    let role = rng.below(ROLES.len());
    let role2 = (role + 1 + rng.below(ROLES.len() - 1)) % ROLES.len();
    let document = rng.pick(DOCUMENTS);
    let n = 6 + rng.below(25);
    fill(
        template,
        &[
            ("{cap}", lower_first(capability)),
            ("{role}", ROLES[role].to_owned()),
            ("{role2}", ROLES[role2].to_owned()),
            ("{system}", rng.pick(SYSTEMS).to_owned()),
            ("{doc}", document.to_owned()),
            ("{Doc}", upper_first(document)),
            ("{n}", n.to_string()),
            ("{records}", rng.pick(RECORDS).to_owned()),
            ("{finding}", finding.to_owned()),
            ("{Finding}", upper_first(finding)),
            ("{follow_up}", rng.pick(FOLLOW_UPS).to_owned()),
            ("{period}", period.to_owned()),
        ],
    )
}

/// Replaces each placeholder in `template`.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (placeholder, value) in values {
        out = out.replace(placeholder, value);
    }
    out
}

/// `Supply chain strategy` becomes `supply chain strategy`; `ERP` stays.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s[a.len_utf8()..].chars()).collect()
        }
        _ => s.to_owned(),
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(a) => a.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A score with two decimals, rounded half away from zero.
fn two_decimals(x: f64) -> String {
    // The same rounding-down the pages use, so summaries quote what reports show.
    crate::text::number::format_score(x.max(0.0))
}

/// Hundredths as a decimal with at most two places and at least one:
/// 100 is `1.0`, 84 is `0.84`, 50 is `0.5`.
fn hundredths(h: u32) -> String {
    let (whole, frac) = (h / 100, h % 100);
    if frac == 0 {
        format!("{whole}.0")
    } else if frac % 10 == 0 {
        format!("{whole}.{}", frac / 10)
    } else {
        format!("{whole}.{frac:02}")
    }
}

/// An id made from a name: its slug (other scripts transliterated, see
/// [`crate::text::slug`]), `organization` when nothing of it survives.
fn slug(name: &str) -> String {
    // 56 bytes leave room for a `-NN` suffix within the 64 of an id.
    let slug = crate::text::slug::slug_at_most(name, 56);
    if slug.is_empty() {
        "organization".to_owned()
    } else {
        slug
    }
}

/// A YAML double-quoted scalar (JSON-compatible escapes; line separators
/// and other invisible characters escaped too).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A mapping key: plain when it cannot be read as anything but a string.
fn key(id: &str) -> String {
    const WORDS: [&str; 11] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    let plain = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !WORDS.contains(&id);
    if plain { id.to_owned() } else { quote(id) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate() {
        assert_eq!(slug("Müller Präzisionsteile"), "muller-prazisionsteile");
        assert_eq!(
            slug("Société Générale des Tissus"),
            "societe-generale-des-tissus"
        );
        assert_eq!(
            slug("東方精密 (Dongfang Precision)"),
            "dong-fang-jing-mi-dongfang-precision"
        );
        assert_eq!(slug("Smith & Sons Tooling"), "smith-sons-tooling");
        assert_eq!(slug("Ålesund Sjømat"), "alesund-sjomat");
        assert_eq!(slug("東方"), "dong-fang");
        assert_eq!(slug("(!)"), "organization");
        assert!(slug(&"word ".repeat(20)).len() <= 56);
        for (_, base, _, _) in FEATURED {
            assert!(crate::text::slug::is_id(&slug(base)), "{base}");
        }
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(hundredths(100), "1.0");
        assert_eq!(hundredths(84), "0.84");
        assert_eq!(hundredths(50), "0.5");
        assert_eq!(hundredths(5), "0.05");
        assert_eq!(hundredths(0), "0.0");
        assert_eq!(two_decimals(2.009_9), "2.00", "rounded down like the pages");
        assert_eq!(two_decimals(3.0), "3.00");
        assert_eq!(
            quote("a \"b\"\n\\ é\u{2028}"),
            "\"a \\\"b\\\"\\n\\\\ é\\u2028\""
        );
        assert_eq!(key("strategy-1a"), "strategy-1a");
        assert_eq!(key("true"), "\"true\"");
        assert_eq!(key("2a"), "\"2a\"");
        assert_eq!(
            lower_first("Supply chain strategy"),
            "supply chain strategy"
        );
        assert_eq!(lower_first("ERP"), "ERP");
    }

    #[test]
    fn apportion_is_exact() {
        assert_eq!(apportion(80, &[35, 40, 25]), vec![28, 32, 20]);
        assert_eq!(
            apportion(77, &[12, 11, 11, 9, 13, 9, 10])
                .iter()
                .sum::<usize>(),
            77
        );
        assert_eq!(apportion(0, &[1, 2]), vec![0, 0]);
    }

    #[test]
    fn streams_differ() {
        let mut a = Rng::stream(1, &[2, 3]);
        let mut b = Rng::stream(1, &[3, 2]);
        assert_ne!(a.next_u64(), b.next_u64());
        let mut c = Rng::stream(7, &[]);
        for _ in 0..1000 {
            let u = c.unit();
            assert!((0.0..1.0).contains(&u));
            assert!(c.below(5) < 5);
            assert!(c.normal(1.0).abs() < 3.47);
        }
    }
}
