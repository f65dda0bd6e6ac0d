//! The one door to the store: pages, the JSON API, feeds, calendars and the command line reach
//! the records only through [`App`] and the use cases and read models that take it, so every
//! read is bounded and asks the access policy in one place.

use urbis_store::Store;

/// The application over one store: cheap to clone, one per process.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
}

impl App {
    /// The application over `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The store behind the door, for the use cases of this crate.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}
