//! The mix of searches: one and two words in either language, phrases, typos in names, rare
//! words, filters and pages, asked by an anonymous visitor, a member and the staff in turn.

use urbis_domain::accounts::{ForumRole, User, UserStatus};
use urbis_domain::{Id, Kind, Lang, Viewer};
use urbis_search::Request;

use crate::generate::{Rng, rare};
use crate::words::{CITIES, DE, EN};

/// One search of the mix: text, filters, page, and who asks.
pub(crate) struct Query {
    pub(crate) request: Request,
    pub(crate) viewer: usize,
}

/// The `n` searches of the mix, each asked by one of the three viewers in turn.
pub(crate) fn queries(rng: &mut Rng, n: usize) -> Vec<Query> {
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

/// The viewers that ask: an anonymous visitor, a member and a staff member of `forum`.
pub(crate) fn viewers(forum: &Id) -> Vec<Viewer> {
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
