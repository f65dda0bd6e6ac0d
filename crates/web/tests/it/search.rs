//! `/search` over real HTTP: what each role finds of the members-only and staff-only marker
//! texts (results, counts, facets, snippets), bad addresses, freshness, and two server nodes
//! on one PostgreSQL.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use urbis_domain::network::Organisation;
use urbis_testkit::TestDb;

use crate::common;
use crate::common::{MEMBERS_MARKERS, Role, STAFF_MARKERS, Site};

urbis_testkit::on_both_databases!(
    each_role_finds_only_its_markers,
    bad_addresses_are_clear_400s_never_500s,
    a_write_is_found_within_a_second,
);

async fn get(client: &reqwest::Client, site: &Site, path: &str) -> (StatusCode, String) {
    let response = client.get(site.url(path)).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The page after the search form (which repeats the search text).
fn after_form(page: &str) -> &str {
    let form = page.find("id=\"search-q\"").unwrap();
    &page[form + page[form..].find("</form>").unwrap()..]
}

/// The number in "N records found" (0 for "Nothing found").
fn count_of(page: &str) -> u64 {
    let Some(at) = page.find("<p role=\"status\">") else {
        return 0;
    };
    let rest = &page[at + 17..];
    let text = &rest[..rest.find('<').unwrap()];
    if text.starts_with("One ") {
        return 1;
    }
    text.split_whitespace().next().unwrap().parse().unwrap()
}

/// The counts shown beside the facet links of one facet.
fn facet_sum(page: &str, label: &str) -> u64 {
    let Some(at) = page.find(&format!("<nav aria-label=\"{label}\">")) else {
        return 0;
    };
    let block = &page[at..at + page[at..].find("</nav>").unwrap()];
    block
        .split("</a> (")
        .skip(1)
        .map(|part| part[..part.find(')').unwrap()].parse::<u64>().unwrap())
        .sum()
}

async fn each_role_finds_only_its_markers(db: TestDb) {
    let site = common::start(db).await;
    for role in [Role::Anonymous, Role::Member, Role::Staff] {
        let client = site.client(role).await;
        for q in [
            "MARKER",
            "*",
            "Marker Members",
            "MARKER-MEMBERS-ENTRY",
            "marker staff",
        ] {
            let path = format!("/search?lang=en&q={}", q.replace(' ', "+"));
            let (status, page) = get(&client, &site, &path).await;
            assert_eq!(status, StatusCode::OK, "{path} as {role:?}");
            // The search box repeats the search text: look at what comes after it, without the
            // marks around the words found (so a marked marker still counts as shown).
            let page = after_form(&page)
                .replace("<mark>", "")
                .replace("</mark>", "");
            let page = page.as_str();
            for marker in MEMBERS_MARKERS {
                if !role.reads_members() {
                    assert!(!page.contains(marker), "{path} as {role:?} shows {marker}");
                }
            }
            for marker in STAFF_MARKERS {
                if !role.reads_staff() {
                    assert!(!page.contains(marker), "{path} as {role:?} shows {marker}");
                }
            }
            let count = count_of(page);
            if count > 0 {
                assert_eq!(
                    facet_sum(page, "Kind"),
                    count,
                    "{path} as {role:?}: kind facets count what is found"
                );
            }
            // Every result on the page is counted, and nothing else.
            if count <= 20 {
                assert_eq!(
                    page.matches("<li><article>").count() as u64,
                    count,
                    "{path} as {role:?}"
                );
            }
        }
        let (_, marked) = get(&client, &site, "/search?lang=en&q=MARKER").await;
        let page = marked.replace("<mark>", "").replace("</mark>", "");
        let expected = match role {
            Role::Anonymous => 0,
            // Collection, description (same collection), org, event, series, project,
            // publication, entry, advocacy action: the description is part of its
            // collection's record.
            Role::Member => 8,
            _ => 8 + 5,
        };
        assert_eq!(count_of(&page), expected, "MARKER as {role:?}: {page}");
        if role.reads_members() {
            assert!(
                marked.contains("<mark>MARKER"),
                "snippets mark the words found"
            );
            for marker in MEMBERS_MARKERS {
                assert!(page.contains(marker), "{role:?} finds {marker}");
            }
        } else {
            assert!(page.contains("Nothing found"), "{page}");
        }
        for marker in STAFF_MARKERS {
            assert_eq!(
                page.contains(marker),
                role.reads_staff(),
                "{role:?}, {marker}"
            );
        }
        // Narrowing by the topic the marker records carry: the counts follow the role.
        let (_, open) = get(&client, &site, "/search?lang=en&q=*").await;
        let topic_link = open
            .split("href=\"")
            .find(|s| s.starts_with("/search?q=*&#38;topic="))
            .map_or_else(
                || panic!("a topic facet: {open}"),
                |s| s[..s.find('"').unwrap()].replace("&#38;", "&"),
            );
        let (_, narrowed) = get(&client, &site, &format!("{topic_link}&lang=en")).await;
        let with_topic = count_of(&narrowed);
        let expected = match role {
            // Open event, open series, open project, the topic page itself.
            Role::Anonymous => 4,
            // + members' event, project, publication, entry.
            Role::Member => 8,
            // + staff event and project.
            _ => 10,
        };
        assert_eq!(with_topic, expected, "{topic_link} as {role:?}: {narrowed}");
    }
    // The search box is in every page's header.
    let (_, home) = get(&common::browser(), &site, "/").await;
    assert!(home.contains(
        "<form role=\"search\" method=\"get\" action=\"/search\"><label for=\"site-search\">"
    ));
}

async fn bad_addresses_are_clear_400s_never_500s(db: TestDb) {
    let site = common::start(db).await;
    let client = common::browser();
    let long = "a".repeat(10_000);
    let (status, page) = get(&client, &site, &format!("/search?lang=en&q={long}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("The search text is too long: at most 500 characters are searched."),
        "{page}"
    );
    for q in [
        "title:(",
        "%22unclosed",
        "*",
        "(((",
        "AND",
        "%00",
        "%F0%9F%99%82",
        "-",
        "a~9",
        "[a+TO",
    ] {
        let (status, page) = get(&client, &site, &format!("/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK, "q={q}");
        assert!(!page.contains("MARKER"), "q={q}");
    }
    for query in [
        "q=a&page=-1",
        "q=a&page=1000000000000",
        "q=a&page=0",
        "q=a&page=x",
        "q=a&kind=person",
        "q=a&kind=registration",
        "q=a&year=abc",
        "q=a&year=99999",
    ] {
        let (status, _) = get(&client, &site, &format!("/search?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
    }
    let (status, page) = get(
        &client,
        &site,
        "/search?lang=en&q=Stadt+Esen&kind=organisation",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(">Stadt Essen</a>"),
        "a typo in an organisation's name: {page}"
    );
    let (status, page) = get(&client, &site, "/search?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("role=\"status\""), "no search, no count");
}

/// Waits until `path` on `base` shows `text`, at most `limit`; returns how long it took.
async fn found_within(base: &str, path: &str, text: &str, limit: Duration) -> Duration {
    let client = common::browser();
    let started = Instant::now();
    loop {
        let page = client
            .get(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if page.contains(text) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "{text} is found on {base} within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn organisation(site: &Site, name: &str) -> Organisation {
    let mut org: Organisation = serde_json::from_value(serde_json::json!({
        "name": name, "kind": "city", "country": "DE"
    }))
    .unwrap();
    org.forum = site.forum.clone();
    org
}

/// The index itself takes well under a second (urbis-search's own test asserts it); over HTTP
/// on a machine shared by many builds the page is given two.
async fn a_write_is_found_within_a_second(db: TestDb) {
    let site = common::start(db).await;
    site.store
        .insert(&organisation(&site, "Gemeinde Quickborn"))
        .await
        .unwrap();
    let took = found_within(
        &site.base,
        "/search?q=Quickborn",
        ">Gemeinde Quickborn</a>",
        Duration::from_secs(2),
    )
    .await;
    eprintln!("found after {took:?}");
}

/// Two server nodes on one PostgreSQL, each with its own index: a write through node A is
/// found on node B within a few seconds (B learns of it only from the change log).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_postgres_find_each_others_writes() {
    let site = common::start(urbis_testkit::postgres().await).await;
    // Node B: its own store connection, its own index, its own follower.
    let store = urbis_testkit::store::Store::open(site.db_url())
        .await
        .unwrap();
    let search = urbis_search::Search::in_ram().unwrap();
    urbis_search::catch_up(&store, &search).await.unwrap();
    urbis_search::spawn(store.clone(), search.clone(), std::future::pending());
    let state = urbis_web::AppState::new(
        urbis_app::App::new(store),
        site.forum.clone(),
        "http://localhost",
        search,
        urbis_web::Security::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let node_b = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let app = urbis_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, app).await;
    });
    found_within(
        &node_b,
        "/search?q=Essen",
        ">Stadt Essen</a>",
        Duration::from_secs(1),
    )
    .await;

    site.store
        .insert(&organisation(&site, "Hansestadt Wismar"))
        .await
        .unwrap();
    let on_a = found_within(
        &site.base,
        "/search?q=Wismar",
        ">Hansestadt Wismar</a>",
        Duration::from_secs(1),
    )
    .await;
    let on_b = found_within(
        &node_b,
        "/search?q=Wismar",
        ">Hansestadt Wismar</a>",
        Duration::from_secs(3),
    )
    .await;
    eprintln!("node A found the write after {on_a:?}, node B after {on_b:?}");
    // And the other way round, for a change that hides a record: node A stops showing it.
    let mut org: Organisation = site
        .store
        .list::<Organisation>(&urbis_testkit::store::ListQuery::new(
            &site.forum,
            urbis_domain::Access::Public,
        ))
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name.original_text() == "Hansestadt Wismar")
        .unwrap();
    org.access = urbis_domain::Access::Members;
    let node_b_store = urbis_testkit::store::Store::open(site.db_url())
        .await
        .unwrap();
    node_b_store.update(&mut org).await.unwrap();
    let started = Instant::now();
    loop {
        let (_, page) = get(&common::browser(), &site, "/search?q=Wismar").await;
        if !page.contains("Wismar</a>") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "node A hides what node B made members-only"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
