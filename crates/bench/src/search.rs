//! `urbis-bench-search`: the search benchmark. It builds an index of a million synthetic
//! collection entries (plus events, publications, projects and organisations) in German and
//! English, deterministic from a seed, straight from generated records (not through the
//! store), and reports indexing throughput and the latency of a few thousand mixed searches
//! with the access filter, single-threaded and with 8 concurrent clients.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use urbis_domain::accounts::{ForumRole, User, UserStatus};
use urbis_domain::{Access, Id, Kind, Lang, PartialDate, Shared, Text, Viewer};
use urbis_search::{Doc, Request, Search, WriterOptions};

/// Search benchmark: index size, indexing throughput, query latency.
#[derive(Debug, Parser)]
#[command(name = "urbis-bench-search", version, about)]
struct Args {
    /// Collection entries to index (other records add about 5 % more).
    #[arg(long, default_value_t = 1_000_000)]
    entries: u64,
    /// Searches per run.
    #[arg(long, default_value_t = 4_000)]
    queries: usize,
    /// The seed of the generated records and searches.
    #[arg(long, default_value_t = 2022)]
    seed: u64,
    /// Indexing threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Concurrent clients of the second run.
    #[arg(long, default_value_t = 8)]
    clients: usize,
    /// The index directory (default: a temporary directory, removed afterwards).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// List the slowest searches of the single-client run (what to profile next).
    #[arg(long, default_value_t = 0)]
    slowest: usize,
    /// Write the figures as JSON to this file too.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Skewed towards small numbers, as word frequencies are.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.skewed(words.len())]
    }
}

const DE: &[&str] = &[
    "Sicherheit",
    "Prävention",
    "Kriminalprävention",
    "Stadt",
    "Kommune",
    "Quartier",
    "Bahnhof",
    "Bahnhofsviertel",
    "Veranstaltung",
    "Veranstaltungen",
    "Austausch",
    "Netzwerk",
    "Projekt",
    "Förderung",
    "Jugend",
    "Gewalt",
    "Polizei",
    "Ordnungsamt",
    "Beteiligung",
    "Nachbarschaft",
    "Präventionsrat",
    "Sozialarbeit",
    "Stadtplanung",
    "Beleuchtung",
    "Videoüberwachung",
    "Drogen",
    "Alkohol",
    "Nachtleben",
    "Sicherheitsgefühl",
    "Befragung",
    "Studie",
    "Leitfaden",
    "Handlungsempfehlungen",
    "Fortbildung",
    "Schulung",
    "Konferenz",
    "Fachtag",
    "Arbeitsgruppe",
    "Bürgerinnen",
    "Bürger",
    "Verwaltung",
    "Landkreis",
    "Gemeinde",
    "Innenstadt",
    "Platz",
    "öffentlicher",
    "Raum",
    "Radikalisierung",
    "Extremismus",
    "Demokratie",
    "Integration",
    "Migration",
    "Wohnungslosigkeit",
    "Obdachlosigkeit",
    "Vandalismus",
    "Graffiti",
    "Müll",
    "Sauberkeit",
    "Konflikte",
    "Mediation",
    "Opferschutz",
    "häusliche",
    "Frauen",
    "Kinder",
    "Senioren",
    "Schule",
    "Sport",
    "Kultur",
    "Ehrenamt",
    "Evaluation",
    "Wirkung",
    "Bericht",
    "Jahresbericht",
    "Strategie",
    "Konzept",
    "Maßnahmen",
    "Lagebild",
    "Daten",
    "Analyse",
    "Webinar",
    "Reihe",
    "Mitglieder",
    "Sammlung",
    "Beispiel",
    "gute",
    "Praxis",
    "Verkehr",
];
const EN: &[&str] = &[
    "safety",
    "security",
    "prevention",
    "crime",
    "city",
    "cities",
    "municipal",
    "neighbourhood",
    "station",
    "district",
    "event",
    "events",
    "exchange",
    "exchanges",
    "network",
    "project",
    "funding",
    "youth",
    "violence",
    "police",
    "participation",
    "community",
    "council",
    "social",
    "work",
    "planning",
    "lighting",
    "surveillance",
    "drugs",
    "alcohol",
    "nightlife",
    "feeling",
    "survey",
    "study",
    "guide",
    "recommendations",
    "training",
    "conference",
    "working",
    "group",
    "citizens",
    "administration",
    "county",
    "centre",
    "square",
    "public",
    "space",
    "radicalisation",
    "extremism",
    "democracy",
    "integration",
    "migration",
    "homelessness",
    "vandalism",
    "graffiti",
    "litter",
    "cleanliness",
    "conflicts",
    "mediation",
    "victims",
    "domestic",
    "women",
    "children",
    "elderly",
    "school",
    "sport",
    "culture",
    "volunteering",
    "evaluation",
    "impact",
    "report",
    "annual",
    "strategy",
    "concept",
    "measures",
    "data",
    "analysis",
    "webinar",
    "series",
    "members",
    "collection",
    "example",
    "good",
    "practice",
    "traffic",
    "european",
    "forum",
    "urban",
];
const CITIES: &[&str] = &[
    "Essen",
    "Hannover",
    "Düsseldorf",
    "Mannheim",
    "Stuttgart",
    "Augsburg",
    "Nürnberg",
    "Leipzig",
    "Dresden",
    "Magdeburg",
    "Kiel",
    "Lübeck",
    "Bremen",
    "Hamburg",
    "Freiburg",
    "Heidelberg",
    "Karlsruhe",
    "Wiesbaden",
    "Mainz",
    "Saarbrücken",
    "Erfurt",
    "Jena",
    "Rostock",
    "Potsdam",
    "Münster",
    "Bielefeld",
    "Dortmund",
    "Bochum",
    "Wuppertal",
    "Solingen",
    "Aachen",
    "Bonn",
];

/// A word that is not in the lists: the long tail of a real vocabulary.
fn rare(rng: &mut Rng) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mer", "sti", "ven", "dru", "pal", "ton", "res", "gu", "fen", "bar",
    ];
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

fn sentence(rng: &mut Rng, words: &[&str], min: usize, spread: usize) -> String {
    let n = min + rng.below(spread);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        if rng.below(12) == 0 {
            out.push(rare(rng));
        } else {
            out.push(rng.pick(words).to_owned());
        }
    }
    out.join(" ")
}

struct World {
    forum: Id,
    other_forum: Id,
    topics: Vec<Id>,
}

fn text(rng: &mut Rng, min: usize, spread: usize) -> Text {
    match rng.below(10) {
        0..=5 => Text::new(Lang::De, sentence(rng, DE, min, spread)),
        6..=7 => Text::new(Lang::En, sentence(rng, EN, min, spread)),
        _ => Text::new(Lang::De, sentence(rng, DE, min, spread))
            .with(Lang::En, sentence(rng, EN, min, spread)),
    }
}

fn access(rng: &mut Rng) -> Access {
    match rng.below(20) {
        0..=9 => Access::Public,
        10..=16 => Access::Members,
        _ => Access::Staff,
    }
}

fn doc(rng: &mut Rng, world: &World, kind: Kind) -> Doc {
    let mut title = text(rng, 3, 5);
    let mut names = Vec::new();
    if kind == Kind::Organisation {
        let city = CITIES[rng.below(CITIES.len())];
        let name = format!(
            "{} {city} {}",
            [
                "Stadt",
                "Präventionsrat",
                "Landeshauptstadt",
                "Kommunaler Ordnungsdienst"
            ][rng.below(4)],
            rare(rng)
        );
        title = Text::new(Lang::De, name.clone());
        names.push(name);
    } else {
        names.extend(title.iter().map(|(_, t)| t.to_owned()));
    }
    let topics = (0..1 + rng.below(3))
        .map(|_| world.topics[rng.below(world.topics.len())].clone())
        .collect();
    let year = 2010 + rng.below(17) as i16;
    Doc {
        kind,
        id: Id::new(),
        forum: if rng.below(10) == 0 {
            world.other_forum.clone()
        } else {
            world.forum.clone()
        },
        access: access(rng),
        shared: Shared::Forum,
        topics,
        date: PartialDate::month(year, 1 + rng.below(12) as u8).ok(),
        title,
        texts: vec![text(rng, 25, 40)],
        plain: Vec::new(),
        names,
        parent: None,
    }
}

fn kind_of(i: u64, entries: u64) -> Kind {
    if i < entries {
        return Kind::Entry;
    }
    [
        Kind::Event,
        Kind::Publication,
        Kind::Project,
        Kind::Organisation,
        Kind::FundingCall,
    ][(i % 5) as usize]
}

/// One search of the mix: text, filters, page, and who asks.
struct Query {
    request: Request,
    viewer: usize,
}

fn queries(rng: &mut Rng, n: usize) -> Vec<Query> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (text, lang) = match i % 10 {
            0..=2 => (rng.pick(DE).to_owned(), Lang::De),
            3 => (rng.pick(EN).to_owned(), Lang::En),
            4 => (format!("{} {}", rng.pick(DE), rng.pick(DE)), Lang::De),
            5 => (format!("{} {}", rng.pick(EN), rng.pick(EN)), Lang::En),
            6 => {
                // A typo in a city's or council's name.
                let city = CITIES[rng.below(CITIES.len())];
                let mut chars: Vec<char> = city.chars().collect();
                let at = 1 + rng.below(chars.len() - 2);
                chars.remove(at);
                (chars.into_iter().collect(), Lang::De)
            }
            7 => (format!("\"{} {}\"", rng.pick(DE), rng.pick(DE)), Lang::De),
            8 => (rare(rng), Lang::De),
            _ => (format!("{} {}", rng.pick(EN), rng.pick(DE)), Lang::En),
        };
        let mut request = Request::new(text, lang);
        match rng.below(10) {
            0 => request.kind = Some([Kind::Entry, Kind::Event, Kind::Publication][rng.below(3)]),
            1 => request.year = Some(2010 + rng.below(17) as i16),
            _ => {}
        }
        if rng.below(10) == 0 {
            request.page = 2 + rng.below(3) as u64;
        }
        out.push(Query {
            request,
            viewer: i % 3,
        });
    }
    out
}

fn viewers(forum: &Id) -> Vec<Viewer> {
    let user = |role| {
        let mut user = User::new("bench@example.org", "Bench", Lang::De);
        user.status = UserStatus::Active;
        user.grant(forum, role, None);
        Viewer::user(&user)
    };
    vec![
        Viewer::anonymous(),
        user(ForumRole::Member),
        user(ForumRole::Staff),
    ]
}

/// The processor time the calling thread has used so far.
fn thread_cpu() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[at].as_secs_f64() * 1000.0
}

struct Run {
    /// The searches with their processor and wall-clock times, most processor time first
    /// (the wall-clock order mostly shows what else ran on the machine).
    slowest: Vec<(Duration, Duration, usize)>,
    /// The processor time of a search (its own thread's), whatever else runs on the machine.
    cpu_p50: f64,
    cpu_p99: f64,
    clients: usize,
    p50: f64,
    p99: f64,
    max: f64,
    per_second: f64,
    mean_hits: f64,
}

/// What one client measured: each search's time and number, processor times, hits found.
type ClientRun = (Vec<(Duration, usize)>, Vec<Duration>, usize);

fn run(
    search: &Search,
    forum: &Id,
    viewers: &[Viewer],
    queries: &Arc<Vec<Query>>,
    clients: usize,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut handles = Vec::new();
    for c in 0..clients {
        let search = search.clone();
        let forum = forum.clone();
        let viewers = viewers.to_vec();
        let queries = queries.clone();
        handles.push(std::thread::spawn(move || -> Result<ClientRun, String> {
            let mut times = Vec::new();
            let mut cpu = Vec::new();
            let mut hits = 0;
            for (i, q) in queries.iter().enumerate().skip(c).step_by(clients) {
                let c = thread_cpu();
                let t = Instant::now();
                let results = search
                    .search(&viewers[q.viewer], &forum, &q.request)
                    .map_err(|e| e.to_string())?;
                times.push((t.elapsed(), i));
                cpu.push(thread_cpu().saturating_sub(c));
                hits += results.total;
            }
            Ok((times, cpu, hits))
        }));
    }
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut hits = 0;
    for handle in handles {
        let (t, c, h) = handle
            .join()
            .map_err(|_| "a client thread failed".to_owned())??;
        times.extend(t);
        cpu.extend(c);
        hits += h;
    }
    let mut slowest: Vec<(Duration, Duration, usize)> = cpu
        .iter()
        .zip(&times)
        .map(|(cpu, (wall, i))| (*cpu, *wall, *i))
        .collect();
    slowest.sort_by(|a, b| b.cmp(a));
    cpu.sort();
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let times: Vec<Duration> = times.into_iter().map(|(t, _)| t).collect();
    Ok(Run {
        slowest,
        cpu_p50: percentile(&cpu, 0.50),
        cpu_p99: percentile(&cpu, 0.99),
        clients,
        p50: percentile(&times, 0.50),
        p99: percentile(&times, 0.99),
        max: percentile(&times, 1.0),
        per_second: times.len() as f64 / elapsed,
        mean_hits: hits as f64 / times.len().max(1) as f64,
    })
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match bench(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn bench(args: &Args) -> Result<(), String> {
    if args.clients == 0 || args.clients > 256 || args.queries == 0 {
        return Err("--clients takes 1 to 256, --queries at least 1".into());
    }
    let options = WriterOptions {
        threads: args.threads.max(1),
        memory: 400_000_000,
    };
    let search = match &args.dir {
        Some(dir) => Search::open_with(dir, options),
        None => Search::in_ram_with(options),
    }
    .map_err(|e| e.to_string())?;
    let place = args
        .dir
        .as_ref()
        .map_or("memory".to_owned(), |d| d.display().to_string());
    let mut rng = Rng(args.seed);
    let world = World {
        forum: Id::new(),
        other_forum: Id::new(),
        topics: (0..40).map(|_| Id::new()).collect(),
    };
    let total = args.entries + args.entries / 20;
    eprintln!("indexing {total} records into {place} …");
    let mut generating = Duration::ZERO;
    let mut indexing = Duration::ZERO;
    let mut batch = Vec::with_capacity(10_000);
    let mut i = 0;
    while i < total {
        let t = Instant::now();
        batch.clear();
        while batch.len() < 10_000 && i < total {
            batch.push(doc(&mut rng, &world, kind_of(i, args.entries)));
            i += 1;
        }
        generating += t.elapsed();
        let t = Instant::now();
        search.add(&batch).map_err(|e| e.to_string())?;
        indexing += t.elapsed();
    }
    let t = Instant::now();
    search.commit(0).map_err(|e| e.to_string())?;
    indexing += t.elapsed();
    let docs_per_second = total as f64 / indexing.as_secs_f64();
    eprintln!(
        "indexed in {:.1} s ({docs_per_second:.0} records/s; generating them took {:.1} s); merging …",
        indexing.as_secs_f64(),
        generating.as_secs_f64()
    );
    let t = Instant::now();
    search.compact().map_err(|e| e.to_string())?;
    let merging = t.elapsed();
    let size = args.dir.as_deref().map_or(0, dir_size);
    let viewers = viewers(&world.forum);
    let queries = Arc::new(queries(&mut Rng(args.seed ^ 0xABCD), args.queries));
    // Warm the page cache and the term dictionaries once, as a running server would be.
    run(&search, &world.forum, &viewers, &queries, 1)?;
    let single = run(&search, &world.forum, &viewers, &queries, 1)?;
    let concurrent = run(&search, &world.forum, &viewers, &queries, args.clients)?;
    for (cpu, time, i) in single.slowest.iter().take(args.slowest) {
        let q = &queries[*i];
        eprintln!(
            "{:8.2} ms CPU {:8.2} ms  viewer {}  {:?} kind {:?} year {:?} page {}",
            cpu.as_secs_f64() * 1000.0,
            time.as_secs_f64() * 1000.0,
            q.viewer,
            q.request.text,
            q.request.kind,
            q.request.year,
            q.request.page
        );
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("## Search benchmark\n");
    println!(
        "{total} records ({} entries), index in {place} ({:.0} MB on disk), {cores} cores. Indexing: {docs_per_second:.0} records/s ({:.1} s, {} threads), merging into one segment {:.1} s.\n",
        args.entries,
        size as f64 / 1e6,
        indexing.as_secs_f64(),
        options.threads,
        merging.as_secs_f64()
    );
    println!(
        "{} mixed searches (1–2 words German/English, phrases, typos in names, rare words, kind/year filters, pages 2–4), anonymous/member/staff in turn, each with facets and snippets:\n",
        args.queries
    );
    println!(
        "| clients | p50 ms | p99 ms | max ms | searches/s | mean hits | CPU p50 ms | CPU p99 ms |"
    );
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in [&single, &concurrent] {
        println!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.0} | {:.0} | {:.2} | {:.2} |",
            r.clients, r.p50, r.p99, r.max, r.per_second, r.mean_hits, r.cpu_p50, r.cpu_p99
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nLoad average during the run: {} (CPU = the searching thread's own processor time, which other work on the machine does not inflate).",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    if let Some(path) = &args.json {
        let runs: Vec<serde_json::Value> = [&single, &concurrent]
            .iter()
            .map(|r| serde_json::json!({"clients": r.clients, "cpu_p50_ms": r.cpu_p50, "cpu_p99_ms": r.cpu_p99, "p50_ms": r.p50, "p99_ms": r.p99, "max_ms": r.max, "per_second": r.per_second, "mean_hits": r.mean_hits}))
            .collect();
        let json = serde_json::json!({
            "records": total, "entries": args.entries, "index_bytes": size, "cores": cores,
            "indexing_seconds": indexing.as_secs_f64(), "records_per_second": docs_per_second,
            "merging_seconds": merging.as_secs_f64(), "runs": runs,
        });
        std::fs::write(
            path,
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        )
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
