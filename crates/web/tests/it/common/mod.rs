//! A real urbis site for the web tests: a store with marked records, accounts of every role,
//! the server on a free port, and HTTP clients that log in through the real forms.

use std::net::SocketAddr;

use jiff::Timestamp;
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use urbis_app::accounts::second_factor::{code_at, new_secret};
use urbis_app::accounts::users;
use urbis_domain::accounts::ForumRole;
use urbis_domain::events::{Event, Registration};
use urbis_domain::{Dataset, Id, Lang};
use urbis_testkit::TestDb;
use urbis_testkit::store::Store;

/// The password of every test account.
pub const PASSWORD: &str = "a long test password";
/// The metrics token of the test sites (`Authorization: Bearer …` for `/metrics`).
pub const METRICS_TOKEN: &str = "a metrics token for the tests";

/// Texts that only members (and the office) may ever see.
pub const MEMBERS_MARKERS: &[&str] = &[
    "MARKER-MEMBERS-COLLECTION",
    "MARKER-MEMBERS-ORG",
    "MARKER-MEMBERS-DESCRIPTION",
    "MARKER-MEMBERS-EVENT",
    "MARKER-MEMBERS-SERIES",
    "MARKER-MEMBERS-PROJECT",
    "MARKER-MEMBERS-PUBLICATION",
    "MARKER-MEMBERS-ENTRY",
    "MARKER-MEMBERS-ADVOCACY",
];
/// Texts that only the office may ever see.
pub const STAFF_MARKERS: &[&str] = &[
    "MARKER-STAFF-COLLECTION",
    "MARKER-STAFF-ORG",
    "MARKER-STAFF-EVENT",
    "MARKER-STAFF-PROJECT",
    "MARKER-STAFF-ADVOCACY",
];

/// The public organisation of the site fixture.
pub const PUBLIC_ORG: &str = "0190a000-0000-7000-8000-00000000000e";
/// A public event of the site fixture (upcoming, in a public series and project).
pub const PUBLIC_EVENT: &str = "0190a000-0000-7000-8000-0000000000d1";
/// A members-only event of the site fixture (upcoming).
pub const MEMBERS_EVENT: &str = "0190a000-0000-7000-8000-0000000000d2";
/// A staff-only event of the site fixture (past).
pub const STAFF_EVENT: &str = "0190a000-0000-7000-8000-0000000000d3";
/// A public series of the site fixture.
pub const PUBLIC_SERIES: &str = "0190a000-0000-7000-8000-0000000000b1";
/// A members-only series of the site fixture.
pub const MEMBERS_SERIES: &str = "0190a000-0000-7000-8000-0000000000b2";
/// A public project of the site fixture.
pub const PUBLIC_PROJECT: &str = "0190a000-0000-7000-8000-0000000000c1";
/// A staff-only project of the site fixture.
pub const STAFF_PROJECT: &str = "0190a000-0000-7000-8000-0000000000c3";
/// The slug of the public topic every marker record carries.
pub const PUBLIC_TOPIC: &str = "offen";

const SITE: &str = r##"{
  "format": "urbis", "version": 1,
  "forums": [{
    "forum": {"id": "tf", "name": {"de": "Testforum", "en": "Test forum"}, "short_name": "TF", "languages": ["de", "en", "fr"], "colour": "#1a4f8b"},
    "topics": [
      {"id": "t-open", "slug": "offen", "name": {"de": "Offenes Thema", "en": "Open topic"}}
    ],
    "organisations": [
      {"id": "0190a000-0000-7000-8000-00000000000e", "name": "Stadt Essen", "kind": "city", "country": "DE", "city": "Essen"},
      {"id": "o-members", "name": "MARKER-MEMBERS-ORG", "kind": "city", "country": "DE", "access": "members"},
      {"id": "o-staff", "name": "MARKER-STAFF-ORG", "kind": "city", "country": "DE", "access": "staff"}
    ],
    "memberships": [
      {"organisation": "0190a000-0000-7000-8000-00000000000e", "status": "active", "since": "2022-04"},
      {"organisation": "o-members", "status": "active", "access": "members"},
      {"organisation": "o-staff", "status": "active", "access": "staff"}
    ],
    "collections": [
      {"id": "c-members", "slug": "members", "title": "MARKER-MEMBERS-COLLECTION", "description": "MARKER-MEMBERS-DESCRIPTION"},
      {"id": "c-staff", "slug": "staff", "title": "MARKER-STAFF-COLLECTION", "access": "staff"}
    ],
    "entries": [
      {"collection": "c-members", "kind": "note", "title": "Notiz", "body": "Text"},
      {"collection": "c-members", "kind": "note", "title": "MARKER-MEMBERS-ENTRY", "body": "Text", "topics": ["t-open"]}
    ],
    "projects": [
      {"id": "0190a000-0000-7000-8000-0000000000c1", "kind": "own", "acronym": "OPEN", "title": {"de": "Offenes Projekt", "en": "Open project"}, "status": "running", "coordinator": "0190a000-0000-7000-8000-00000000000e", "topics": ["t-open"]},
      {"id": "0190a000-0000-7000-8000-0000000000c2", "access": "members", "kind": "own", "acronym": "MEMB", "title": "MARKER-MEMBERS-PROJECT", "status": "running", "partners": [{"organisation": "0190a000-0000-7000-8000-00000000000e", "role": "partner"}], "topics": ["t-open"]},
      {"id": "0190a000-0000-7000-8000-0000000000c3", "access": "staff", "kind": "eu", "acronym": "STAF", "title": "MARKER-STAFF-PROJECT", "status": "planned", "coordinator": "0190a000-0000-7000-8000-00000000000e", "topics": ["t-open"]}
    ],
    "series": [
      {"id": "0190a000-0000-7000-8000-0000000000b1", "title": {"de": "Offene Reihe", "en": "Open series"}, "topics": ["t-open"]},
      {"id": "0190a000-0000-7000-8000-0000000000b2", "access": "members", "title": "MARKER-MEMBERS-SERIES"}
    ],
    "events": [
      {"id": "0190a000-0000-7000-8000-0000000000d1", "kind": "webinar", "title": {"de": "Offenes Webinar", "en": "Open webinar"}, "start": "2030-06-12", "end": "2030-06-13", "status": "planned", "host": "0190a000-0000-7000-8000-00000000000e", "series": "0190a000-0000-7000-8000-0000000000b1", "project": "0190a000-0000-7000-8000-0000000000c1", "portal": true, "topics": ["t-open"], "speakers": [{"name": "Erika Muster", "function": {"de": "Referentin", "en": "Speaker"}}]},
      {"id": "0190a000-0000-7000-8000-0000000000d2", "access": "members", "kind": "web_exchange", "title": "MARKER-MEMBERS-EVENT", "start": "2030-07", "status": "planned", "host": "0190a000-0000-7000-8000-00000000000e", "series": "0190a000-0000-7000-8000-0000000000b2", "project": "0190a000-0000-7000-8000-0000000000c1", "portal": true, "topics": ["t-open"]},
      {"id": "0190a000-0000-7000-8000-0000000000d3", "access": "staff", "kind": "meeting", "title": "MARKER-STAFF-EVENT", "start": "2022-05", "status": "held", "host": "0190a000-0000-7000-8000-00000000000e", "series": "0190a000-0000-7000-8000-0000000000b1", "project": "0190a000-0000-7000-8000-0000000000c1", "portal": true, "topics": ["t-open"]}
    ],
    "advocacy_actions": [
      {"kind": "letter", "title": {"de": "Offenes Schreiben", "en": "Open letter"}, "recipient": "0190a000-0000-7000-8000-00000000000e", "date": "2022-03", "co_signers": ["0190a000-0000-7000-8000-00000000000e", "o-members"]},
      {"kind": "position_paper", "access": "members", "title": "MARKER-MEMBERS-ADVOCACY", "date": "2022"},
      {"kind": "hearing", "access": "staff", "title": "MARKER-STAFF-ADVOCACY", "date": "2021"}
    ],
    "cooperations": [
      {"kind": "chapter", "partner": "0190a000-0000-7000-8000-00000000000e", "with": ["o-staff"], "title": {"de": "Offene Kooperation", "en": "Open cooperation"}, "since": "2020"}
    ],
    "publications": [
      {"kind": "report", "access": "members", "title": "MARKER-MEMBERS-PUBLICATION", "event": "0190a000-0000-7000-8000-0000000000d1", "project": "0190a000-0000-7000-8000-0000000000c1", "topics": ["t-open"]}
    ]
  }, {
    "forum": {"id": "of", "name": {"de": "Anderes Forum", "en": "Other forum"}, "short_name": "OF", "languages": ["en"], "hosts": ["of.localhost"]},
    "topics": [
      {"id": "of-open", "slug": "offen", "name": "MARKER-OTHER-TOPIC"}
    ],
    "organisations": [
      {"id": "of-org", "name": "MARKER-OTHER-ORG", "kind": "city", "country": "FR", "city": "Lyon"}
    ],
    "memberships": [
      {"organisation": "of-org", "status": "active", "since": "2021"}
    ],
    "collections": [
      {"id": "of-members", "slug": "members", "title": "MARKER-OTHER-MEMBERS-COLLECTION"},
      {"id": "of-staff", "slug": "staff", "title": "MARKER-OTHER-STAFF-COLLECTION", "access": "staff"}
    ],
    "events": [
      {"id": "0190a000-0000-7000-8000-0000000000f1", "kind": "webinar", "title": "MARKER-OTHER-EVENT", "start": "2030-06-14", "status": "planned", "host": "of-org", "portal": true, "topics": ["of-open"]},
      {"id": "0190a000-0000-7000-8000-0000000000f2", "access": "members", "kind": "web_exchange", "title": "MARKER-OTHER-MEMBERS-EVENT", "start": "2030-07", "status": "planned", "portal": true},
      {"id": "0190a000-0000-7000-8000-0000000000f3", "access": "staff", "kind": "meeting", "title": "MARKER-OTHER-STAFF-EVENT", "start": "2022-05", "status": "held"}
    ]
  }]
}"##;

/// The host name of the second forum of the site fixture (OF), served by the same server.
pub const OTHER_HOST: &str = "of.localhost";
/// Every text of the second forum: none may show on the first forum's pages.
pub const OTHER_MARKER: &str = "MARKER-OTHER";
/// The public event of the second forum.
pub const OTHER_EVENT: &str = "0190a000-0000-7000-8000-0000000000f1";

/// The roles the tests act as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not logged in.
    Anonymous,
    /// A member contact.
    Member,
    /// An organisation editor.
    Editor,
    /// The office.
    Staff,
    /// Administration.
    Admin,
    /// An office account whose password was given but not its second factor: it may reach
    /// nothing but the code page. Not in [`Role::ALL`] (it is no role of the forum); the
    /// access matrix walks it beside them.
    CodeOwed,
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Role; 5] = [
        Role::Anonymous,
        Role::Member,
        Role::Editor,
        Role::Staff,
        Role::Admin,
    ];

    /// The login of the role's test account.
    pub fn email(self) -> Option<&'static str> {
        match self {
            Role::Anonymous => None,
            Role::Member => Some("member@example.org"),
            Role::Editor => Some("editor@example.org"),
            Role::Staff => Some("staff@example.org"),
            Role::Admin => Some("admin@example.org"),
            Role::CodeOwed => Some("halfway@example.org"),
        }
    }

    /// True for roles that may read members-only records.
    pub fn reads_members(self) -> bool {
        !matches!(self, Role::Anonymous | Role::CodeOwed)
    }

    /// True for roles that may read staff-only records.
    pub fn reads_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

/// A running site.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The store behind it.
    pub store: Store,
    /// The application the server itself goes through.
    pub app: urbis_app::App,
    /// The forum it presents.
    pub forum: Id,
    /// TOTP secrets of the office accounts.
    pub secrets: Vec<(Role, String)>,
    /// The file storage of the site.
    pub files: urbis_files::Files,
    /// Where the files are.
    pub files_dir: tempfile::TempDir,
    /// Unused recovery codes of the office accounts, for logins after the first.
    recovery: std::sync::Mutex<Vec<(Role, String)>>,
    /// Office roles that have used their authenticator code already.
    used_code: std::sync::Mutex<Vec<Role>>,
    _db: TestDb,
}

/// Starts a site on a test database.
pub async fn start(db: TestDb) -> Site {
    start_with(db, Dataset::from_json(SITE).expect("the site reads"), "TF").await
}

/// Starts the marked site whose uploads may be at most `max_file` bytes.
pub async fn start_limited(db: TestDb, max_file: u64) -> Site {
    start_with_limit(
        db,
        Dataset::from_json(SITE).expect("the site reads"),
        "TF",
        max_file,
    )
    .await
}

/// Starts a site on a test database holding `dataset`, presenting the forum `short_name`.
pub async fn start_with(db: TestDb, dataset: Dataset, short_name: &str) -> Site {
    start_with_limit(db, dataset, short_name, urbis_files::DEFAULT_LIMIT).await
}

/// Starts a site like [`start_with`] whose uploads may be at most `max_file` bytes; its files
/// live in a temporary directory.
pub async fn start_with_limit(
    db: TestDb,
    dataset: Dataset,
    short_name: &str,
    max_file: u64,
) -> Site {
    start_configured(db, dataset, short_name, max_file, default_security()).await
}

/// The trust of the test sites: the metrics token, no proxies.
pub fn default_security() -> urbis_web::Security {
    urbis_web::Security {
        metrics_token: Some(METRICS_TOKEN.to_owned()),
        trusted_proxies: Vec::new(),
    }
}

/// Starts the marked site with the given trust settings.
pub async fn start_trusting(db: TestDb, security: urbis_web::Security) -> Site {
    let dataset = Dataset::from_json(SITE).expect("the site reads");
    start_configured(db, dataset, "TF", urbis_files::DEFAULT_LIMIT, security).await
}

/// Starts a site on `dataset` presenting `short_name`, with uploads up to `max_file` bytes
/// and the given trust settings.
pub async fn start_configured(
    db: TestDb,
    dataset: Dataset,
    short_name: &str,
    max_file: u64,
    security: urbis_web::Security,
) -> Site {
    let store = Store::open(db.url()).await.expect("the store opens");
    store.import(dataset).await.expect("the site imports");
    let forum = store
        .forums()
        .await
        .expect("forums")
        .into_iter()
        .find(|f| f.short_name == short_name)
        .expect("the forum is there")
        .id;
    let essen = {
        let orgs: Vec<urbis_domain::network::Organisation> = store
            .list(&urbis_testkit::store::ListQuery::new(
                &forum,
                urbis_domain::Access::Public,
            ))
            .await
            .expect("organisations");
        orgs[0].id.clone()
    };
    let mut secrets = Vec::new();
    let mut recovery = Vec::new();
    for role in Role::ALL[1..].iter().chain([&Role::CodeOwed]) {
        let email = role.email().unwrap_or_default();
        let mut user = users::add_user(
            &urbis_app::App::new(store.clone()),
            email,
            &format!("{role:?} user"),
            Lang::De,
        )
        .await
        .expect("user");
        users::set_password(&urbis_app::App::new(store.clone()), &mut user, PASSWORD)
            .await
            .expect("password");
        let (forum_role, organisation) = match role {
            Role::Member => (ForumRole::Member, Some(essen.clone())),
            Role::Editor => (ForumRole::OrganisationEditor, Some(essen.clone())),
            Role::Staff | Role::CodeOwed => (ForumRole::Staff, None),
            _ => (ForumRole::Admin, None),
        };
        users::set_role(
            &urbis_app::App::new(store.clone()),
            &mut user,
            &forum,
            Some(forum_role),
            organisation,
        )
        .await
        .expect("role");
        if forum_role.is_office() {
            let secret = new_secret();
            store
                .set_totp_secret(&user.id, Some(&secret))
                .await
                .expect("secret");
            let (codes, hashes) =
                urbis_app::accounts::second_factor::new_recovery_codes().expect("codes");
            store
                .set_recovery_codes(&user.id, &hashes)
                .await
                .expect("recovery codes");
            recovery.extend(codes.into_iter().map(|c| (*role, c)));
            secrets.push((*role, secret));
        }
    }
    let files_dir = tempfile::tempdir().expect("a directory for files");
    let files = urbis_files::Files::open(&urbis_files::FileConfig {
        dir: files_dir.path().to_owned(),
        max_size: max_file,
        ..urbis_files::FileConfig::default()
    })
    .expect("file storage");
    let search = urbis_search::Search::in_ram().expect("a search index");
    urbis_search::catch_up(&store, &search)
        .await
        .expect("the index is built");
    urbis_search::spawn(store.clone(), search.clone(), std::future::pending());
    let app = urbis_app::App::new(store.clone());
    let state = urbis_web::AppState::configured(
        app.clone(),
        forum.clone(),
        "http://localhost",
        search,
        files.clone(),
        security,
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let app = urbis_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, app).await;
    });
    Site {
        base,
        app,
        store,
        forum,
        secrets,
        files,
        files_dir,
        recovery: std::sync::Mutex::new(recovery),
        used_code: std::sync::Mutex::new(Vec::new()),
        _db: db,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn browser() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("a client")
}

/// The CSRF token of a page's forms.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("the page has a form with a CSRF token");
    let rest = &html[at + 19..];
    rest[..rest.find('"').unwrap_or(0)].to_owned()
}

impl Site {
    /// The database the site runs on (for a second server node on the same database).
    pub fn db_url(&self) -> &str {
        self._db.url()
    }

    /// The absolute address of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A client logged in as `role` through the login form (and the second factor for the office).
    pub async fn client(&self, role: Role) -> Client {
        self.login(browser(), &self.base, role).await
    }

    /// The address of a path on the second forum (same server, host [`OTHER_HOST`]).
    pub fn other_url(&self, path: &str) -> String {
        let port = self.base.rsplit(':').next().unwrap_or_default();
        format!("http://{OTHER_HOST}:{port}{path}")
    }

    /// A client of the second forum's host, logged in there as `role` (its own cookies).
    pub async fn other_client(&self, role: Role) -> Client {
        let address: SocketAddr = self
            .base
            .trim_start_matches("http://")
            .parse()
            .expect("the site's address");
        let client = Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .resolve(OTHER_HOST, address)
            .build()
            .expect("a client");
        let base = self.other_url("");
        self.login(client, &base, role).await
    }

    async fn login(&self, client: Client, base: &str, role: Role) -> Client {
        let Some(email) = role.email() else {
            return client;
        };
        let url = |path: &str| format!("{base}{path}");
        let page = client
            .get(url("/login"))
            .send()
            .await
            .expect("login page")
            .text()
            .await
            .expect("text");
        let csrf = csrf_of(&page);
        let response = client
            .post(url("/login"))
            .form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)])
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{role:?} logs in");
        if let Some((_, secret)) = self.secrets.iter().find(|(r, _)| *r == role) {
            assert_eq!(response.headers()["location"], "/login/code");
            if role == Role::CodeOwed {
                return client;
            }
            let code = self.second_factor(role, email, secret);
            let response = client
                .post(url("/login/code"))
                .form(&[("code", code.as_str()), ("csrf", &csrf)])
                .send()
                .await
                .expect("code");
            assert_eq!(
                response.status(),
                StatusCode::SEE_OTHER,
                "{role:?} gives the second factor"
            );
        }
        client
    }

    /// The authenticator code the first time (each code works once), recovery codes after.
    pub fn second_factor(&self, role: Role, email: &str, secret: &str) -> String {
        let mut used = self.used_code.lock().expect("lock");
        if !used.contains(&role) {
            used.push(role);
            let seconds = u64::try_from(Timestamp::now().as_second()).expect("time");
            return code_at(secret, email, seconds).expect("code");
        }
        let mut recovery = self.recovery.lock().expect("lock");
        let at = recovery
            .iter()
            .position(|(r, _)| *r == role)
            .expect("a recovery code is left");
        recovery.remove(at).1
    }
}

/// A page and its status, as `client` gets it.
pub async fn get(client: &Client, site: &Site, path: &str) -> (StatusCode, String) {
    let response = client.get(site.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The page at `path` in `lang`, with its status.
pub async fn page(site: &Site, client: &Client, path: &str, lang: Lang) -> (StatusCode, String) {
    let separator = if path.contains('?') { '&' } else { '?' };
    let response = client
        .get(site.url(&format!("{path}{separator}lang={}", lang.code())))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The German or the English text, as `lang` asks.
pub fn pick<'a>(lang: Lang, de: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::De { de } else { en }
}

/// Every registration of `event`, as stored.
pub async fn registrations(site: &Site, event: &Event) -> Vec<Registration> {
    site.store.registrations_of_event(&event.id).await.unwrap()
}
