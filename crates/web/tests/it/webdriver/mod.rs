//! A real headless Chromium driven over WebDriver (Debian's `chromium` and `chromium-driver`),
//! with the helpers the browser tests are written in: open a page, fill a field by its label's
//! `for` id, press a button, wait for what the user then sees, log in as a role, run axe-core.
//!
//! Nothing here skips: without Chromium, chromedriver or axe-core the tests fail and say what
//! to install (`./test.sh` installs all three).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::common::{PASSWORD, Role, Site};

/// How long any one wait may take: generous, for a loaded 2-core machine.
pub const WAIT: Duration = Duration::from_secs(90);

/// At most two browsers at once: each is a handful of processes.
static SLOTS: Semaphore = Semaphore::const_new(2);

/// The axe-core script (`URBIS_AXE_JS`, default where `./test.sh` installs it).
pub fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = std::env::var_os("URBIS_AXE_JS").map_or_else(
            || {
                let home = std::env::var_os("HOME").unwrap_or_else(|| "/root".into());
                PathBuf::from(home).join(".cache/urbis-npm/node_modules/axe-core/axe.min.js")
            },
            PathBuf::from,
        );
        std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "axe-core is missing at {} ({error}): run `./test.sh --install-only`, or \
                 `npm install --prefix ~/.cache/urbis-npm axe-core@4.11.1`, or set URBIS_AXE_JS",
                path.display()
            )
        })
    })
}

fn program(env: &str, names: &[&str]) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "{} is not installed: `apt-get install chromium chromium-driver` (./test.sh does), \
         or set {env}",
        names[0]
    )
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// One violation axe-core reports.
#[derive(Debug, Clone)]
pub struct Violation {
    /// The rule (`color-contrast`).
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks for.
    pub help: String,
    /// The elements that break it, with axe's summary.
    pub nodes: Vec<String>,
}

impl Violation {
    /// True for the violations the tests allow none of.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "  [{}] {}: {}", self.impact, self.rule, self.help)?;
        for node in &self.nodes {
            writeln!(f, "      {node}")?;
        }
        Ok(())
    }
}

/// A headless Chromium with its own fresh profile, driven through its own chromedriver.
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    /// `http://127.0.0.1:PORT` of the site under test.
    pub base: String,
    driver: Child,
    _profile: tempfile::TempDir,
    _slot: SemaphorePermit<'static>,
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium session for the site at `base`.
    pub async fn start(base: &str) -> Browser {
        let chromium = program("URBIS_CHROMIUM", &["chromium", "chromium-browser"]);
        let chromedriver = program("URBIS_CHROMEDRIVER", &["chromedriver"]);
        let slot = SLOTS.acquire().await.expect("the browser slots stay open");
        let profile = tempfile::tempdir().expect("a profile directory");
        let mut last_error = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            let driver = Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so that the browser it starts ends with it.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("chromedriver {} starts: {e}", chromedriver.display()));
            let client = match connect(port, &chromium, &profile.path().to_string_lossy()).await {
                Ok(client) => client,
                Err(error) => {
                    last_error = error;
                    let mut driver = driver;
                    kill_group(&driver);
                    let _ = driver.wait();
                    continue;
                }
            };
            client
                .set_window_size(1280, 900)
                .await
                .expect("window size");
            return Browser {
                client,
                base: base.to_owned(),
                driver,
                _profile: profile,
                _slot: slot,
            };
        }
        panic!("chromedriver and Chromium did not start: {last_error}");
    }

    /// The absolute address of a path on the site.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Opens a page and waits until it has loaded.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .unwrap_or_else(|e| panic!("{path} opens: {e}"));
        self.wait_for("body").await;
    }

    /// Waits until an element matching `css` is on the page, and returns it.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        let found = self
            .client
            .wait()
            .at_most(WAIT)
            .every(Duration::from_millis(100))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(error) => panic!(
                "`{css}` never appeared ({error}) on {}, which shows:\n{}",
                self.path().await,
                self.text().await
            ),
        }
    }

    /// Waits until the page's visible text contains `text`.
    pub async fn wait_for_text(&self, text: &str) {
        let until = Instant::now() + WAIT;
        loop {
            let body = self.text().await;
            if body.contains(text) {
                return;
            }
            assert!(
                Instant::now() < until,
                "the page never showed {text:?}; it shows:\n{body}"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The page's visible text.
    pub async fn text(&self) -> String {
        self.client
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The current path (and query).
    pub async fn path(&self) -> String {
        let url = self
            .client
            .current_url()
            .await
            .expect("the current address");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The `lang` of the page.
    pub async fn page_lang(&self) -> String {
        self.client
            .execute("return document.documentElement.lang;", vec![])
            .await
            .expect("the page's language")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Types `value` into the field with the id `id` (the one its label's `for` names), after
    /// checking that a label names it.
    pub async fn fill(&self, id: &str, value: &str) {
        self.wait_for(&format!("label[for='{id}']")).await;
        let field = self.wait_for(&format!("#{id}")).await;
        field.clear().await.expect("the field clears");
        field.send_keys(value).await.expect("typing works");
    }

    /// Chooses the option with the value `value` in the select with the id `id`.
    pub async fn select(&self, id: &str, value: &str) {
        self.wait_for(&format!("label[for='{id}']")).await;
        let field = self.wait_for(&format!("#{id}")).await;
        field
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("#{id} offers {value:?}: {e}"));
    }

    /// The message beside the field with the id `id`: waits until the field is marked invalid
    /// (`aria-invalid="true"`) and returns the text of the element its `aria-describedby` names.
    pub async fn field_error(&self, id: &str) -> String {
        let field = self
            .wait_for(&format!("#{id}[aria-invalid='true'][aria-describedby]"))
            .await;
        let described_by = field
            .attr("aria-describedby")
            .await
            .expect("the attribute reads")
            .unwrap_or_default();
        let mut text = String::new();
        for part in described_by.split_whitespace() {
            text.push_str(
                &self
                    .wait_for(&format!("#{part}"))
                    .await
                    .text()
                    .await
                    .unwrap_or_default(),
            );
        }
        assert!(!text.trim().is_empty(), "#{id} names an empty message");
        text
    }

    /// The value the field with the id `id` holds now.
    pub async fn value(&self, id: &str) -> String {
        self.wait_for(&format!("#{id}"))
            .await
            .prop("value")
            .await
            .expect("the value reads")
            .unwrap_or_default()
    }

    /// Presses a key (`fantoccini::key::Key::Tab`, …) on whatever has the focus.
    pub async fn key(&self, key: fantoccini::key::Key) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("a focused element");
        focused
            .send_keys(&char::from(key).to_string())
            .await
            .expect("the key presses");
    }

    /// A short description of the focused element: tag, id and class.
    pub async fn focused(&self) -> String {
        self.client
            .execute(
                "const e = document.activeElement; \
                 return e ? e.tagName.toLowerCase() + '#' + e.id + '.' + e.className : '';",
                vec![],
            )
            .await
            .expect("the focus reads")
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Ticks the checkbox with the id `id`.
    pub async fn check(&self, id: &str) {
        let field = self.wait_for(&format!("#{id}")).await;
        if !field.is_selected().await.expect("checkbox state") {
            field.click().await.expect("the checkbox ticks");
        }
    }

    /// Presses the button whose text is `label` (inside the element matching `within`).
    pub async fn press(&self, within: &str, label: &str) {
        let buttons = self
            .client
            .find_all(Locator::Css(&format!("{within} button")))
            .await
            .expect("buttons");
        for button in buttons {
            if button.text().await.unwrap_or_default().trim() == label {
                button.click().await.expect("the button presses");
                return;
            }
        }
        panic!("no button {label:?} in `{within}`:\n{}", self.text().await);
    }

    /// Follows the link whose text is `label` (inside the element matching `within`).
    pub async fn follow(&self, within: &str, label: &str) {
        let links = self
            .client
            .find_all(Locator::Css(&format!("{within} a")))
            .await
            .expect("links");
        for link in links {
            if link.text().await.unwrap_or_default().trim() == label {
                link.click().await.expect("the link follows");
                return;
            }
        }
        panic!("no link {label:?} in `{within}`:\n{}", self.text().await);
    }

    /// Logs in as `role` through the login form (and the second factor for the office), and
    /// waits until the navigation offers the account.
    pub async fn log_in(&self, site: &Site, role: Role) {
        let email = role.email().expect("a role with an account");
        self.open("/login").await;
        self.fill("email", email).await;
        self.fill("password", PASSWORD).await;
        self.press("main form", &site_text(self, "login-submit").await)
            .await;
        if let Some((_, secret)) = site.secrets.iter().find(|(r, _)| *r == role) {
            self.wait_for("form[action='/login/code'] #code").await;
            let code = site.second_factor(role, email, secret);
            self.fill("code", &code).await;
            self.press("main form", &site_text(self, "code-submit").await)
                .await;
        }
        self.wait_for(".site-tools a[href='/account']").await;
    }

    /// Saves a picture of the page as `name.png` in the folder `URBIS_SCREENSHOTS`, when that
    /// is set (for looking at the design; the tests do not need it).
    pub async fn screenshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("URBIS_SCREENSHOTS") else {
            return;
        };
        let file: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(PathBuf::from(dir).join(format!("{file}.png")), png).expect("saved");
    }

    /// Runs axe-core on the current page and returns every violation.
    pub async fn axe(&self) -> Vec<Violation> {
        let loaded = self
            .client
            .execute(
                &format!("{}\n;return typeof window.axe;", axe_source()),
                vec![],
            )
            .await
            .expect("axe-core loads into the page");
        assert_eq!(loaded, json!("object"), "axe-core defines window.axe");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                window.axe.run(document, {resultTypes: ['violations']})
                  .then(r => done(r.violations.map(v => ({
                    rule: v.id, impact: v.impact || '', help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\n/g, ' '))
                  }))))
                  .catch(e => done({error: String(e)}));"#,
                vec![],
            )
            .await
            .expect("axe-core runs");
        let Value::Array(items) = result else {
            panic!("axe-core failed: {result}");
        };
        items
            .into_iter()
            .map(|v| Violation {
                rule: v["rule"].as_str().unwrap_or_default().to_owned(),
                impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                help: v["help"].as_str().unwrap_or_default().to_owned(),
                nodes: v["nodes"]
                    .as_array()
                    .map(|n| {
                        n.iter()
                            .filter_map(|n| n.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// Ends the session (the browser quits) and chromedriver.
    pub async fn quit(self) {
        let Browser { client, .. } = &self;
        let _ = client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        kill_group(&self.driver);
        let _ = self.driver.wait();
    }
}

/// Ends chromedriver and the browser it started (its process group), by the group's id.
fn kill_group(driver: &Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", driver.id())])
        .stderr(Stdio::null())
        .status();
}

/// An interface text in the language of the page the browser shows.
pub async fn site_text(browser: &Browser, id: &str) -> String {
    let lang =
        urbis_domain::Lang::parse(&browser.page_lang().await).unwrap_or(urbis_domain::Lang::De);
    urbis_app::i18n::Tr::new(lang).get(id)
}

async fn connect(port: u16, chromium: &std::path::Path, profile: &str) -> Result<Client, String> {
    let driver = format!("http://127.0.0.1:{port}");
    let status = reqwest::Client::new();
    let until = Instant::now() + WAIT;
    loop {
        let ready = status
            .get(format!("{driver}/status"))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()
            .is_some_and(|r| r.status().is_success());
        if ready {
            break;
        }
        if Instant::now() > until {
            return Err(format!("chromedriver on port {port} never answered"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let capabilities = json!({
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": {"script": 90_000, "pageLoad": 90_000, "implicit": 0},
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            // The site's default readers: German first (Accept-Language).
            "prefs": {"intl.accept_languages": "de-DE,de"},
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--lang=de-DE",
                "--accept-lang=de-DE,de",
                format!("--user-data-dir={profile}"),
            ]
        }
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver)
        .await
        .map_err(|e| format!("no WebDriver session on port {port}: {e}"))
}
