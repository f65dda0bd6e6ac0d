//! Fixtures several areas share: a forum, a viewer of a role, JSON and time values.

use jiff::Timestamp;
use serde_json::json;
use urbis_app::events::Site;
use urbis_domain::accounts::{ForumRole, Grant, User, UserStatus};
use urbis_domain::network::Forum;
use urbis_domain::policy::Viewer;
use urbis_domain::{Id, Lang};
use urbis_store::Store;

/// The password of the test accounts.
pub const PASSWORD: &str = "correct horse battery staple";

/// The site the mails link to, with no calendar host.
pub const SITE: Site<'static> = Site {
    base_url: "https://urbis.example.org",
    calendar_host: None,
};

/// A record (or anything else) from its JSON form.
pub fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// A timestamp from its RFC 3339 text.
pub fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A German forum "F", stored; its id.
pub async fn forum(store: &Store) -> Id {
    let forum: Forum = from_json(json!({"name": "Forum", "short_name": "F", "languages": ["de"]}));
    store.insert(&forum).await.unwrap();
    forum.id
}

/// An active user with `role` in `forum`, as a viewer.
pub fn viewer(forum: &Id, role: ForumRole) -> Viewer {
    let mut user = User::new("someone@example.org", "Someone", Lang::De);
    user.status = UserStatus::Active;
    user.grants.push(Grant {
        forum: forum.clone(),
        role,
        organisation: None,
    });
    Viewer::user(&user)
}
