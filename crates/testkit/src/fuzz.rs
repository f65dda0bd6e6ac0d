//! The fuzz targets' runner: proptest cases whose number comes from `PROPTEST_CASES` (a short
//! pass by default, so the whole test suite stays quick), failures kept as regressions next to
//! the test file, a watchdog that fails a case which runs too long, and the number of executions
//! printed for the release notes.
//!
//! ```no_run
//! use proptest::prelude::*;
//! urbis_testkit::fuzz::run("example", file!(), 64, ".*", |text: String| {
//!     prop_assert!(text.len() < usize::MAX);
//!     Ok(())
//! });
//! ```

use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{
    Config, FileFailurePersistence, TestCaseResult, TestError, TestRunner,
};

/// How long one case may run before the watchdog calls it a hang (debug builds are slow, and
/// the machine is shared; a real hang runs forever).
pub const CASE_LIMIT: Duration = Duration::from_secs(20);

/// Forgets the running case when it ends, also by a panic.
struct Clear<'a>(&'a Mutex<Option<(Instant, String)>>);

impl Drop for Clear<'_> {
    fn drop(&mut self) {
        if let Ok(mut c) = self.0.lock() {
            *c = None;
        }
    }
}

/// The number of cases: `PROPTEST_CASES` when set, else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Runs `test` on `cases(default_cases)` inputs drawn from `strategy`, replaying the
/// regressions saved beside `source_file` first; panics with the smallest failing input.
/// Prints `fuzz NAME: N executions in S s` (also on failure).
pub fn run<S>(
    name: &str,
    source_file: &'static str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> TestCaseResult,
) where
    S: Strategy,
    S::Value: Debug,
{
    let config = Config {
        cases: cases(default_cases),
        source_file: Some(source_file),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        // Shrinking a slow target must not run for ever either.
        max_shrink_time: 60_000,
        ..Config::default()
    };
    let executions = Arc::new(AtomicU64::new(0));
    let current: Arc<Mutex<Option<(Instant, String)>>> = Arc::new(Mutex::new(None));
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let current = Arc::clone(&current);
        let done = Arc::clone(&done);
        let name = name.to_owned();
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let slow = current
                    .lock()
                    .ok()
                    .and_then(|c| c.as_ref().map(|(at, input)| (at.elapsed(), input.clone())))
                    .filter(|(elapsed, _)| *elapsed > CASE_LIMIT);
                if let Some((elapsed, input)) = slow {
                    eprintln!(
                        "fuzz {name}: a case hangs ({} s so far) on the input {input}",
                        elapsed.as_secs()
                    );
                    std::process::exit(101);
                }
            }
        })
    };
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |input| {
        executions.fetch_add(1, Ordering::Relaxed);
        let mut shown = format!("{input:?}");
        if shown.len() > 4_000 {
            let mut end = 4_000;
            while !shown.is_char_boundary(end) {
                end -= 1;
            }
            shown.truncate(end);
            shown.push_str(" …");
        }
        if let Ok(mut c) = current.lock() {
            *c = Some((Instant::now(), shown));
        }
        let _clear = Clear(&current);
        test(input)
    });
    done.store(true, Ordering::Relaxed);
    let _ = watchdog.join();
    println!(
        "fuzz {name}: {} executions in {:.1} s",
        executions.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => {
            panic!("fuzz {name} failed: {reason}\nminimal input: {input:?}")
        }
        Err(TestError::Abort(reason)) => panic!("fuzz {name} aborted: {reason}"),
    }
}

/// One change to a byte string, as a fuzzer makes them; positions wrap around the length.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Replaces the byte at a position.
    Set(usize, u8),
    /// Inserts bytes at a position.
    Insert(usize, Vec<u8>),
    /// Removes up to `len` bytes from a position.
    Delete(usize, usize),
    /// Repeats up to `len` bytes from a position `times` times.
    Repeat(usize, usize, usize),
    /// Cuts the bytes off at a position.
    Truncate(usize),
}

/// Up to `max` mutations: single bytes (often the ones that mean something in CSV, JSON, XML),
/// insertions, deletions, repeats and truncations.
pub fn mutations(max: usize) -> impl Strategy<Value = Vec<Mutation>> {
    use proptest::prelude::*;
    let special =
        prop::sample::select(b"\0\x01\t\n\r \"',;:{}[]<>/\\=&#\x7f\x80\xbf\xc3\xff".to_vec());
    let byte = prop_oneof![special, any::<u8>()];
    let mutation = prop_oneof![
        4 => (any::<usize>(), byte).prop_map(|(at, b)| Mutation::Set(at, b)),
        3 => (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        3 => (any::<usize>(), 1usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (any::<usize>(), 1usize..256, 1usize..64)
            .prop_map(|(at, n, times)| Mutation::Repeat(at, n, times)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ];
    prop::collection::vec(mutation, 0..=max)
}

/// `bytes` with `mutations` applied in order.
pub fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for mutation in mutations {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match mutation {
            Mutation::Set(i, b) => {
                if !out.is_empty() {
                    let i = i % out.len();
                    out[i] = *b;
                }
            }
            Mutation::Insert(i, b) => {
                let i = at(*i, out.len());
                out.splice(i..i, b.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let i = at(*i, out.len());
                let end = (i + n).min(out.len());
                out.drain(i..end);
            }
            Mutation::Repeat(i, n, times) => {
                let i = at(*i, out.len());
                let end = (i + n).min(out.len());
                let piece = out[i..end].to_vec();
                for _ in 0..*times {
                    out.splice(end..end, piece.iter().copied());
                }
            }
            Mutation::Truncate(i) => {
                let i = at(*i, out.len());
                out.truncate(i);
            }
        }
    }
    out
}
