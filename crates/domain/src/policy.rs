//! The one access policy: who may see and change which records. Every read path (pages,
//! search, feeds, iCal, API, exports, reports) asks it; the store turns its answer into a
//! query filter.

use crate::access::Access;
use crate::accounts::{ForumRole, Grant, User, UserStatus};
use crate::id::Id;
use crate::network::Forum;
use crate::record::{Kind, Record};
use crate::sharing::Shared;

/// One part of what a search may find: records of `forum` up to access `level`, and — when
/// `shared` names sharing choices — only records shared like that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchScope {
    /// The forum the records belong to.
    pub forum: Id,
    /// Only records shared like this; `None` for all of the forum's records.
    pub shared: Option<&'static [Shared]>,
    /// The highest access level found.
    pub level: Access,
}

/// The roles a viewer holds, in a fixed order and without their identity (see
/// [`Viewer::audience`]); anonymous visitors and users without roles share the empty one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Audience(Vec<Grant>);

/// Whoever is asking: anonymous, or a user with roles in forums.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewer {
    user: Option<Id>,
    grants: Vec<Grant>,
}

impl Viewer {
    /// Someone not logged in.
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// A logged-in user; a user that is not active has no roles.
    pub fn user(user: &User) -> Self {
        Self {
            user: Some(user.id.clone()),
            grants: if user.status == UserStatus::Active {
                user.grants.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// The user's id, when logged in.
    pub fn user_id(&self) -> Option<&Id> {
        self.user.as_ref()
    }

    /// What the policy judges this viewer by, without who they are: two viewers with the same
    /// audience may read exactly the same records, so what was read for one serves the other.
    pub fn audience(&self) -> Audience {
        let mut grants = self.grants.clone();
        grants.sort_by(|a, b| {
            (&a.forum, a.role, &a.organisation).cmp(&(&b.forum, b.role, &b.organisation))
        });
        grants.dedup();
        Audience(grants)
    }

    /// The viewer's role in a forum.
    pub fn role(&self, forum: &Id) -> Option<ForumRole> {
        self.grants
            .iter()
            .filter(|g| &g.forum == forum)
            .map(|g| g.role)
            .max()
    }

    /// The highest access level the viewer may read in a forum: the filter every list uses.
    pub fn reads(&self, forum: &Id) -> Access {
        self.role(forum).map_or(Access::Public, ForumRole::reads)
    }

    /// May the viewer see this record?
    pub fn may_read<R: Record>(&self, record: &R) -> bool {
        record.access() <= self.reads(record.forum())
    }

    /// May the viewer see this record on the site of forum `here`? A record shared into
    /// `here` (see [`crate::Shared::reaches`]; `owner` is the record's forum) is judged by the
    /// viewer's role in `here`; anything else only in its own forum, as [`Viewer::may_read`].
    pub fn may_read_in<R: Record>(&self, record: &R, owner: &Forum, here: &Forum) -> bool {
        if record.forum() == &here.id {
            return self.may_read(record);
        }
        record.forum() == &owner.id
            && record.shared().reaches(owner, here)
            && record.access() <= self.reads(&here.id)
    }

    /// What a search on the site of forum `here` may find, as parts that are joined with
    /// "or": the forum's own records and those shared into it, by the viewer's role in `here`;
    /// for the office of an umbrella (staff or admin) also everything of every forum under
    /// it, at the level the viewer's own role in that forum grants (public without one).
    /// `forums` are all forums of the installation.
    pub fn search_scopes(&self, here: &Forum, forums: &[Forum]) -> Vec<SearchScope> {
        const ALL: &[Shared] = &[Shared::AllForums];
        const UP: &[Shared] = &[Shared::Umbrella, Shared::AllForums];
        let level = self.reads(&here.id);
        let scope = |forum: &Id, shared, level| SearchScope {
            forum: forum.clone(),
            shared,
            level,
        };
        let mut out = vec![scope(&here.id, None, level)];
        if let Some(umbrella) = &here.umbrella {
            out.push(scope(umbrella, Some(ALL), level));
        }
        let office = matches!(
            self.role(&here.id),
            Some(ForumRole::Staff | ForumRole::Admin)
        );
        for other in forums.iter().filter(|f| f.id != here.id) {
            if here.umbrella.is_some() && other.umbrella == here.umbrella {
                out.push(scope(&other.id, Some(ALL), level));
            }
            if other.umbrella.as_ref() == Some(&here.id) {
                out.push(scope(&other.id, Some(UP), level));
                if office {
                    out.push(scope(&other.id, None, self.reads(&other.id)));
                }
            }
        }
        out
    }

    /// May the viewer change (or delete) this record? Never from a forum it is only shared
    /// into: only its own forum's roles count. The office may change everything of its
    /// forum; an organisation editor their own organisation and its people.
    pub fn may_edit<R: Record>(&self, record: &R) -> bool {
        let forum = record.forum();
        match self.role(forum) {
            Some(ForumRole::Staff | ForumRole::Admin) => true,
            Some(ForumRole::OrganisationEditor) => {
                let own = self.organisation(forum);
                match R::KIND {
                    Kind::Organisation => own == Some(record.id()),
                    Kind::Person => {
                        own.is_some()
                            && record
                                .references()
                                .iter()
                                .any(|(field, _, id)| field == "organisation" && Some(id) == own)
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// May the viewer manage users and roles of a forum?
    pub fn may_administer(&self, forum: &Id) -> bool {
        self.role(forum) == Some(ForumRole::Admin)
    }

    /// The member organisation the viewer speaks for in a forum.
    pub fn organisation(&self, forum: &Id) -> Option<&Id> {
        self.grants
            .iter()
            .find(|g| &g.forum == forum)
            .and_then(|g| g.organisation.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Organisation, Person};
    use crate::text::Lang;

    fn organisation(forum: &Id, access: Access) -> Organisation {
        let mut org: Organisation = serde_json::from_value(serde_json::json!({
            "name": "Stadt Essen", "kind": "city", "country": "DE", "access": access
        }))
        .unwrap();
        org.forum = forum.clone();
        org
    }

    fn viewer(forum: &Id, role: ForumRole, organisation: Option<Id>) -> Viewer {
        let mut user = User::new("a@example.org", "A", Lang::De);
        user.status = UserStatus::Active;
        user.grant(forum, role, organisation);
        Viewer::user(&user)
    }

    #[test]
    fn an_audience_is_the_roles_alone_in_any_order() {
        let (forum, other) = (Id::new(), Id::new());
        let both = |first: &Id, second: &Id, email: &str| {
            let mut user = User::new(email, "A", Lang::De);
            user.status = UserStatus::Active;
            user.grant(first, ForumRole::Member, None);
            user.grant(second, ForumRole::Staff, None);
            Viewer::user(&user)
        };
        let one = both(&forum, &other, "a@example.org");
        assert_eq!(
            one.audience(),
            both(&forum, &other, "b@example.org").audience()
        );
        let mut swapped = User::new("c@example.org", "C", Lang::De);
        swapped.status = UserStatus::Active;
        swapped.grant(&other, ForumRole::Staff, None);
        swapped.grant(&forum, ForumRole::Member, None);
        assert_eq!(one.audience(), Viewer::user(&swapped).audience());
        assert_ne!(
            one.audience(),
            both(&other, &forum, "d@example.org").audience()
        );
        let member = viewer(&forum, ForumRole::Member, None);
        assert_ne!(member.audience(), Viewer::anonymous().audience());
        assert_ne!(
            viewer(&forum, ForumRole::OrganisationEditor, Some(Id::new())).audience(),
            viewer(&forum, ForumRole::OrganisationEditor, Some(Id::new())).audience()
        );
        let mut blocked = User::new("e@example.org", "E", Lang::De);
        blocked.grant(&forum, ForumRole::Staff, None);
        assert_eq!(
            Viewer::user(&blocked).audience(),
            Viewer::anonymous().audience()
        );
    }

    #[test]
    fn each_role_reads_its_levels_and_only_in_its_forum() {
        let forum = Id::new();
        let other = Id::new();
        let public = organisation(&forum, Access::Public);
        let members = organisation(&forum, Access::Members);
        let staff = organisation(&forum, Access::Staff);
        let anonymous = Viewer::anonymous();
        assert!(anonymous.may_read(&public) && !anonymous.may_read(&members));
        let member = viewer(&forum, ForumRole::Member, None);
        assert!(member.may_read(&members) && !member.may_read(&staff));
        let office = viewer(&forum, ForumRole::Staff, None);
        assert!(office.may_read(&staff));
        let elsewhere = viewer(&other, ForumRole::Admin, None);
        assert!(!elsewhere.may_read(&members), "roles do not cross forums");
        assert_eq!(elsewhere.reads(&forum), Access::Public);
    }

    #[test]
    fn an_inactive_user_has_no_roles() {
        let forum = Id::new();
        let mut user = User::new("a@example.org", "A", Lang::De);
        user.grant(&forum, ForumRole::Staff, None);
        user.status = UserStatus::Disabled;
        assert_eq!(Viewer::user(&user).reads(&forum), Access::Public);
    }

    #[test]
    fn editors_edit_their_own_organisation_and_its_people_only() {
        let forum = Id::new();
        let own = organisation(&forum, Access::Public);
        let other = organisation(&forum, Access::Public);
        let editor = viewer(&forum, ForumRole::OrganisationEditor, Some(own.id.clone()));
        assert!(editor.may_edit(&own));
        assert!(!editor.may_edit(&other));
        let mut person: Person = serde_json::from_value(serde_json::json!({
            "given_name": "A", "family_name": "B", "organisation": own.id
        }))
        .unwrap();
        person.forum = forum.clone();
        assert!(editor.may_edit(&person));
        person.organisation = Some(other.id.clone());
        assert!(!editor.may_edit(&person));
        assert!(!viewer(&forum, ForumRole::Member, None).may_edit(&own));
        assert!(viewer(&forum, ForumRole::Staff, None).may_edit(&other));
    }

    fn forum(name: &str, umbrella: Option<&Id>) -> Forum {
        let mut forum: Forum = serde_json::from_value(serde_json::json!({
            "name": name, "short_name": name, "languages": ["de"]
        }))
        .unwrap();
        forum.umbrella = umbrella.cloned();
        forum
    }

    fn event(forum: &Id, access: Access, shared: &str) -> crate::events::Event {
        let mut event: crate::events::Event = serde_json::from_value(serde_json::json!({
            "kind": "conference", "title": "Efus conference", "start": "2030-05-01",
            "status": "planned", "access": access, "shared": shared
        }))
        .unwrap();
        event.forum = forum.clone();
        event
    }

    #[test]
    fn a_shared_record_is_read_by_the_role_in_the_receiving_forum_and_never_edited_there() {
        let efus = forum("EFUS", None);
        let defus = forum("DEFUS", Some(&efus.id));
        let other = forum("OTHER", None);
        let members_only = event(&efus.id, Access::Members, "all_forums");
        let member = viewer(&defus.id, ForumRole::Member, None);
        assert!(member.may_read_in(&members_only, &efus, &defus));
        assert!(
            !member.may_read(&members_only),
            "not a member of the umbrella itself"
        );
        assert!(!Viewer::anonymous().may_read_in(&members_only, &efus, &defus));
        assert!(
            !member.may_read_in(&members_only, &efus, &other),
            "not under the umbrella"
        );
        let private = event(&efus.id, Access::Public, "forum");
        assert!(!Viewer::anonymous().may_read_in(&private, &efus, &defus));
        assert!(Viewer::anonymous().may_read_in(&private, &efus, &efus));
        let office = viewer(&defus.id, ForumRole::Admin, None);
        assert!(office.may_read_in(&members_only, &efus, &defus));
        assert!(
            !office.may_edit(&members_only),
            "never writable from the receiving forum"
        );
        let mismatched = event(&other.id, Access::Public, "all_forums");
        assert!(!Viewer::anonymous().may_read_in(&mismatched, &efus, &defus));
    }

    #[test]
    fn only_the_umbrella_office_searches_the_forums_under_it() {
        let efus = forum("EFUS", None);
        let defus = forum("DEFUS", Some(&efus.id));
        let ffsu = forum("FFSU", Some(&efus.id));
        let all = [efus.clone(), defus.clone(), ffsu.clone()];
        let mut user = User::new("a@example.org", "A", Lang::De);
        user.status = UserStatus::Active;
        user.grant(&efus.id, ForumRole::Staff, None);
        user.grant(&defus.id, ForumRole::Member, None);
        let parts = |v: &Viewer, here: &Forum| -> Vec<(String, Option<&[Shared]>, Access)> {
            v.search_scopes(here, &all)
                .into_iter()
                .map(|s| (s.forum.to_string(), s.shared, s.level))
                .collect()
        };
        let up: &[Shared] = &[Shared::Umbrella, Shared::AllForums];
        let office = Viewer::user(&user);
        assert_eq!(
            parts(&office, &efus),
            vec![
                (efus.id.to_string(), None, Access::Staff),
                (defus.id.to_string(), Some(up), Access::Staff),
                (defus.id.to_string(), None, Access::Members),
                (ffsu.id.to_string(), Some(up), Access::Staff),
                (ffsu.id.to_string(), None, Access::Public),
            ]
        );
        let member = viewer(&efus.id, ForumRole::Member, None);
        assert_eq!(
            parts(&member, &efus),
            vec![
                (efus.id.to_string(), None, Access::Members),
                (defus.id.to_string(), Some(up), Access::Members),
                (ffsu.id.to_string(), Some(up), Access::Members),
            ]
        );
        let all_forums: &[Shared] = &[Shared::AllForums];
        assert_eq!(
            parts(&office, &defus),
            vec![
                (defus.id.to_string(), None, Access::Members),
                (efus.id.to_string(), Some(all_forums), Access::Members),
                (ffsu.id.to_string(), Some(all_forums), Access::Members),
            ],
            "a national forum finds what is shared into it, by the role there"
        );
    }
}
