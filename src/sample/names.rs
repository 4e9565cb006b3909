//! The word lists the sample is written from: sectors, sizes, regions, name
//! parts, the featured organisations, roles, systems and findings.

// ---------------------------------------------------------------------------
// Word lists.

pub(super) struct Sector {
    pub(super) id: &'static str,
    /// Relative share among the regular sectors.
    pub(super) weight: u64,
    /// Latent maturity on a 0..5 scale.
    pub(super) base: f64,
    pub(super) suffixes: &'static [&'static str],
}

/// The regular sectors, then aerospace (kept below the minimum cohort size).
pub(super) const SECTORS: [Sector; 8] = [
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
pub(super) const AEROSPACE: usize = 7;

pub(super) struct Size {
    pub(super) id: &'static str,
    pub(super) weight: u64,
    /// Shift of the latent maturity.
    pub(super) shift: f64,
    /// Share of third-party assessments.
    pub(super) third_party: f64,
}

pub(super) const SIZES: [Size; 3] = [
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

pub(super) struct Region {
    pub(super) id: &'static str,
    pub(super) weight: u64,
    pub(super) legal_forms: &'static [&'static str],
}

pub(super) const REGIONS: [Region; 4] = [
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

pub(super) const PREFIXES: &[&str] = &[
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

pub(super) const MODIFIERS: &[&str] = &[
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
pub(super) const FEATURED: [(&str, &str, &str, &str); 7] = [
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

pub(super) const FIRST_NAMES: &[&str] = &[
    "Dana", "Jonas", "Priya", "Mateo", "Aiko", "Chen", "Fatima", "Lukas", "Sofia", "Olu", "Ingrid",
    "Rafael", "Mei", "Tomasz", "Amara", "Henrik", "Lucía", "Kenji", "Zainab", "Pierre", "Nora",
    "Samir", "Elif", "Diego",
];

pub(super) const LAST_NAMES: &[&str] = &[
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

pub(super) const FIRMS: &[&str] = &[
    "Northbeam Assurance",
    "Lumen Supply Chain Consulting",
    "Arcadia Audit Partners",
    "Tessellate Advisory",
    "Keystone Maturity Group",
];

pub(super) const INTERNAL_ROLES: &[&str] = &[
    "Head of Supply Chain",
    "Director of Operations",
    "Digital Transformation Lead",
    "Supply Chain Excellence Manager",
];

pub(super) const REASONS: &[&str] = &[
    "Outside the scope agreed for this assessment.",
    "Run by the parent group's shared service centre and assessed at group level.",
    "Fully outsourced to a contract partner under a managed-service agreement.",
    "Not relevant to the current *make-to-order* business model.",
    "Postponed: the function is being reorganised and will be assessed next period.",
];

pub(super) const ROLES: &[&str] = &[
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

pub(super) const SYSTEMS: &[&str] = &[
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

pub(super) const DOCUMENTS: &[&str] = &[
    "process maps",
    "standard operating procedures",
    "KPI dashboards",
    "governance charter and meeting minutes",
    "RACI matrices",
    "improvement roadmap and budget",
    "supplier scorecards",
    "S&OP meeting minutes",
];

pub(super) const RECORDS: &[&str] = &[
    "purchase orders",
    "production orders",
    "shipments",
    "customer orders",
    "batch records",
    "supplier claims",
    "change requests",
];

pub(super) const FOLLOW_UPS: &[&str] = &[
    "data ownership",
    "supplier onboarding",
    "master data quality",
    "exception handling",
    "KPI definitions",
    "training of key users",
];

/// Assessor findings, from low to high maturity of the capability.
pub(super) const FINDINGS: [&[&str]; 4] = [
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
pub(super) const EVIDENCE: &[&str] = &[
    "Reviewed the {doc} for {cap} and interviewed the {role} and the {role2}. {Finding}.",
    "Walkthrough of the {system} with the {role}, plus a sample of {n} {records} from {period}. {Finding}, which matches the ratings above.",
    "Evidence reviewed for {cap}:\n\n- {Doc} ({period})\n- live demonstration of the {system}\n- interviews with the {role} and the {role2}\n\n{Finding}.",
    "Rated in a workshop with {n} participants from planning, procurement and logistics. *{Finding}.* The {doc} were provided as supporting material.",
    "The {role} demonstrated how {cap} is handled in the {system}. {Finding}; the {doc} confirm this.",
    "Site visit at the main plant: the team inspected the {system} and traced {n} {records} end to end. {Finding}. Follow-up agreed on *{follow_up}*.",
    "For {cap}, the {role2} walked the assessors through the {doc}. {Finding}. Interviews with the {role} confirmed the picture.",
];
