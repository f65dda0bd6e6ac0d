//! The iCal feeds (RFC 5545): `/calendar/events.ics` (the forum's public events and those
//! other forums share into it), `/calendar/topics/{slug}.ics`, `/calendar/series/{id}.ics` and the personal
//! feed `/calendar/private/{token}.ics`, whose secret address a member creates or resets with
//! `POST /account/calendar`.
//!
//! The public feeds are always written for an anonymous viewer, whoever asks (a feed address
//! is shared and fetched by calendar programs without a session); the personal feed is written
//! for the user its token belongs to. Both ask the one access policy (`Viewer::reads`).
//!
//! Which events a feed holds: every event known at least to the month (see [`ics::when`]);
//! an event known only to the year ("in 2022") has no place a calendar could show, so it is
//! left out of every feed (its page still shows it).
//!
//! Times: an event known to the minute is written in its own time zone with a `VTIMEZONE`
//! (see [`ics`]); an event known to the day is an all-day event. The meeting link of an online
//! or hybrid event is only in the personal feed, and only for events its owner has a seat at.

use crate::site::Site;

use axum::extract::{Path, RawQuery};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use urbis_app::events::calendar::{self, Selection, Window};
use urbis_domain::accounts::User;
use urbis_domain::events::Series;
use urbis_domain::{Lang, Viewer};

use crate::error::WebError;
use crate::home::{Params, bad_request};
use crate::pages::{MessagePage, render};
use crate::visitor::Visitor;

/// The host named in every `UID` (`{event id}@urbis`), the same as in the mails' files.
const HOST: &str = "urbis";

/// The content type of every feed.
pub const CONTENT_TYPE_ICS: &str = "text/calendar; charset=utf-8";

/// Writing iCalendar text: the one writer of feeds and mails, in the use cases.
pub use urbis_app::events::ics;

/// The feed language: `?lang=` (any language urbis holds texts in), German by default; none
/// for a malformed value.
fn feed_lang(params: &Params) -> Option<Lang> {
    match params.get("lang") {
        None => Some(Lang::De),
        Some(code) => Lang::parse(code),
    }
}

/// The events of a feed as `viewer` may read them, sorted by start, as `VEVENT`s in `lang`
/// (the feed's `owner` sees the meeting links of the events they have a seat at).
async fn feed_events(
    state: &Site,
    viewer: &Viewer,
    lang: Lang,
    selection: &Selection,
    window: Window,
    owner: Option<&User>,
) -> Result<Vec<ics::FeedEvent>, WebError> {
    let feed = calendar::feed(&state.app, viewer, &state.forum, selection, window, owner).await?;
    // Events shared into this forum are marked with their forum's short name (in the summary
    // and as a category).
    let out: Vec<ics::FeedEvent> = feed
        .events
        .iter()
        .filter_map(|e| {
            let sequence = feed.sequences.get(e.id.as_str()).copied().unwrap_or(0);
            let page = format!("{}/events/{}", state.base_url, e.id);
            let link = e
                .online_link
                .as_deref()
                .filter(|_| feed.confirmed.contains(&e.id));
            let owner = feed.owners.get(&e.forum).map(String::as_str);
            ics::event_entry(
                e,
                lang,
                HOST,
                sequence,
                &feed.topics,
                owner,
                Some(page),
                link,
            )
        })
        .collect();
    Ok(out)
}

/// The window of `?from=YYYY-MM-DD&to=YYYY-MM-DD`; none for a malformed day.
fn feed_window(params: &Params) -> Option<Window> {
    let day = |name: &str| match params.get(name) {
        None => Some(None),
        Some(text) => text.parse::<jiff::civil::Date>().ok().map(Some),
    };
    Some(Window {
        from: day("from")?,
        to: day("to")?,
    })
}

/// The feed file's answer: the calendar text with its content type.
async fn answer(
    state: &Site,
    viewer: &Viewer,
    raw: Option<&str>,
    name: String,
    selection: Selection,
    owner: Option<&User>,
) -> Result<Response, WebError> {
    let Some(lang) = feed_lang(&Params::parse(raw)) else {
        return Ok(bad_request());
    };
    let Some(window) = feed_window(&Params::parse(raw)) else {
        return Ok(bad_request());
    };
    let private = owner.is_some();
    let events = feed_events(state, viewer, lang, &selection, window, owner).await?;
    let text = ics::write(&name, &events, Timestamp::now())
        .map_err(|e| WebError::Report(format!("calendar: {e}")))?;
    let cache = if private {
        "private, no-store"
    } else {
        "public, max-age=300"
    };
    Ok((
        [(CONTENT_TYPE, CONTENT_TYPE_ICS), (CACHE_CONTROL, cache)],
        text,
    )
        .into_response())
}

/// The name before `.ics` of a feed file; none for any other address.
fn stem(file: &str) -> Result<&str, WebError> {
    file.strip_suffix(".ics")
        .filter(|s| !s.is_empty())
        .ok_or(WebError::NotFound)
}

async fn forum_name(state: &Site, lang: Lang) -> Result<String, WebError> {
    let forum = urbis_app::forums::one(&state.app, &state.forum).await?;
    Ok(forum.name.localize(lang).text.to_owned())
}

fn lang_of(raw: Option<&str>) -> Lang {
    feed_lang(&Params::parse(raw)).unwrap_or(Lang::De)
}

/// `/calendar/events.ics`: the forum's public events and the public ones shared into it.
pub async fn forum_feed(state: Site, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    let name = forum_name(&state, lang_of(raw.as_deref())).await?;
    let viewer = Viewer::anonymous();
    answer(
        &state,
        &viewer,
        raw.as_deref(),
        name,
        Selection::Forum,
        None,
    )
    .await
}

/// `/calendar/topics/{slug}.ics`: the public events of a public topic.
pub async fn topic_feed(
    state: Site,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let slug = stem(&file)?;
    if slug.len() > 80
        || !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(WebError::NotFound);
    }
    let viewer = Viewer::anonymous();
    let topic = urbis_app::topics::by_slug(&state.app, &viewer, &state.forum, slug).await?;
    let lang = lang_of(raw.as_deref());
    let name = format!(
        "{} – {}",
        forum_name(&state, lang).await?,
        topic.name.localize(lang).text
    );
    let selection = Selection::Topic(topic.id.clone());
    answer(&state, &viewer, raw.as_deref(), name, selection, None).await
}

/// `/calendar/series/{id}.ics`: the public events of a public series.
pub async fn series_feed(
    state: Site,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let viewer = Viewer::anonymous();
    let series: Series = crate::home::visible(&state, &viewer, stem(&file)?).await?;
    let lang = lang_of(raw.as_deref());
    let name = format!(
        "{} – {}",
        forum_name(&state, lang).await?,
        series.title.localize(lang).text
    );
    let selection = Selection::Series(series.id.clone());
    answer(&state, &viewer, raw.as_deref(), name, selection, None).await
}

/// `/calendar/private/{token}.ics`: every event the token's user may read, with the
/// umbrella's. An unknown or reset token, or one of an account that is not active, is not
/// found. The token alone is the credential (calendar programs cannot log in or give a second
/// factor), so it is long, random and stored only as a hash.
pub async fn private_feed(
    state: Site,
    Path(file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let token = stem(&file)?;
    if token.len() != 43 {
        return Err(WebError::NotFound);
    }
    // A disabled or not yet active account's feed stops (its viewer would have no roles).
    let Some(user) = calendar::token_user(&state.app, token).await? else {
        return Err(WebError::NotFound);
    };
    let viewer = Viewer::user(&user);
    let name = forum_name(&state, lang_of(raw.as_deref())).await?;
    answer(
        &state,
        &viewer,
        raw.as_deref(),
        name,
        Selection::Forum,
        Some(&user),
    )
    .await
}

/// `POST /account/calendar`: creates the logged-in user's personal feed address, or replaces
/// it (the old address answers 404 from then on), and shows the new one once.
pub async fn reset_token(state: Site, visitor: Visitor) -> Result<Response, WebError> {
    let Some(user) = visitor.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/account").into_response());
    };
    let token = calendar::reset_token(&state.app, user).await?;
    let url = format!("{}/calendar/private/{token}.ics", state.base_url);
    let t = visitor.t();
    let title = t.get("calendar-title");
    let message = format!(
        "{} {url} – {}",
        t.get("calendar-address"),
        t.get("calendar-keep-secret")
    );
    let mut response = render(&MessagePage {
        frame: visitor.frame(),
        title,
        message,
    });
    response.headers_mut().insert(
        CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}
