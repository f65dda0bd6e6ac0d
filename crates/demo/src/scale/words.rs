//! German and English words the texts are made of, and how they are written.

/// Cities, for names, venues and addresses.
pub const CITIES: &[&str] = &[
    "Aachen",
    "Augsburg",
    "Bielefeld",
    "Bochum",
    "Bonn",
    "Braunschweig",
    "Bremen",
    "Chemnitz",
    "Darmstadt",
    "Dortmund",
    "Dresden",
    "Duisburg",
    "Düsseldorf",
    "Erfurt",
    "Erlangen",
    "Essen",
    "Frankfurt am Main",
    "Freiburg",
    "Gelsenkirchen",
    "Göttingen",
    "Halle (Saale)",
    "Hamburg",
    "Hannover",
    "Heidelberg",
    "Heilbronn",
    "Jena",
    "Karlsruhe",
    "Kassel",
    "Kiel",
    "Koblenz",
    "Köln",
    "Krefeld",
    "Leipzig",
    "Leverkusen",
    "Lübeck",
    "Magdeburg",
    "Mainz",
    "Mannheim",
    "Mönchengladbach",
    "Münster",
    "Nürnberg",
    "Oberhausen",
    "Oldenburg",
    "Osnabrück",
    "Paderborn",
    "Potsdam",
    "Regensburg",
    "Rostock",
    "Saarbrücken",
    "Schwerin",
    "Siegen",
    "Stuttgart",
    "Trier",
    "Ulm",
    "Wiesbaden",
    "Wolfsburg",
    "Wuppertal",
    "Würzburg",
];

/// Federal states (German, English).
pub const STATES: &[(&str, &str)] = &[
    ("Baden-Württemberg", "Baden-Württemberg"),
    ("Bayern", "Bavaria"),
    ("Berlin", "Berlin"),
    ("Brandenburg", "Brandenburg"),
    ("Bremen", "Bremen"),
    ("Hamburg", "Hamburg"),
    ("Hessen", "Hesse"),
    ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    ("Niedersachsen", "Lower Saxony"),
    ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    ("Saarland", "Saarland"),
    ("Sachsen", "Saxony"),
    ("Sachsen-Anhalt", "Saxony-Anhalt"),
    ("Schleswig-Holstein", "Schleswig-Holstein"),
    ("Thüringen", "Thuringia"),
];

/// Given names.
pub const GIVEN: &[&str] = &[
    "Anna",
    "Andreas",
    "Barbara",
    "Bernd",
    "Christina",
    "Christian",
    "Daniela",
    "Dirk",
    "Elena",
    "Erik",
    "Franziska",
    "Frank",
    "Gabriele",
    "Georg",
    "Hanna",
    "Holger",
    "Ines",
    "Jan",
    "Julia",
    "Jürgen",
    "Katrin",
    "Klaus",
    "Lena",
    "Lars",
    "Maria",
    "Markus",
    "Nadine",
    "Nils",
    "Olga",
    "Oliver",
    "Petra",
    "Peter",
    "Ricarda",
    "Ralf",
    "Sabine",
    "Stefan",
    "Tanja",
    "Thomas",
    "Ulrike",
    "Uwe",
    "Vera",
    "Volker",
    "Wiebke",
    "Wolfgang",
    "Yasemin",
    "Yusuf",
    "Zeynep",
    "Can",
    "Leyla",
    "Mehmet",
];

/// Family names.
pub const FAMILY: &[&str] = &[
    "Albrecht",
    "Bauer",
    "Becker",
    "Berger",
    "Braun",
    "Demir",
    "Engel",
    "Fischer",
    "Frank",
    "Friedrich",
    "Günther",
    "Hahn",
    "Hartmann",
    "Hoffmann",
    "Jung",
    "Kaiser",
    "Keller",
    "Klein",
    "Koch",
    "Krause",
    "Kowalski",
    "Lange",
    "Lehmann",
    "Lorenz",
    "Ludwig",
    "Maier",
    "Meyer",
    "Möller",
    "Neumann",
    "Nowak",
    "Otto",
    "Peters",
    "Richter",
    "Roth",
    "Schäfer",
    "Schmidt",
    "Schmitz",
    "Schneider",
    "Schröder",
    "Schubert",
    "Schulz",
    "Schwarz",
    "Sommer",
    "Stein",
    "Vogel",
    "Wagner",
    "Walter",
    "Weber",
    "Werner",
    "Wolf",
    "Yilmaz",
    "Zimmermann",
];

/// Themes of the network's work (German, English).
pub const THEMES: &[(&str, &str)] = &[
    ("Sicherheit im öffentlichen Raum", "safety in public spaces"),
    ("Prävention von Jugendgewalt", "preventing youth violence"),
    (
        "Sicherheit in Bahnhofsvierteln",
        "safety in station districts",
    ),
    ("Nachtleben und Sicherheit", "nightlife and safety"),
    ("häusliche Gewalt", "domestic violence"),
    ("Radikalisierungsprävention", "preventing radicalisation"),
    (
        "Drogenkonsum im öffentlichen Raum",
        "drug use in public spaces",
    ),
    (
        "städtebauliche Kriminalprävention",
        "crime prevention through urban design",
    ),
    (
        "das Sicherheitsgefühl der Menschen",
        "people's feeling of safety",
    ),
    (
        "kommunale Ordnungsdienste",
        "municipal public order services",
    ),
    (
        "Cybersicherheit in Kommunen",
        "cyber security in municipalities",
    ),
    ("Hasskriminalität", "hate crime"),
    (
        "den Schutz von Kommunalpolitikern",
        "protecting local politicians",
    ),
    ("Wohnungslosigkeit", "homelessness"),
    ("Suchtprävention", "addiction prevention"),
    ("Quartiersarbeit", "neighbourhood work"),
    ("Bürgerbeteiligung", "citizen participation"),
    ("Videoschutz", "video surveillance"),
    (
        "die Sicherheit von Frauen im Stadtraum",
        "women's safety in urban space",
    ),
    ("Großveranstaltungen", "major events"),
    ("kommunales Krisenmanagement", "municipal crisis management"),
    ("die Resilienz der Städte", "urban resilience"),
    ("Migration und Integration", "migration and integration"),
    ("Extremismusprävention", "preventing extremism"),
    (
        "Konfliktlösung im Quartier",
        "resolving conflicts in neighbourhoods",
    ),
    ("Kinder- und Jugendschutz", "child and youth protection"),
    ("datengestützte Lagebilder", "data-based situation reports"),
    ("kommunale Präventionsräte", "municipal prevention councils"),
    (
        "Gewalt gegen Einsatzkräfte",
        "violence against emergency services",
    ),
    ("Sicherheitsaudits", "safety audits"),
];

/// What the network's work aims at (German, English), to end a sentence.
pub const AIMS: &[(&str, &str)] = &[
    (
        "die Prävention vor Ort stärken",
        "strengthen prevention on the ground",
    ),
    (
        "Verwaltung, Polizei und Zivilgesellschaft besser vernetzen",
        "connect administration, police and civil society better",
    ),
    (
        "ihre Lagebilder verbessern",
        "improve their situation reports",
    ),
    (
        "Betroffene wirksamer unterstützen",
        "support those affected more effectively",
    ),
    ("Konflikte früh erkennen", "recognise conflicts early"),
    (
        "öffentliche Räume lebenswert gestalten",
        "make public spaces liveable",
    ),
    (
        "Fördermittel gezielt einsetzen",
        "use funding where it counts",
    ),
    (
        "Erfahrungen aus Europa nutzen",
        "draw on experience from across Europe",
    ),
    (
        "Maßnahmen wissenschaftlich begleiten",
        "have measures evaluated by research",
    ),
];

/// Kinds of documents (German, English).
pub const DOCUMENTS: &[(&str, &str)] = &[
    ("Leitfaden", "Guide"),
    ("Studie", "Study"),
    ("Handreichung", "Handout"),
    ("Praxisbericht", "Practice report"),
    ("Positionspapier", "Position paper"),
    ("Präsentation", "Presentation"),
    ("Evaluationsbericht", "Evaluation report"),
    ("Fachartikel", "Article"),
    ("Checkliste", "Checklist"),
    ("Konzept", "Concept"),
];

/// Kinds of collections (German, English).
pub const BOARDS: &[(&str, &str)] = &[
    ("Materialsammlung", "materials"),
    ("Praxisbeispiele", "practice examples"),
    ("Studien und Berichte", "studies and reports"),
    ("Linkliste", "links"),
    ("Arbeitshilfen", "working aids"),
];

/// Functions people hold (German, English).
pub const FUNCTIONS: &[(&str, &str)] = &[
    (
        "Leitung des Ordnungsamts",
        "Head of the Public Order Office",
    ),
    ("Präventionsbeauftragte", "Prevention officer"),
    (
        "Referent für Sicherheit und Ordnung",
        "Officer for safety and public order",
    ),
    (
        "Dezernentin für Recht und Ordnung",
        "Head of Department for Law and Order",
    ),
    (
        "Geschäftsführung des Präventionsrats",
        "Managing director of the prevention council",
    ),
    ("Wissenschaftliche Mitarbeiterin", "Research associate"),
    ("Sozialplanung", "Social planning"),
    ("Kommunale Kriminalprävention", "Municipal crime prevention"),
];

/// Words project acronyms are made of.
pub const ACRONYMS: &[&str] = &[
    "KOMPASS", "SafeCity", "PRÄVENT", "QUARTIER", "LUMEN", "CIVITAS", "RESIST", "NACHT", "BRIDGE",
    "SiQua", "NETZ", "URBAN", "TRUST", "ALERT", "PLACE", "VITAL",
];

/// The text with its first letter in upper case.
pub(super) fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lowercase ASCII letters, digits and dashes for addresses (`Düsseldorf` → `duesseldorf`).
pub(super) fn ascii_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => slug.push(c),
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}
