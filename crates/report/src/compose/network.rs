//! The introduction (the network and its members), the outlook and the office: the parts
//! about the network itself.

use super::*;

impl<'a> Composer<'a> {
    pub(super) fn introduction(&self) -> Vec<Part> {
        let members: Vec<&Membership> = self
            .r
            .memberships
            .shown
            .iter()
            .filter(|m| self.member_in_year(m))
            .collect();
        let counted = self
            .r
            .memberships
            .counted
            .iter()
            .filter(|m| self.member_in_year(m))
            .count();
        let mut part = self.part("report-part-members");
        part.text.push(
            self.words
                .counted("report-member-count", members.len() + counted),
        );
        let mut names: Vec<String> = members
            .iter()
            .filter_map(|m| self.member_name(&m.organisation))
            .collect();
        names.sort_by_cached_key(|n| n.to_lowercase());
        part.items = names
            .into_iter()
            .map(|title| Item {
                title,
                ..Item::default()
            })
            .collect();
        vec![part]
    }

    // --- events -------------------------------------------------------------------------

    pub(super) fn outlook(&self) -> Vec<Part> {
        let is_exchange = |e: &Event| matches!(e.kind, EventKind::WebExchange | EventKind::Webinar);
        let next = |list: &'a [Event], exchange: bool| {
            let mut events: Vec<&'a Event> = list
                .iter()
                .filter(|e| e.status != EventStatus::Cancelled && is_exchange(e) == exchange)
                .collect();
            events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
            events
        };
        let events = self.events_part(
            self.part("nav-events"),
            &next(&self.r.next_events.shown, false),
            &next(&self.r.next_events.counted, false),
        );
        let exchanges = self.events_part(
            self.part("report-part-outlook-web-exchanges"),
            &next(&self.r.next_events.shown, true),
            &next(&self.r.next_events.counted, true),
        );
        let mut topics = self.part("report-part-outlook-topics");
        if let Some(plan) = self.plan(self.year + 1) {
            topics.items = self
                .topic_names(&plan.outlook)
                .into_iter()
                .map(|title| Item {
                    title,
                    ..Item::default()
                })
                .collect();
            if let Some(note) = &plan.note
                && !topics.items.is_empty()
            {
                topics.text.push(self.loc(note));
            }
        }
        vec![events, exchanges, topics]
    }

    // --- office -------------------------------------------------------------------------

    pub(super) fn office(&self) -> Vec<Part> {
        let active = |a: &&Appointment| covers(a.start.as_ref(), a.end.as_ref(), self.year);
        let build = |label: &str, board: bool| {
            let mut part = self.part(label);
            let mut shown: Vec<&Appointment> = self
                .r
                .appointments
                .shown
                .iter()
                .filter(|a| a.role.is_board() == board)
                .filter(active)
                .collect();
            shown.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.id.cmp(&b.id)));
            let mut hidden = self
                .r
                .appointments
                .counted
                .iter()
                .filter(|a| a.role.is_board() == board)
                .filter(active)
                .count();
            for a in shown {
                let Some(person) = self.person(&a.person) else {
                    hidden += 1;
                    continue;
                };
                let mut facts = vec![
                    a.title
                        .as_ref()
                        .map_or_else(|| self.words.get(&words::role(a.role)), |t| self.loc(t)),
                ];
                // A board member's function says where they come from; for the office it
                // would only repeat the printed title.
                if let Some(function) = &person.function
                    && (board || a.title.is_none())
                {
                    facts.push(self.loc(function));
                }
                if let Some(start) = &a.start {
                    facts.push(self.words.since(start));
                }
                part.items.push(Item {
                    title: person.display_name(),
                    facts,
                    text: a.note.as_ref().map(|n| self.loc(n)),
                });
            }
            part.notes
                .extend(self.not_listed("report-noun-person", hidden));
            part
        };
        vec![
            build("report-part-board", true),
            build("about-staff", false),
        ]
    }
}
