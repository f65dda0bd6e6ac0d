//! Advocacy, outreach and cooperations: the communication and umbrella sections.

use super::*;

impl<'a> Composer<'a> {
    pub(super) fn dated_in_year(&self, date: Option<&PartialDate>) -> bool {
        year_of(date).is_none_or(|y| y == self.year)
    }

    pub(super) fn advocacy_item(&self, a: &AdvocacyAction) -> Item {
        let w = &self.words;
        let mut facts = vec![w.get(&words::advocacy_kind(a.kind))];
        if let Some(d) = &a.date {
            facts.push(w.date(d));
        }
        if let Some(r) = a.recipient.as_ref().and_then(|r| self.org(r)) {
            facts.push(w.labelled("report-fact-recipient", &r));
        }
        let authors: Vec<String> = a
            .authors
            .iter()
            .filter_map(|c| self.contributor(c))
            .collect();
        if !authors.is_empty() {
            facts.push(w.labelled("report-fact-together-with", &authors.join(", ")));
        }
        if let Some(names) = self.orgs(&a.co_signers) {
            facts.push(w.labelled("advocacy-co-signers", &names));
        }
        let mut text: Vec<String> = a.summary.iter().map(|s| self.loc(s)).collect();
        if let Some(outcome) = &a.outcome {
            text.push(w.labelled("advocacy-outcome", &self.loc(outcome)));
        }
        Item {
            title: self.loc(&a.title),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    pub(super) fn cooperation_item(&self, c: &Cooperation) -> Item {
        let w = &self.words;
        let mut facts = vec![w.get(&words::cooperation_kind(c.kind))];
        let mut partners = vec![c.partner.clone()];
        partners.extend(c.with.iter().cloned());
        let named = partners.iter().filter_map(|id| self.org(id)).count();
        if let Some(names) = self.orgs(&partners) {
            let label = w.counted("report-fact-partner", named);
            facts.push(w.pair(&label, &names));
        }
        if let Some(since) = &c.since {
            facts.push(w.since(since));
        }
        let mut text: Vec<String> = c.description.iter().map(|d| self.loc(d)).collect();
        if let Some(site) = &c.website {
            text.push(format!("[{site}]({site})"));
        }
        Item {
            title: self.loc(&c.title),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    pub(super) fn cooperation_in_year(&self, c: &Cooperation) -> bool {
        covers(c.since.as_ref(), c.until.as_ref(), self.year)
    }

    pub(super) fn cooperations(&self, part: &str, pick: impl Fn(&Cooperation) -> bool) -> Part {
        let mut out = self.part(part);
        let mut shown: Vec<&Cooperation> = self
            .r
            .cooperations
            .shown
            .iter()
            .filter(|c| pick(c) && self.cooperation_in_year(c))
            .collect();
        shown.sort_by(|a, b| a.since.cmp(&b.since).then_with(|| a.id.cmp(&b.id)));
        out.items = shown
            .into_iter()
            .map(|c| self.cooperation_item(c))
            .collect();
        let counted = self
            .r
            .cooperations
            .counted
            .iter()
            .filter(|c| pick(c) && self.cooperation_in_year(c))
            .count();
        out.notes
            .extend(self.not_listed("report-noun-cooperation", counted));
        out
    }

    pub(super) fn with_umbrella(&self, c: &Cooperation) -> bool {
        self.r.umbrella_orgs.contains(&c.partner)
    }

    pub(super) fn communication(&self) -> Vec<Part> {
        let w = &self.words;
        let mut advocacy = self.part("report-part-advocacy");
        let mut actions: Vec<&AdvocacyAction> = self
            .r
            .advocacy
            .shown
            .iter()
            .filter(|a| self.dated_in_year(a.date.as_ref()))
            .collect();
        actions.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        advocacy.items = actions.into_iter().map(|a| self.advocacy_item(a)).collect();
        let counted = self
            .r
            .advocacy
            .counted
            .iter()
            .filter(|a| self.dated_in_year(a.date.as_ref()))
            .count();
        advocacy
            .notes
            .extend(self.not_listed("report-noun-advocacy", counted));

        let cooperations = self.cooperations("advocacy-cooperation-cooperation", |c| {
            matches!(
                c.kind,
                CooperationKind::Cooperation | CooperationKind::Chapter
            ) && !self.with_umbrella(c)
        });
        let networks = self.cooperations("report-part-networks", |c| {
            matches!(
                c.kind,
                CooperationKind::NetworkMembership | CooperationKind::AdvisoryBoardSeat
            ) && !self.with_umbrella(c)
        });

        let mut outreach = self.part("report-part-outreach");
        let mut contacts: Vec<&Outreach> = self
            .r
            .outreach
            .shown
            .iter()
            .filter(|o| self.dated_in_year(o.date.as_ref()))
            .collect();
        contacts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        outreach.items = contacts
            .into_iter()
            .map(|o| {
                let mut facts = vec![w.get(&words::outreach_kind(o.kind))];
                if let Some(d) = &o.date {
                    facts.push(w.date(d));
                }
                Item {
                    title: self.loc(&o.title),
                    facts,
                    text: o.description.as_ref().map(|d| self.loc(d)),
                }
            })
            .collect();
        let counted = self
            .r
            .outreach
            .counted
            .iter()
            .filter(|o| self.dated_in_year(o.date.as_ref()))
            .count();
        outreach
            .notes
            .extend(self.not_listed("report-noun-outreach", counted));
        vec![advocacy, cooperations, networks, outreach]
    }

    // --- umbrella -----------------------------------------------------------------------

    pub(super) fn umbrella(&self) -> Vec<Part> {
        let mut forums = self.part("report-part-national-forums");
        if let Some(umbrella) = &self.r.umbrella {
            if let Some(d) = &umbrella.description {
                forums.text.push(self.loc(d));
            }
            if !self.r.siblings.is_empty() {
                forums.text.push(
                    self.words
                        .counted("report-forum-count", self.r.siblings.len()),
                );
            }
            forums.items = self
                .r
                .siblings
                .iter()
                .map(|f| Item {
                    title: format!("{} ({})", self.loc(&f.name), f.short_name),
                    facts: f.country.iter().cloned().collect(),
                    text: None,
                })
                .collect();
        }
        let mut together = self.bucket_part("report-part-umbrella-cooperation", Bucket::Umbrella);
        let work = self.cooperations("report-part-umbrella-cooperation", |c| {
            self.with_umbrella(c)
        });
        together.items.extend(work.items);
        together.notes.extend(work.notes);
        vec![forums, together]
    }

    // --- outlook ------------------------------------------------------------------------
}
