//! One copy of the template forum's records, every reference renamed to the copy's ids.

use std::collections::HashMap;

use urbis_domain::{ForumData, Id, Record};

use super::{Generator, Pool};

impl Generator {
    /// Makes copy number `copy` of the template's records and appends them to `data`.
    pub(super) fn copy(&mut self, template: &ForumData, copy: u32, data: &mut ForumData) {
        let mut ids: HashMap<Id, Id> = HashMap::new();
        macro_rules! assign {
            ($($field:ident),*) => {
                $( for record in &template.$field { let id = self.id(); ids.insert(record.id().clone(), id); } )*
            };
        }
        assign!(
            organisations,
            memberships,
            people,
            funding_calls,
            projects,
            funding_applications,
            series,
            events,
            collections,
            entries,
            publications,
            advocacy_actions,
            cooperations,
            outreach
        );
        let mut pool = Pool {
            people: Vec::new(),
            organisations: Vec::new(),
            projects: Vec::new(),
            events: Vec::new(),
        };
        for record in &template.organisations {
            let mut r = mapped(record, &ids);
            self.organisation(&mut r);
            pool.organisations.push(r.id.clone());
            data.organisations.push(r);
        }
        for record in &template.memberships {
            let mut r = mapped(record, &ids);
            self.membership(&mut r);
            data.memberships.push(r);
        }
        for (i, record) in template.people.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.person(&mut r, copy, i);
            pool.people.push(r.id.clone());
            data.people.push(r);
        }
        for record in &template.funding_calls {
            let mut r = mapped(record, &ids);
            self.funding_call(&mut r);
            data.funding_calls.push(r);
        }
        for (i, record) in template.projects.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.project(&mut r, copy, i);
            pool.projects.push(r.id.clone());
            data.projects.push(r);
        }
        for (i, record) in template.funding_applications.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.application(&mut r, copy, i);
            data.funding_applications.push(r);
        }
        for record in &template.series {
            let mut r = mapped(record, &ids);
            self.series(&mut r);
            data.series.push(r);
        }
        for record in &template.events {
            let mut r = mapped(record, &ids);
            let start_day = self.event(&mut r);
            pool.events.push(r.id.clone());
            self.registrations(&r, start_day, &pool, &mut data.registrations);
            data.events.push(r);
        }
        for (i, record) in template.collections.iter().enumerate() {
            let mut r = mapped(record, &ids);
            self.collection(&mut r, copy, i);
            self.extra_entries(&r, &pool, &mut data.entries);
            data.collections.push(r);
        }
        for record in &template.entries {
            let mut r = mapped(record, &ids);
            self.entry(&mut r, &pool);
            data.entries.push(r);
        }
        for record in &template.publications {
            let mut r = mapped(record, &ids);
            self.publication(&mut r, &pool);
            data.publications.push(r);
        }
        if let Some(first) = template.publications.first() {
            for _ in 0..4 {
                let mut r = first.clone();
                r.id = self.id();
                r.event = None;
                r.file = None;
                self.publication(&mut r, &pool);
                data.publications.push(r);
            }
        }
        for record in &template.advocacy_actions {
            let mut r = mapped(record, &ids);
            self.advocacy(&mut r);
            data.advocacy_actions.push(r);
        }
        for record in &template.cooperations {
            let mut r = mapped(record, &ids);
            self.cooperation(&mut r);
            data.cooperations.push(r);
        }
        for record in &template.outreach {
            let mut r = mapped(record, &ids);
            self.outreach(&mut r);
            data.outreach.push(r);
        }
    }
}

/// A copy of a template record with its new id and its references to copied records renamed.
fn mapped<R: Record>(record: &R, ids: &HashMap<Id, Id>) -> R {
    let mut copy = record.clone();
    if let Some(id) = ids.get(record.id()) {
        *copy.id_mut() = id.clone();
    }
    copy.visit_refs(&mut |_, _, id| {
        if let Some(new) = ids.get(id) {
            *id = new.clone();
        }
    });
    copy
}
