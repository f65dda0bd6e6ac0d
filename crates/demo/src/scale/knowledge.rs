//! Copies of collections and entries, and new entries on every copied board.

use urbis_domain::knowledge::{Collection, Entry, EntryKind, RecordRef};
use urbis_domain::{Id, Kind, Lang, PartialDate, Text};

use super::words::{ascii_slug, capital};
use super::{Generator, Pool, day_date, month, words};

impl Generator {
    /// Varies a collection: a slug unique per copy, title, description, start year.
    pub(super) fn collection(&mut self, r: &mut Collection, copy: u32, index: usize) {
        let theme = self.theme();
        let (board_de, board_en) = *self.pick(words::BOARDS);
        r.slug = format!("{}-{copy}-{index}", ascii_slug(theme.1));
        r.title = Text::new(Lang::De, format!("{}: {board_de}", capital(theme.0)))
            .with(Lang::En, format!("{}: {board_en}", capital(theme.1)));
        r.description = Some(self.description(theme));
        let started = self.day();
        r.started = Some(PartialDate::year(day_date(started).year()));
        (r.created, r.updated) = self.stamps(started + 1);
    }

    /// Between 5 and 40 new links and notes on a collection's board.
    pub(super) fn extra_entries(
        &mut self,
        collection: &Collection,
        pool: &Pool,
        out: &mut Vec<Entry>,
    ) {
        let count = self.between(5, 40);
        for _ in 0..count {
            let theme = self.theme();
            let (document_de, document_en) = *self.pick(words::DOCUMENTS);
            let city = self.city();
            let link = self.chance(65);
            let date = self.day();
            let (created, updated) = self.stamps(date + 1);
            let mut entry = Entry {
                id: self.id(),
                forum: Id::default(),
                access: collection.access,
                created,
                updated,
                collection: collection.id.clone(),
                section: None,
                kind: if link {
                    EntryKind::Link
                } else {
                    EntryKind::Note
                },
                title: Text::new(
                    Lang::De,
                    format!("{document_de}: {} in {city}", capital(theme.0)),
                )
                .with(
                    Lang::En,
                    format!("{document_en}: {} in {city}", capital(theme.1)),
                ),
                body: Some(self.description(theme)),
                url: link.then(|| {
                    format!(
                        "https://www.{}.example/praevention/{}",
                        ascii_slug(city),
                        ascii_slug(theme.1)
                    )
                }),
                file: None,
                reference: None,
                author: self.pick_id(&pool.people),
                organisation: self.pick_id(&pool.organisations),
                date: Some(month(date)),
                pinned: self.chance(5),
                archived: self.chance(3),
                topics: collection.topics.clone(),
                example: true,
            };
            if !collection.sections.is_empty() {
                entry.section = Some(self.pick(&collection.sections).key.clone());
            }
            if !link && !pool.events.is_empty() && self.chance(20) {
                entry.kind = EntryKind::Reference;
                entry.reference = self.pick_id(&pool.events).map(|id| RecordRef {
                    kind: Kind::Event,
                    id,
                });
            }
            out.push(entry);
        }
    }

    /// Varies a template entry: title, body, author from the copy, date.
    pub(super) fn entry(&mut self, r: &mut Entry, pool: &Pool) {
        let theme = self.theme();
        let (document_de, document_en) = *self.pick(words::DOCUMENTS);
        r.title = Text::new(Lang::De, format!("{document_de}: {}", capital(theme.0)))
            .with(Lang::En, format!("{document_en}: {}", capital(theme.1)));
        if r.body.is_some() {
            r.body = Some(self.description(theme));
        }
        if r.author.is_some() {
            r.author = self.pick_id(&pool.people);
        }
        let date = self.day();
        r.date = Some(month(date));
        (r.created, r.updated) = self.stamps(date + 1);
        r.example = true;
    }
}
