//! Shared pieces of the storage tests: test databases and fixtures.

use urbis_domain::Dataset;
use urbis_store::Store;
use urbis_testkit::TestDb;

/// A document with one record of every kind, references between them, two forums.
pub const FULL: &str = include_str!("full.json");

/// The full fixture, read and prepared (keys replaced by UUIDs).
pub fn full() -> Dataset {
    let mut dataset = Dataset::from_json(FULL).expect("the fixture reads");
    dataset.prepare().expect("the fixture is valid");
    dataset
}

/// Opens a store on a test database.
pub async fn open(db: &TestDb) -> Store {
    Store::open(db.url())
        .await
        .expect("the test database opens")
}
