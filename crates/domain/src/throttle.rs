//! How long a login that failed too often must wait: the rule the store applies inside the
//! transaction that counts an attempt, so that parallel guesses are judged one after the other.

use jiff::Timestamp;

/// The longest wait, in seconds.
pub const MOST_WAIT_SECONDS: i64 = 15 * 60;

/// The throttle of one kind of key (an account, a network address): how many failures are
/// free before each further attempt must wait, the wait doubling with every failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttle {
    /// Failures before the first wait.
    pub free_failures: i64,
}

impl Throttle {
    /// The wait still owed, in seconds, by a key with `failures` counted, the last at `last`.
    pub fn wait_seconds(self, failures: i64, last: Timestamp, now: Timestamp) -> i64 {
        if failures < self.free_failures {
            return 0;
        }
        let exponent = u32::try_from((failures - self.free_failures).min(20)).unwrap_or(20);
        let wait = 2_i64.saturating_pow(exponent).min(MOST_WAIT_SECONDS);
        let waited = now.duration_since(last).as_secs();
        (wait - waited).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    #[test]
    fn waits_grow_after_the_free_failures_and_are_capped() {
        let five = Throttle { free_failures: 5 };
        let last: Timestamp = "2026-01-01T10:00:00Z".parse().unwrap();
        assert_eq!(five.wait_seconds(4, last, last), 0);
        assert_eq!(five.wait_seconds(5, last, last), 1);
        assert_eq!(five.wait_seconds(8, last, last), 8);
        assert_eq!(five.wait_seconds(40, last, last), MOST_WAIT_SECONDS);
        let later = last.checked_add(SignedDuration::from_secs(5)).unwrap();
        assert_eq!(five.wait_seconds(8, last, later), 3);
    }
}
