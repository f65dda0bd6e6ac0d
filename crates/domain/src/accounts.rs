//! User accounts and the roles they hold in forums.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::access::Access;
use crate::id::Id;
use crate::record::now;
use crate::text::Lang;
use crate::validation::Problems;
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What a user may do in one forum, from least to most (the command line, files and the
    /// back office name them alike).
    #[derive(PartialOrd, Ord, Hash)]
    pub enum ForumRole {
        /// A contact of a member organisation: reads members-only content, registers, adds entries.
        Member = "member",
        /// A member who also keeps their own organisation's profile and contacts current.
        OrganisationEditor = "organisation_editor",
        /// The office: keeps every record.
        Staff = "staff",
        /// The office with user management and forum settings.
        Admin = "admin",
    }
}

impl ForumRole {
    /// The highest access level of records this role may read.
    pub fn reads(self) -> Access {
        match self {
            ForumRole::Member | ForumRole::OrganisationEditor => Access::Members,
            ForumRole::Staff | ForumRole::Admin => Access::Staff,
        }
    }

    /// True for the office roles, which must use a second factor.
    pub fn is_office(self) -> bool {
        matches!(self, ForumRole::Staff | ForumRole::Admin)
    }
}

/// A role held in one forum; members and editors are tied to their organisation.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// The forum.
    pub forum: Id,
    /// The role.
    pub role: ForumRole,
    /// The member organisation the user speaks for (required for organisation editors).
    pub organisation: Option<Id>,
}

vocabulary! {
    /// Whether an account can be used.
    #[derive(Hash)]
    pub enum UserStatus {
        /// Invited; the password is not set yet.
        Invited = "invited",
        /// Can log in.
        Active = "active",
        /// Cannot log in; kept for the record.
        Disabled = "disabled",
    }
}

/// A person's login to urbis. Secrets (password hash, second factor) are kept apart by the
/// store and never travel with the user.
#[skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// Stable id.
    #[serde(default = "Id::new")]
    pub id: Id,
    /// The login, and where mail goes; unique in the installation.
    pub email: String,
    /// The name shown to others and in mails.
    pub name: String,
    /// The person record, when the user is one of the forum's people.
    pub person: Option<Id>,
    /// The language of the interface and of mails.
    pub language: Lang,
    /// Whether the account can be used.
    pub status: UserStatus,
    /// Roles in forums.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<Grant>,
    /// When it was created.
    #[serde(default = "now")]
    pub created: Timestamp,
    /// When it was last changed.
    #[serde(default = "now")]
    pub updated: Timestamp,
}

impl User {
    /// A new account, invited, without roles.
    pub fn new(email: &str, name: &str, language: Lang) -> Self {
        let at = now();
        Self {
            id: Id::new(),
            email: normalise_email(email),
            name: name.trim().to_owned(),
            person: None,
            language,
            status: UserStatus::Invited,
            grants: Vec::new(),
            created: at,
            updated: at,
        }
    }

    /// The user's role in a forum, if any.
    pub fn role_in(&self, forum: &Id) -> Option<ForumRole> {
        self.grants
            .iter()
            .filter(|g| &g.forum == forum)
            .map(|g| g.role)
            .max()
    }

    /// Gives the user `role` in `forum`, replacing the role held there before.
    pub fn grant(&mut self, forum: &Id, role: ForumRole, organisation: Option<Id>) {
        self.grants.retain(|g| &g.forum != forum);
        self.grants.push(Grant {
            forum: forum.clone(),
            role,
            organisation,
        });
    }

    /// Takes away every role in `forum`.
    pub fn revoke(&mut self, forum: &Id) {
        self.grants.retain(|g| &g.forum != forum);
    }

    /// True when the user holds an office role anywhere, which makes a second factor mandatory.
    pub fn needs_second_factor(&self) -> bool {
        self.grants.iter().any(|g| g.role.is_office())
    }

    /// Checks the account's own rules and the length of its texts and lists (the
    /// [`limits`](crate::limits) of the scope `user`), adding every problem found.
    pub fn validate(&self, problems: &mut Problems) {
        problems.email("email", Some(&self.email));
        problems.require_text("name", &self.name);
        for (i, grant) in self.grants.iter().enumerate() {
            if grant.role == ForumRole::OrganisationEditor && grant.organisation.is_none() {
                problems.push(
                    format!("grants[{i}].organisation"),
                    "an organisation editor needs the organisation they edit",
                );
            }
            if self.grants[..i].iter().any(|g| g.forum == grant.forum) {
                problems.push(format!("grants[{i}].forum"), "one role per forum");
            }
        }
        crate::limits::check("user", self, problems);
    }
}

/// Emails compare without case and surrounding space.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The rules a new password must meet (ASVS V2.1): at least 12 characters, at most 128, not
/// only white space, and not the account's email.
pub fn check_password(password: &str, email: &str, problems: &mut Problems) {
    let length = password.chars().count();
    if length < 12 {
        problems.push("password", "must be at least 12 characters long");
    } else if length > 128 {
        problems.push("password", "must be at most 128 characters long");
    } else if password.trim().is_empty() {
        problems.push("password", "must not be only spaces");
    } else if password.trim().eq_ignore_ascii_case(email.trim()) {
        problems.push("password", "must not be your email address");
    }
}

vocabulary! {
    /// What a single-use token is for.
    pub enum TokenPurpose {
        /// Accepting an invitation: sets the first password.
        Invitation = "invitation",
        /// Resetting a forgotten password.
        PasswordReset = "password_reset",
    }
}

vocabulary! {
    /// What an API token may do.
    #[derive(PartialOrd, Ord)]
    pub enum ApiScope {
        /// Read only.
        Read = "read",
        /// Read and write.
        Write = "write",
    }
}

/// A token as its owner sees it in the list: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// The token's id (for revoking).
    pub id: Id,
    /// The owner.
    pub user: Id,
    /// The name the owner gave it ("website sync").
    pub name: String,
    /// What it may do.
    pub scope: ApiScope,
    /// When it was made.
    pub created: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_role_per_forum_and_editors_need_an_organisation() {
        let forum = Id::new();
        let mut user = User::new(" Anna.Rau@Example.org ", "Anna Rau", Lang::De);
        assert_eq!(user.email, "anna.rau@example.org");
        user.grant(&forum, ForumRole::Member, None);
        user.grant(&forum, ForumRole::Staff, None);
        assert_eq!(user.role_in(&forum), Some(ForumRole::Staff));
        assert_eq!(user.grants.len(), 1);
        assert!(user.needs_second_factor());
        user.grant(&forum, ForumRole::OrganisationEditor, None);
        let mut problems = Problems::new();
        user.validate(&mut problems);
        assert_eq!(
            problems.iter().next().map(|p| p.field.as_str()),
            Some("grants[0].organisation")
        );
        user.revoke(&forum);
        assert_eq!(user.role_in(&forum), None);
    }

    #[test]
    fn passwords_are_long_enough() {
        for (password, ok) in [
            ("short", false),
            ("twelve chars", true),
            ("            ", false),
            ("anna@example.org", false),
            ("correct horse battery staple", true),
        ] {
            let mut problems = Problems::new();
            check_password(password, "anna@example.org", &mut problems);
            assert_eq!(problems.is_empty(), ok, "{password}");
        }
    }
}
