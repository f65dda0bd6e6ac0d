//! Projects and funding applications of the year.

use super::*;

impl<'a> Composer<'a> {
    pub(super) fn funder(&self, funder: Option<&Id>, programme: Option<&str>) -> Option<String> {
        match (funder.and_then(|f| self.org(f)), programme) {
            (Some(f), Some(p)) => Some(format!("{f} ({p})")),
            (Some(f), None) => Some(f),
            (None, Some(p)) => Some(p.to_owned()),
            (None, None) => None,
        }
    }

    pub(super) fn project_item(&self, p: &Project) -> Item {
        let w = &self.words;
        let mut facts = Vec::new();
        match (&p.start, &p.end) {
            (Some(s), e) => facts.push(w.range(s, e.as_ref())),
            (None, Some(e)) => facts.push(format!("– {}", w.date(e))),
            (None, None) => {}
        }
        if let Some(role) = &p.network_role {
            facts.push(w.labelled("report-fact-role", &self.loc(role)));
        }
        if let Some(c) = p.coordinator.as_ref().and_then(|c| self.org(c)) {
            facts.push(w.labelled("bo-value-coordinator", &c));
        }
        if let Some(f) = self.funder(p.funder.as_ref(), p.programme.as_deref()) {
            facts.push(w.labelled("board-funder", &f));
        }
        let partners: Vec<Id> = p
            .partners
            .iter()
            .map(|x| x.organisation.clone())
            .filter(|o| p.coordinator.as_ref() != Some(o))
            .collect();
        if let Some(names) = self.orgs(&partners) {
            facts.push(w.labelled("project-partners", &names));
        }
        if let Some(names) = self.orgs(&p.members_involved) {
            facts.push(w.labelled("project-member-involved", &names));
        }
        let mut text: Vec<String> = p.description.iter().map(|d| self.loc(d)).collect();
        if let Some(site) = &p.website {
            text.push(format!("[{site}]({site})"));
        }
        Item {
            title: format!("{} – {}", p.acronym, self.loc(&p.title)),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    pub(super) fn application_in_year(&self, a: &FundingApplication) -> bool {
        let pending = matches!(
            a.status,
            ApplicationStatus::InPreparation | ApplicationStatus::Submitted
        );
        year_of(a.submitted.as_ref()) == Some(self.year)
            || year_of(a.decided.as_ref()) == Some(self.year)
            || (pending && year_of(a.submitted.as_ref()).is_none_or(|s| s <= self.year))
    }

    pub(super) fn application_item(&self, a: &FundingApplication) -> Item {
        let w = &self.words;
        let call = a.call.as_ref().and_then(|c| self.r.calls.get(c));
        let status = w.get(&words::application_status(a.status));
        let mut facts = vec![w.labelled("report-fact-status", &status)];
        let funder = a.funder.as_ref().or(call.and_then(|c| c.funder.as_ref()));
        let programme = a
            .programme
            .as_deref()
            .or(call.and_then(|c| c.programme.as_deref()));
        if let Some(f) = self.funder(funder, programme) {
            facts.push(w.labelled("board-funder", &f));
        }
        if let Some(call) = call {
            facts.push(w.labelled("board-call", &self.loc(&call.title)));
        }
        if let Some(lead) = a.lead.as_ref().and_then(|l| self.org(l)) {
            facts.push(w.labelled("board-lead", &lead));
        }
        let partners: Vec<Id> = a.partners.iter().map(|p| p.organisation.clone()).collect();
        if let Some(names) = self.orgs(&partners) {
            facts.push(w.labelled("project-partners", &names));
        }
        if let Some(role) = &a.network_role {
            facts.push(w.labelled("report-fact-role", &self.loc(role)));
        }
        if let Some(d) = &a.submitted {
            facts.push(w.labelled("board-submitted", &w.date(d)));
        }
        if let Some(d) = &a.decided {
            facts.push(w.labelled("board-decided", &w.date(d)));
        }
        let mut text: Vec<String> = a.description.iter().map(|d| self.loc(d)).collect();
        if let Some(reason) = &a.reason {
            text.push(w.labelled("report-fact-reason", &self.loc(reason)));
        }
        Item {
            title: format!("{}: {}", a.acronym, self.loc(&a.title)),
            facts,
            text: (!text.is_empty()).then(|| text.join("\n\n")),
        }
    }

    pub(super) fn projects(&self) -> Vec<Part> {
        let running = |p: &&Project| covers(p.start.as_ref(), p.end.as_ref(), self.year);
        let mut parts: Vec<Part> = [
            (ProjectKind::Own, "project-kind-own"),
            (ProjectKind::Eu, "project-kind-eu"),
            (ProjectKind::Participation, "project-kind-participation"),
            (ProjectKind::Member, "project-kind-member"),
        ]
        .into_iter()
        .map(|(kind, label)| {
            let mut part = self.part(label);
            let mut shown: Vec<&Project> = self
                .r
                .projects
                .shown
                .iter()
                .filter(|p| p.kind == kind)
                .filter(running)
                .collect();
            shown.sort_by(|a, b| {
                a.start
                    .cmp(&b.start)
                    .then_with(|| a.acronym.to_lowercase().cmp(&b.acronym.to_lowercase()))
            });
            part.items = shown.into_iter().map(|p| self.project_item(p)).collect();
            let counted = self
                .r
                .projects
                .counted
                .iter()
                .filter(|p| p.kind == kind)
                .filter(running)
                .count();
            part.notes
                .extend(self.not_listed("report-noun-project", counted));
            part
        })
        .collect();
        let mut applications = self.part("report-part-applications");
        let groups = [
            vec![
                ApplicationStatus::InPreparation,
                ApplicationStatus::Submitted,
            ],
            vec![ApplicationStatus::Approved],
            vec![ApplicationStatus::Rejected],
            vec![ApplicationStatus::Withdrawn],
        ];
        for statuses in groups {
            let Some(first) = statuses.first().copied() else {
                continue;
            };
            let mut group = self.part(words::application_group(first));
            let mut shown: Vec<&FundingApplication> = self
                .r
                .applications
                .shown
                .iter()
                .filter(|a| statuses.contains(&a.status) && self.application_in_year(a))
                .collect();
            shown.sort_by(|a, b| a.submitted.cmp(&b.submitted).then_with(|| a.id.cmp(&b.id)));
            group.items = shown
                .into_iter()
                .map(|a| self.application_item(a))
                .collect();
            let counted = self
                .r
                .applications
                .counted
                .iter()
                .filter(|a| statuses.contains(&a.status) && self.application_in_year(a))
                .count();
            group
                .notes
                .extend(self.not_listed("report-noun-application", counted));
            if !group.is_empty() {
                applications.parts.push(group);
            }
        }
        parts.push(applications);
        parts
    }

    // --- communication ------------------------------------------------------------------
}
