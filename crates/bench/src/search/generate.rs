//! The generated records: a seeded generator, sentences from the word lists with a long tail
//! of rare words, and documents of every kind.

use urbis_domain::{Access, Id, Kind, Lang, PartialDate, Shared, Text};
use urbis_search::Doc;

use crate::words::{CITIES, DE, EN};

/// A small deterministic generator (SplitMix64): the same seed gives the same data.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), evenly spread.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Skewed towards small numbers, as word frequencies are.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }

    /// A word of the list, common ones (the first) more often.
    pub(crate) fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.skewed(words.len())]
    }
}

/// A word that is not in the lists: the long tail of a real vocabulary.
pub(crate) fn rare(rng: &mut Rng) -> String {
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

/// The forums and topics the generated records belong to.
pub(crate) struct World {
    pub(crate) forum: Id,
    pub(crate) other_forum: Id,
    pub(crate) topics: Vec<Id>,
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

/// A generated record of `kind`: title and text in German, English or both, topics, a year,
/// an access level; one in ten in the other forum.
pub(crate) fn doc(rng: &mut Rng, world: &World, kind: Kind) -> Doc {
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

/// The kind of the `i`-th record: entries first, then the other kinds in turn.
pub(crate) fn kind_of(i: u64, entries: u64) -> Kind {
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
