//! The information collections of the year.

use super::*;

impl<'a> Composer<'a> {
    pub(super) fn collection_in_year(&self, c: &Collection) -> bool {
        !c.archived && year_of(c.started.as_ref()).is_none_or(|s| s <= self.year)
    }

    pub(super) fn knowledge(&self) -> Vec<Part> {
        let shown: Vec<&Collection> = self
            .r
            .collections
            .shown
            .iter()
            .filter(|c| self.collection_in_year(c))
            .collect();
        let counted: Vec<&Collection> = self
            .r
            .collections
            .counted
            .iter()
            .filter(|c| self.collection_in_year(c))
            .collect();
        let mut part = self.part("nav-collections");
        let total = shown.len() + counted.len();
        if total > 0 {
            let new = shown
                .iter()
                .chain(counted.iter())
                .filter(|c| year_of(c.started.as_ref()) == Some(self.year))
                .count();
            let mut text = self.words.counted("report-collection-count", total);
            if new > 0 {
                text.push(' ');
                text.push_str(&self.words.counted("report-collections-new", new));
            }
            part.text.push(text);
        }
        let mut items: Vec<Item> = shown
            .iter()
            .map(|c| {
                let mut facts = Vec::new();
                if year_of(c.started.as_ref()) == Some(self.year) {
                    facts.push(self.words.new_in());
                }
                Item {
                    title: self.loc(&c.title),
                    facts,
                    text: None,
                }
            })
            .collect();
        items.sort_by_cached_key(|i| i.title.to_lowercase());
        part.items = items;
        // The sentence above already gives the number when none can be listed by title.
        if !part.items.is_empty() {
            part.notes
                .extend(self.not_listed("report-noun-collection", counted.len()));
        }
        vec![
            part,
            self.bucket_part("report-part-training", Bucket::Training),
        ]
    }

    // --- projects -----------------------------------------------------------------------
}
