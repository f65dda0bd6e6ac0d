//! The events of the year: sorted into the reference report's buckets, grouped by series;
//! the exchange section.

use super::*;

impl<'a> Composer<'a> {
    pub(super) fn bucket(&self, e: &Event) -> Bucket {
        match e.kind {
            EventKind::GeneralMeeting => Bucket::GeneralMeetings,
            EventKind::UmbrellaAssembly | EventKind::UmbrellaCommittee => Bucket::UmbrellaEvents,
            EventKind::Meeting
                if e.host
                    .as_ref()
                    .is_some_and(|h| self.r.umbrella_orgs.contains(h)) =>
            {
                Bucket::Umbrella
            }
            EventKind::Meeting => Bucket::Further,
            EventKind::WebExchange
            | EventKind::Webinar
            | EventKind::RoundTable
            | EventKind::Workshop
            | EventKind::StudyVisit => Bucket::Thematic,
            EventKind::Panel
            | EventKind::Symposium
            | EventKind::Conference
            | EventKind::Presentation => Bucket::Special,
            EventKind::Training | EventKind::Seminar => Bucket::Training,
        }
    }

    pub(super) fn year_events(&self, bucket: Bucket) -> (Vec<&'a Event>, Vec<&'a Event>) {
        let pick = |list: &'a [Event]| {
            let mut events: Vec<&'a Event> = list
                .iter()
                .filter(|e| e.status != EventStatus::Cancelled && self.bucket(e) == bucket)
                .collect();
            events.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.id.cmp(&b.id)));
            events
        };
        (pick(&self.r.events.shown), pick(&self.r.events.counted))
    }

    pub(super) fn event_item(&self, e: &Event) -> Item {
        let w = &self.words;
        let mut facts = vec![w.range(&e.start, e.end.as_ref())];
        if let Some(days) = e.days
            && e.end.is_none()
        {
            facts.push(w.days(days));
        }
        if let Some(format) = e.format {
            facts.push(w.get(&words::format(format)));
        }
        if let Some(city) = &e.city {
            facts.push(city.clone());
        }
        if let Some(host) = e.host.as_ref().and_then(|h| self.org(h)) {
            facts.push(w.labelled("event-host", &host));
        }
        if let Some(with) = self.orgs(&e.co_organisers) {
            facts.push(w.labelled("report-fact-together-with", &with));
        }
        if let Some(count) = e.participants {
            facts.push(w.participants(count));
        }
        if e.status == EventStatus::Planned && e.start.year_number() <= self.year {
            facts.push(w.get("event-status-planned"));
        }
        let speakers: Vec<String> = e
            .speakers
            .iter()
            .filter_map(|s| self.contributor(s))
            .collect();
        let mut text: Vec<String> = Vec::new();
        if let Some(d) = &e.description {
            text.push(self.loc(d));
        }
        if !speakers.is_empty() {
            text.push(w.labelled("report-fact-with", &speakers.join(", ")));
        }
        let links: Vec<String> = e
            .media
            .iter()
            .chain(e.report.iter())
            .map(|l| {
                let title = l
                    .title
                    .as_ref()
                    .map_or_else(|| l.url.clone(), |t| self.loc(t));
                format!("[{}]({})", title.replace(['[', ']'], ""), l.url)
            })
            .collect();
        if !links.is_empty() {
            text.push(w.labelled("report-fact-links", &links.join(", ")));
        }
        Item {
            title: self.loc(&e.title),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    /// A part of events, grouped by their series; counted events become notes in their series'
    /// part when the series may be read, else in the part itself.
    pub(super) fn events_part(&self, mut part: Part, shown: &[&Event], counted: &[&Event]) -> Part {
        let mut series_order: Vec<&Id> = Vec::new();
        let mut series_items: HashMap<&Id, Vec<Item>> = HashMap::new();
        let mut series_counted: HashMap<&Id, BTreeMap<&'static str, (EventKind, usize)>> =
            HashMap::new();
        let mut own_counted: BTreeMap<&'static str, (EventKind, usize)> = BTreeMap::new();
        for e in shown {
            match e.series.as_ref().filter(|s| self.r.series.contains_key(*s)) {
                Some(s) => {
                    if !series_order.contains(&s) {
                        series_order.push(s);
                    }
                    series_items.entry(s).or_default().push(self.event_item(e));
                }
                None => part.items.push(self.event_item(e)),
            }
        }
        for e in counted {
            let key = kind_key(e.kind);
            match e.series.as_ref().filter(|s| self.r.series.contains_key(*s)) {
                Some(s) => {
                    if !series_order.contains(&s) {
                        series_order.push(s);
                    }
                    series_counted
                        .entry(s)
                        .or_default()
                        .entry(key)
                        .or_insert((e.kind, 0))
                        .1 += 1;
                }
                None => own_counted.entry(key).or_insert((e.kind, 0)).1 += 1,
            }
        }
        for id in series_order {
            let Some(series) = self.r.series.get(id) else {
                continue;
            };
            let mut sub = Part::new(self.loc(&series.title));
            if let Some(d) = &series.description {
                sub.text.push(self.loc(d));
            }
            if let Some(count) = series.participants {
                sub.text.push(self.words.participants_each(count));
            }
            sub.items = series_items.remove(id).unwrap_or_default();
            for (kind, n) in series_counted.remove(id).unwrap_or_default().into_values() {
                sub.notes
                    .extend(self.not_listed(words::event_noun(kind), n));
            }
            part.parts.push(sub);
        }
        for (kind, n) in own_counted.into_values() {
            part.notes
                .extend(self.not_listed(words::event_noun(kind), n));
        }
        part
    }

    pub(super) fn bucket_part(&self, part: &str, bucket: Bucket) -> Part {
        let (shown, counted) = self.year_events(bucket);
        self.events_part(self.part(part), &shown, &counted)
    }

    pub(super) fn topic_names(&self, ids: &[Id]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| self.r.topics.get(id))
            .map(|t| self.loc(&t.name))
            .collect()
    }

    pub(super) fn plan(&self, year: i16) -> Option<&TopicPlan> {
        self.r.plans.iter().find(|p| p.year == year)
    }

    pub(super) fn exchange(&self) -> Vec<Part> {
        let mut thematic = self.bucket_part("report-part-thematic-exchange", Bucket::Thematic);
        if let Some(plan) = self.plan(self.year) {
            let focus = self.topic_names(&plan.focus);
            if !focus.is_empty() && !thematic.is_empty() {
                thematic.text.insert(0, self.words.focus(&focus));
            }
        }
        vec![
            self.bucket_part("report-part-general-meetings", Bucket::GeneralMeetings),
            self.bucket_part("report-part-umbrella-events", Bucket::UmbrellaEvents),
            thematic,
            self.bucket_part("report-part-special-events", Bucket::Special),
            self.bucket_part("report-part-further-meetings", Bucket::Further),
        ]
    }

    // --- knowledge ----------------------------------------------------------------------
}

/// A key that orders event kinds for the notes.
fn kind_key(kind: EventKind) -> &'static str {
    match kind {
        EventKind::GeneralMeeting => "a",
        EventKind::UmbrellaAssembly => "b",
        EventKind::UmbrellaCommittee => "c",
        EventKind::WebExchange => "d",
        EventKind::Webinar => "e",
        EventKind::Panel => "f",
        EventKind::Symposium => "g",
        EventKind::Seminar => "h",
        EventKind::Training => "i",
        EventKind::Workshop => "j",
        EventKind::StudyVisit => "k",
        EventKind::Conference => "l",
        EventKind::RoundTable => "m",
        EventKind::Presentation => "n",
        EventKind::Meeting => "o",
    }
}
