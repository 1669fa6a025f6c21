//! Where "now" comes from. Production reads the system clock; tests use a manual clock
//! they can set and move, so that dates on pages are predictable.

use gazette_domain::Timestamp;
use std::sync::{Arc, Mutex, PoisonError};

/// A source of the current time.
#[derive(Clone, Debug)]
pub struct Clock(Source);

#[derive(Clone, Debug)]
enum Source {
    System,
    Manual(Arc<Mutex<Timestamp>>),
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// A clock that stands at `start` until moved.
    pub fn manual(start: Timestamp) -> Self {
        Self(Source::Manual(Arc::new(Mutex::new(start))))
    }

    /// The current time.
    pub fn now(&self) -> Timestamp {
        match &self.0 {
            Source::System => Timestamp::now(),
            Source::Manual(current) => *current.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Moves a manual clock forward by `seconds`; the system clock cannot be moved and
    /// ignores this.
    pub fn advance(&self, seconds: i64) {
        if let Source::Manual(current) = &self.0 {
            let mut guard = current.lock().unwrap_or_else(PoisonError::into_inner);
            *guard = guard.plus_seconds(seconds);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start: Timestamp = "2024-04-24T10:00:00Z".parse().unwrap();
        let clock = Clock::manual(start);
        assert_eq!(clock.now(), start);
        clock.advance(90);
        assert_eq!(clock.now().to_string(), "2024-04-24T10:01:30Z");
    }
}
