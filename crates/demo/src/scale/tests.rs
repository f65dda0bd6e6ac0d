//! Unit tests of the generator: determinism, growth, and every check passed.

use urbis_domain::Record;

use super::words::ascii_slug;
use super::*;

fn count(dataset: &Dataset) -> usize {
    struct Counter(usize);
    impl urbis_domain::ListVisitor for Counter {
        fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
            self.0 += list.len();
        }
    }
    let mut counter = Counter(0);
    for data in &mut dataset.clone().forums {
        data.visit_lists(&mut counter);
    }
    counter.0
}

#[test]
fn factor_one_is_the_plain_demo() {
    let plain = dataset().unwrap_or_else(|e| panic!("{e}"));
    let scaled = scaled(1, DEFAULT_SEED).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count(&plain), count(&scaled));
}

#[test]
fn the_same_seed_gives_the_same_document_and_another_seed_another() {
    /// Notes the length of every list, then cuts that many records off the front of each.
    struct Generated {
        lengths: Vec<usize>,
        next: Option<usize>,
    }
    impl urbis_domain::ListVisitor for Generated {
        fn visit<R: Record>(&mut self, list: &mut Vec<R>) {
            match &mut self.next {
                None => self.lengths.push(list.len()),
                Some(i) => {
                    list.drain(..self.lengths[*i].min(list.len()));
                    *i += 1;
                }
            }
        }
    }
    let mut generated = Generated {
        lengths: Vec::new(),
        next: None,
    };
    for data in &mut dataset().unwrap_or_else(|e| panic!("{e}")).forums {
        data.visit_lists(&mut generated);
    }
    // The demo's own records get their timestamps at parse time; compare the copies.
    let mut strip = |mut d: Dataset| {
        generated.next = Some(0);
        for data in &mut d.forums {
            data.forum = None;
            data.visit_lists(&mut generated);
        }
        d.to_json()
    };
    let a = strip(scaled(3, 7).unwrap_or_else(|e| panic!("{e}")));
    let b = strip(scaled(3, 7).unwrap_or_else(|e| panic!("{e}")));
    let c = strip(scaled(3, 8).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn a_scaled_document_grows_with_the_factor_and_passes_every_check() {
    let plain = count(&dataset().unwrap_or_else(|e| panic!("{e}")));
    let mut three = scaled(3, DEFAULT_SEED).unwrap_or_else(|e| panic!("{e}"));
    let records = count(&three);
    assert!(records > 3 * plain, "{records} records from {plain}");
    let defus = three
        .forums
        .iter()
        .find(|d| {
            d.forum
                .as_ref()
                .is_some_and(|f| f.short_name == SCALED_FORUM)
        })
        .unwrap_or_else(|| panic!("no DEFUS"));
    assert!(!defus.registrations.is_empty());
    assert!(defus.events.iter().filter(|e| e.example).count() > 60);
    let external = three
        .prepare()
        .unwrap_or_else(|problems| panic!("{problems}"));
    assert!(external.is_empty(), "{external:?}");
}

#[test]
fn slugs_are_ascii() {
    assert_eq!(ascii_slug("Düsseldorf"), "duesseldorf");
    assert_eq!(ascii_slug("Halle (Saale)"), "halle-saale");
    assert_eq!(ascii_slug("women's safety"), "women-s-safety");
}

#[test]
fn no_copied_application_waits_years_for_its_decision() {
    use urbis_domain::projects::ApplicationStatus;
    let plain = dataset().unwrap_or_else(|e| panic!("{e}"));
    let own: std::collections::HashSet<String> = plain
        .forums
        .iter()
        .flat_map(|f| f.funding_applications.iter().map(|a| a.acronym.clone()))
        .collect();
    let scaled = scaled(5, DEFAULT_SEED).unwrap_or_else(|e| panic!("{e}"));
    let last_year = day_date(TODAY - 365).year();
    let copies = scaled
        .forums
        .iter()
        .flat_map(|f| &f.funding_applications)
        .filter(|a| !own.contains(&a.acronym));
    let mut waiting = 0;
    for copy in copies {
        if matches!(
            copy.status,
            ApplicationStatus::Submitted | ApplicationStatus::InPreparation
        ) {
            waiting += 1;
            let submitted = copy.submitted.as_ref().map(PartialDate::year_number);
            assert!(
                submitted.is_none_or(|year| year >= last_year),
                "{} still waits, submitted {submitted:?}",
                copy.acronym
            );
        }
    }
    assert!(waiting > 0, "copies of waiting applications exist");
}
