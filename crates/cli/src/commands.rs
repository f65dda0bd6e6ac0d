//! What each command does.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use urbis_domain::{Dataset, Id};
use urbis_store::Store;

use crate::error::CliError;
use crate::lang::t;

async fn open(url: &str) -> Result<Store, CliError> {
    Ok(Store::open(url).await?)
}

/// Loads the demo network, `scale` times larger (generated from `seed`), into an empty store;
/// says so and does nothing when it is not empty.
async fn load_demo(store: &Store, scale: u32, seed: u64) -> Result<bool, CliError> {
    if !store.is_empty().await? {
        return Ok(false);
    }
    let dataset =
        urbis_demo::scale::scaled(scale, seed).map_err(|e| CliError::Demo(e.to_string()))?;
    store.import(dataset).await?;
    demo_member(store).await?;
    Ok(true)
}

/// The demo's example member account, so that the members area can be tried: a fresh random
/// password every time, printed once.
async fn demo_member(store: &Store) -> Result<(), CliError> {
    let Some(forum) = store
        .forums()
        .await?
        .into_iter()
        .find(|f| f.short_name == "DEFUS")
    else {
        return Ok(());
    };
    let password: String = urbis_app::accounts::secrets::new_token()?
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect();
    let mut user = urbis_app::accounts::users::add_user(
        &urbis_app::App::new(store.clone()),
        "mitglied@example.org",
        "Demo-Mitglied (Beispiel)",
        urbis_domain::Lang::De,
    )
    .await?;
    urbis_app::accounts::users::set_role(
        &urbis_app::App::new(store.clone()),
        &mut user,
        &forum.id,
        Some(urbis_domain::accounts::ForumRole::Member),
        None,
    )
    .await?;
    urbis_app::accounts::users::set_password(
        &urbis_app::App::new(store.clone()),
        &mut user,
        &password,
    )
    .await?;
    let said = t!("cli-demo-member", email = &user.email, password = &password);
    eprintln!("{said}");
    Ok(())
}

/// `urbis demo [--scale N] [--seed S]`.
pub async fn demo(url: &str, scale: u32, seed: u64) -> Result<(), CliError> {
    let store = open(url).await?;
    let loaded = load_demo(&store, scale, seed).await;
    store.close().await;
    if loaded? {
        eprintln!("{}", t!("cli-demo-loaded"));
        Ok(())
    } else {
        Err(CliError::Usage(t!("cli-demo-not-empty")))
    }
}

/// Where and what `urbis serve` serves.
#[derive(Debug)]
pub struct Serving {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// Load the demo network first when the store is empty.
    pub demo: bool,
    /// The short name of the forum presented at unknown hosts (default: the largest).
    pub forum: Option<String>,
    /// The bytes of public pages kept rendered (0: none).
    pub page_cache_bytes: usize,
    /// The bytes of records kept between writes (0: none).
    pub read_cache_bytes: usize,
}

/// What `urbis serve` trusts and reports: who reads the metrics, whose forwarded headers
/// count, where the backups it reports on are.
#[derive(Debug, clap::Args)]
pub struct Trust {
    /// Serve `/metrics` without a token on this address of its own (keep it internal),
    /// e.g. 127.0.0.1:9090.
    #[arg(long, env = "URBIS_METRICS_ADDR")]
    metrics_addr: Option<SocketAddr>,
    /// The bearer token `/metrics` asks for on the main address; without it, the main
    /// address has no `/metrics`.
    #[arg(long, env = "URBIS_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// The proxies in front (addresses or networks, comma-separated, e.g.
    /// 127.0.0.1,10.0.0.0/8) whose X-Forwarded-For names the client; from others it is
    /// ignored.
    #[arg(long, env = "URBIS_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<String>,
    /// The directory `urbis backup` writes its archives to, when this node can see it: `/metrics`
    /// then says when the newest was written (`urbis_backup_last_success_timestamp_seconds`).
    #[arg(long, env = "URBIS_BACKUP_DIR")]
    backup_dir: Option<PathBuf>,
}

impl Trust {
    /// The web layer's trust settings; a proxy that is no address or network is a usage error.
    fn security(&self) -> Result<urbis_web::Security, CliError> {
        let trusted_proxies = self
            .trusted_proxies
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<ipnet::IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| CliError::Usage(t!("cli-trusted-proxy-bad", proxy = p)))
            })
            .collect::<Result<_, _>>()?;
        let metrics_token = self.metrics_token.clone().filter(|t| !t.trim().is_empty());
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(CliError::Usage(t!("cli-metrics-token-short")));
        }
        Ok(urbis_web::Security {
            metrics_token,
            trusted_proxies,
        })
    }
}

/// `urbis serve`: the web server and, beside it, the mail worker that empties the outbox.
pub async fn serve(
    url: &str,
    serving: Serving,
    search_dir: &Path,
    trust: Trust,
) -> Result<(), CliError> {
    let Serving {
        addr,
        demo,
        forum,
        page_cache_bytes,
        read_cache_bytes,
    } = serving;
    let security = trust.security()?;
    let mail = urbis_mail::MailConfig::from_env().map_err(|e| CliError::Usage(e.to_string()))?;
    let mailer = urbis_mail::Mailer::new(&mail).map_err(|e| CliError::Usage(e.to_string()))?;
    // A bad guest limit stops the start rather than serving with figures nobody chose.
    urbis_app::events::limits::configured_limits()?;
    let store = open(url).await?;
    if demo && load_demo(&store, 1, urbis_demo::scale::DEFAULT_SEED).await? {
        tracing::info!("loaded the demo network");
    }
    let forum = pick_forum(&store, forum.as_deref()).await?;
    let base_url = std::env::var("URBIS_BASE_URL").unwrap_or_else(|_| format!("http://{addr}"));
    let search =
        urbis_search::Search::open(search_dir).map_err(|e| CliError::Usage(e.to_string()))?;
    // Report PDFs are typeset by this program in a process of their own (`urbis typeset`),
    // so the server's memory stays what its pages need.
    let app = match std::env::current_exe() {
        Ok(program) => urbis_app::App::new(store.clone()).typesetting_with(program),
        Err(_) => urbis_app::App::new(store.clone()),
    };
    let state = urbis_web::AppState::new(app, forum.clone(), &base_url, search.clone(), security);
    state.pages.set_budget(page_cache_bytes);
    if let Some(dir) = trust.backup_dir.clone() {
        state.metrics.watch_backups(dir);
    }
    state.app.set_read_budget(read_cache_bytes);
    let metrics = match trust.metrics_addr {
        Some(metrics_addr) => Some(serve_metrics(state.clone(), metrics_addr).await?),
        None => None,
    };
    let (stop, mut stopped) = tokio::sync::watch::channel(false);
    let mut search_stopped = stop.subscribe();
    let follower = urbis_search::spawn(store.clone(), search, async move {
        let _ = search_stopped.changed().await;
    });
    let worker_store = store.clone();
    let options = mail.worker_options();
    let worker = tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.changed().await;
        };
        urbis_mail::run(&worker_store, &mailer, &options, shutdown).await;
    });
    let retention = tokio::spawn(run_retention_daily(store.clone(), stop.subscribe()));
    let reminders = tokio::spawn(run_deadline_reminders_daily(
        store.clone(),
        base_url.clone(),
        stop.subscribe(),
    ));
    let mails = tokio::spawn(run_knowledge_mails_daily(
        store.clone(),
        base_url.clone(),
        stop.subscribe(),
    ));
    let event_reminders = tokio::spawn(run_event_reminders(
        store.clone(),
        base_url.clone(),
        stop.subscribe(),
    ));
    let guest_expiry = tokio::spawn(run_guest_expiry(store.clone(), stop.subscribe()));
    let notices = tokio::spawn(run_notices(
        store.clone(),
        base_url.clone(),
        stop.subscribe(),
    ));
    let served = urbis_web::serve(state, addr).await;
    let _ = stop.send(true);
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    // Background work gets a bounded time to finish what it does; whatever hangs (a query on a
    // connection that never answers) is named and left to end with the process.
    let deadline = tokio::time::Instant::now() + STOP_WITHIN;
    let background = [
        ("mail worker", worker),
        ("guest retention", retention),
        ("deadline reminders", reminders),
        ("event reminders", event_reminders),
        ("guest expiry", guest_expiry),
        ("notices", notices),
        ("knowledge mails", mails),
        ("search follower", follower),
    ];
    for (task, handle) in background {
        match tokio::time::timeout_at(deadline, handle).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(task, %error, "background work ended badly"),
            Err(_) => tracing::warn!(task, "background work did not stop in time; left behind"),
        }
    }
    if tokio::time::timeout(STOP_WITHIN, store.close())
        .await
        .is_err()
    {
        tracing::warn!("the store's connections were not all given back in time");
    }
    served.map_err(|e| {
        let (addr, error) = (addr.to_string(), e.to_string());
        CliError::Io(t!("cli-cannot-serve", addr = &addr, error = &error))
    })
}

/// How long background work may take to stop once the server has stopped serving, and the
/// store to close after it: a stop (SIGTERM, a rolling restart) always ends the process.
const STOP_WITHIN: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `/metrics` alone on `addr`, in the background.
async fn serve_metrics(
    state: urbis_web::AppState,
    addr: SocketAddr,
) -> Result<tokio::task::JoinHandle<()>, CliError> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        let (addr, error) = (addr.to_string(), e.to_string());
        CliError::Io(t!("cli-cannot-serve-metrics", addr = &addr, error = &error))
    })?;
    let bound = listener.local_addr().map_or(addr, |a| a);
    tracing::info!(on = %bound, "metrics are served");
    Ok(tokio::spawn(async move {
        if let Err(error) = urbis_web::serve_metrics(state, listener).await {
            tracing::error!(%error, "the metrics listener ended");
        }
    }))
}

/// Runs `job` once at start and then every `period`, until the server stops.
async fn every<F, Fut>(
    period: std::time::Duration,
    mut stopped: tokio::sync::watch::Receiver<bool>,
    mut job: F,
) where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    loop {
        job().await;
        tokio::select! {
            _ = stopped.changed() => return,
            () = tokio::time::sleep(period) => {}
        }
    }
}

const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// Anonymises old guest registrations once at start and then every day, until the server stops
/// (the retention period comes from `URBIS_GUEST_RETENTION_DAYS`).
async fn run_retention_daily(store: Store, stopped: tokio::sync::watch::Receiver<bool>) {
    let period = match urbis_app::privacy::configured_retention() {
        Ok(period) => period,
        Err(error) => {
            tracing::error!(%error, "guest retention is off");
            return;
        }
    };
    every(DAY, stopped, || async {
        match urbis_app::privacy::apply_retention(
            &urbis_app::App::new(store.clone()),
            None,
            period,
            jiff::Timestamp::now(),
        )
        .await
        {
            Ok(0) => {}
            Ok(done) => tracing::info!(done, "anonymised old guest registrations"),
            Err(error) => tracing::error!(%error, "guest retention failed; trying again tomorrow"),
        }
    })
    .await;
}

/// Reminds the office of every forum every day of funding applications in preparation whose
/// call has a deadline within two weeks (each reminder once), linking to the forum's own
/// address.
async fn run_deadline_reminders_daily(
    store: Store,
    origin: String,
    stopped: tokio::sync::watch::Receiver<bool>,
) {
    every(DAY, stopped, || async {
        let today = jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date();
        let days = urbis_app::projects::REMINDER_DAYS;
        let forums: Vec<urbis_domain::network::Forum> =
            match store.list(&urbis_store::ListQuery::everything()).await {
                Ok(forums) => forums,
                Err(error) => {
                    tracing::error!(%error, "funding deadline reminders failed");
                    return;
                }
            };
        for forum in &forums {
            let base_url = urbis_app::forums::base_url(forum, &origin);
            match urbis_app::projects::remind_deadlines(&urbis_app::App::new(store.clone()), &forum.id, today, days, &base_url)
                .await
            {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, forum = %forum.short_name, "queued funding deadline reminders"),
                Err(error) => tracing::error!(%error, forum = %forum.short_name, "funding deadline reminders failed"),
            }
        }
    })
    .await;
}

/// Queues the event reminders that are due, at start and then every five minutes, until the
/// server stops (the lead time comes from `URBIS_REMINDER_HOURS`, 24 hours by default). The
/// outbox's dedupe keys make every run safe to repeat, on any number of nodes.
async fn run_event_reminders(
    store: Store,
    base_url: String,
    stopped: tokio::sync::watch::Receiver<bool>,
) {
    let lead = match urbis_app::events::reminder_lead() {
        Ok(lead) => lead,
        Err(error) => {
            tracing::error!(%error, "event reminders are off");
            return;
        }
    };
    let site = urbis_app::events::Site {
        base_url: &base_url,
        calendar_host: None,
    };
    every(std::time::Duration::from_secs(5 * 60), stopped, || async {
        match urbis_app::events::send_reminders(
            &urbis_app::App::new(store.clone()),
            jiff::Timestamp::now(),
            lead,
            &site,
        )
        .await
        {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "queued event reminders"),
            Err(error) => tracing::error!(%error, "event reminders failed; trying again soon"),
        }
    })
    .await;
}

/// Delivers the notices that changes left and that were not delivered right after them (the
/// node stopped in between, or the store failed then), at start and then every minute, until
/// the server stops.
async fn run_notices(store: Store, base_url: String, stopped: tokio::sync::watch::Receiver<bool>) {
    let site = urbis_app::events::Site {
        base_url: &base_url,
        calendar_host: None,
    };
    every(std::time::Duration::from_secs(60), stopped, || async {
        let app = urbis_app::App::new(store.clone());
        match urbis_app::notices::deliver(&app, &site, jiff::Timestamp::now()).await {
            Ok(0) => {}
            Ok(settled) => tracing::info!(settled, "delivered notices left over"),
            Err(error) => tracing::error!(%error, "delivering notices failed; trying again soon"),
        }
    })
    .await;
}

/// Removes unconfirmed guest registrations whose link expired and ended rate-limit windows,
/// once at start and then every quarter of an hour, until the server stops.
async fn run_guest_expiry(store: Store, stopped: tokio::sync::watch::Receiver<bool>) {
    every(std::time::Duration::from_secs(15 * 60), stopped, || async {
        if let Err(error) = urbis_app::events::remove_expired(&urbis_app::App::new(store.clone()), jiff::Timestamp::now()).await
        {
            tracing::error!(%error, "removing expired guest registrations failed; trying again soon");
        }
    })
    .await;
}

/// Queues the weekly digests of followed collections and the portal's deadline reminders
/// once at start and then every day, until the server stops; the dedupe keys of the outbox
/// make sure nothing is sent twice, however often (and on however many nodes) this runs.
async fn run_knowledge_mails_daily(
    store: Store,
    base_url: String,
    stopped: tokio::sync::watch::Receiver<bool>,
) {
    let days = match urbis_app::portal::configured_reminder_days() {
        Ok(days) => days,
        Err(error) => {
            tracing::error!(%error, "deadline reminders use the default lead time");
            urbis_app::portal::DEFAULT_REMINDER_DAYS
        }
    };
    every(DAY, stopped, || async {
        let now = jiff::Timestamp::now();
        let addresses = match urbis_app::forums::Addresses::of_store(
            &urbis_app::App::new(store.clone()),
            &base_url,
        )
        .await
        {
            Ok(addresses) => addresses,
            Err(error) => {
                tracing::error!(%error, "collection digests and portal reminders failed");
                return;
            }
        };
        match urbis_app::knowledge::queue_digests(
            &urbis_app::App::new(store.clone()),
            &addresses,
            now,
        )
        .await
        {
            Ok(0) => {}
            Ok(done) => tracing::info!(done, "queued weekly collection digests"),
            Err(error) => tracing::error!(%error, "collection digests failed"),
        }
        let zone = jiff::tz::TimeZone::get(&urbis_domain::events::default_time_zone())
            .unwrap_or(jiff::tz::TimeZone::UTC);
        let today = zone.to_datetime(now).date();
        match urbis_app::portal::queue_reminders(
            &urbis_app::App::new(store.clone()),
            &addresses,
            today,
            days,
        )
        .await
        {
            Ok(0) => {}
            Ok(done) => tracing::info!(done, "queued portal deadline reminders"),
            Err(error) => tracing::error!(%error, "portal deadline reminders failed"),
        }
    })
    .await;
}

/// The forum to present: the one named, else the one with the most active members.
async fn pick_forum(store: &Store, short_name: Option<&str>) -> Result<Id, CliError> {
    let forum = match short_name {
        Some(name) => Some(store.forum_named(name).await?),
        None => store.main_forum().await?,
    };
    forum
        .map(|f| f.id)
        .ok_or_else(|| CliError::Usage(t!("cli-no-forum-yet")))
}

/// `urbis reindex`: builds the search index anew from the store.
pub async fn reindex(url: &str, search_dir: &Path) -> Result<(), CliError> {
    let search =
        urbis_search::Search::open(search_dir).map_err(|e| CliError::Usage(e.to_string()))?;
    let store = open(url).await?;
    let started = std::time::Instant::now();
    let indexed = urbis_search::rebuild(&store, &search).await;
    store.close().await;
    let fail =
        |e: urbis_search::SearchError| CliError::Io(t!("cli-cannot-index", error = &e.to_string()));
    let indexed = indexed.map_err(fail)?;
    search.compact().map_err(fail)?;
    let seconds = crate::lang::decimal(started.elapsed().as_secs_f64());
    let dir = search_dir.display().to_string();
    let said = t!(
        "cli-indexed",
        count = indexed,
        seconds = &seconds,
        dir = &dir
    );
    eprintln!("{said}");
    Ok(())
}

/// `urbis export`.
pub async fn export(
    url: &str,
    output: Option<PathBuf>,
    forum: Option<String>,
) -> Result<(), CliError> {
    let store = open(url).await?;
    let dataset = match forum {
        Some(short) => match store.forum_named(&short).await {
            Ok(forum) => store.export_forum(&forum.id).await,
            Err(error) => Err(error),
        },
        None => store.export().await,
    };
    store.close().await;
    let text = dataset?.to_json();
    match output.filter(|p| p.as_os_str() != "-") {
        Some(path) => write_atomically(&path, text.as_bytes()),
        None => std::io::stdout()
            .write_all(text.as_bytes())
            .map_err(|e| CliError::Io(t!("cli-cannot-write-export", error = &e.to_string()))),
    }
}

/// Writes a file through a temporary file beside it, so a failed write leaves no half file.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let file = path.display().to_string();
    let fail = |e: std::io::Error| {
        CliError::Io(t!("cli-cannot-write", file = &file, error = &e.to_string()))
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    temp.write_all(bytes).map_err(fail)?;
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// `urbis import`.
pub async fn import(url: &str, file: &Path) -> Result<(), CliError> {
    let text = std::fs::read_to_string(file).map_err(|e| CliError::Read {
        file: file.display().to_string(),
        message: match e.kind() {
            std::io::ErrorKind::NotFound => t!("cli-no-such-file"),
            std::io::ErrorKind::InvalidData => t!("cli-not-utf8"),
            _ => e.to_string(),
        },
    })?;
    let dataset = Dataset::from_json(&text).map_err(|e| CliError::Read {
        file: file.display().to_string(),
        message: e.to_string(),
    })?;
    let store = open(url).await?;
    let summary = store.import(dataset).await;
    store.close().await;
    let summary = summary?;
    let said = t!(
        "cli-imported",
        forums = summary.forums,
        records = summary.records
    );
    eprintln!("{said}");
    Ok(())
}
