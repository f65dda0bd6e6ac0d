//! One timed run of the searches by a number of concurrent clients: wall-clock and processor
//! time per search, percentiles, throughput.

use std::sync::Arc;
use std::time::{Duration, Instant};

use urbis_domain::{Id, Viewer};
use urbis_search::Search;

use crate::queries::Query;

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

/// What a run measured: latency percentiles (wall clock and processor), throughput, hits.
pub(crate) struct Run {
    /// The searches with their processor and wall-clock times, most processor time first
    /// (the wall-clock order mostly shows what else ran on the machine).
    pub(crate) slowest: Vec<(Duration, Duration, usize)>,
    /// The processor time of a search (its own thread's), whatever else runs on the machine.
    pub(crate) cpu_p50: f64,
    pub(crate) cpu_p99: f64,
    pub(crate) clients: usize,
    pub(crate) p50: f64,
    pub(crate) p99: f64,
    pub(crate) max: f64,
    pub(crate) per_second: f64,
    pub(crate) mean_hits: f64,
}

/// What one client measured: each search's time and number, processor times, hits found.
type ClientRun = (Vec<(Duration, usize)>, Vec<Duration>, usize);

/// Runs the searches, spread over `clients` threads, and measures each.
pub(crate) fn run(
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
