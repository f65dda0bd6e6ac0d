//! `urbis-bench-search`: the search benchmark. It builds an index of a million synthetic
//! collection entries (plus events, publications, projects and organisations) in German and
//! English, deterministic from a seed, straight from generated records (not through the
//! store), and reports indexing throughput and the latency of a few thousand mixed searches
//! with the access filter, single-threaded and with 8 concurrent clients.

mod generate;
mod queries;
mod run;
mod words;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use urbis_domain::Id;
use urbis_search::{Search, WriterOptions};

use crate::generate::{Rng, World, doc, kind_of};
use crate::queries::{queries, viewers};
use crate::run::run;

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
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
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
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    })
}
