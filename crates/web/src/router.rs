//! Every route of the web layer, in one place. The list [`ROUTES`] is made from the same
//! declaration as the router, so the access matrix test always sees every route.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use tower_http::compression::CompressionLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::context::{FORM_LIMIT, guard};
use crate::error::WebError;
use crate::state::AppState;
use crate::{
    accounts, admin, advocacy, api, assets, brand, events, health, home, knowledge, metrics,
    network, page_cache, portal, projects, proxy, report, search, topics,
};

macro_rules! routes {
    ($($method:ident $path:literal => $handler:path,)*) => {
        /// Every route as (method, path): the same list the router is built from.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path)),*];

        fn add_routes(router: Router<AppState>) -> Router<AppState> {
            router $(.route($path, axum::routing::$method($handler)))*
        }
    };
}

routes! {
    get "/" => home::show,
    get "/healthz" => health::healthz,
    get "/assets/{file}" => assets::serve,
    get "/brand/{file}" => brand::serve,
    get "/readyz" => health::readyz,
    get "/metrics" => metrics::show,
    get "/collections" => knowledge::collections::list,
    get "/collections/{slug}" => knowledge::board::show,
    post "/collections/{slug}/entries" => knowledge::entries::add,
    post "/collections/{slug}/entries/{id}" => knowledge::entries::curate,
    post "/collections/{slug}/follow" => knowledge::entries::follow,
    get "/files/entries/{id}" => knowledge::download::entry_file,
    get "/files/publications/{id}" => knowledge::download::publication_file,
    get "/login" => accounts::login::show,
    post "/login" => accounts::login::submit,
    post "/logout" => accounts::login::logout,
    get "/login/code" => accounts::second_factor::show_code,
    post "/login/code" => accounts::second_factor::submit_code,
    get "/account" => accounts::account::show,
    post "/account/logout-everywhere" => accounts::account::logout_everywhere,
    get "/account/second-factor" => accounts::second_factor::show_setup,
    post "/account/second-factor" => accounts::second_factor::submit_setup,
    get "/admin/users" => accounts::admin::show,
    post "/admin/users/invite" => accounts::admin::invite,
    post "/admin/users/{id}/role" => accounts::admin::set_role,
    get "/admin/audit/{id}" => accounts::audit::show,
    get "/admin/report" => report::annual::show,
    get "/admin/applications" => projects::board::show,
    post "/admin/applications/{id}/status" => projects::board::move_to,
    get "/admin/report/editor" => report::editor::show,
    post "/admin/report/texts" => report::editor::create,
    post "/admin/report/texts/{id}" => report::editor::update,
    post "/admin/report/texts/{id}/delete" => report::editor::delete,
    get "/account/data" => accounts::privacy::own_data,
    get "/admin/people/{id}/data" => accounts::privacy::person_data,
    get "/admin/people/{id}/erase" => accounts::privacy::confirm_erase,
    post "/admin/people/{id}/erase" => accounts::privacy::erase,
    get "/admin/people/{id}/consent" => accounts::privacy::show_consent,
    post "/admin/people/{id}/consent" => accounts::privacy::record_consent,
    post "/admin/retention" => accounts::privacy::retention,
    get "/password/forgot" => accounts::password::show_forgot,
    post "/password/forgot" => accounts::password::submit_forgot,
    get "/password/reset/{token}" => accounts::password::show_reset,
    post "/password/reset/{token}" => accounts::password::submit_reset,
    get "/invitation/{token}" => accounts::password::show_invitation,
    post "/invitation/{token}" => accounts::password::submit_invitation,
    get "/members" => network::members::show,
    get "/members/{id}" => network::organisation::show,
    get "/members/{id}/edit" => network::profile::edit,
    post "/members/{id}/edit" => network::profile::save,
    get "/about" => network::about::show,
    get "/events" => events::list::list,
    get "/events/{id}" => events::show::show,
    post "/events/{id}/register" => events::register::register,
    get "/registrations/{id}/cancel/{token}" => events::register::confirm_cancel,
    post "/registrations/{id}/cancel/{token}" => events::register::cancel,
    get "/registrations/{id}/confirm/{token}" => events::confirm::show,
    post "/registrations/{id}/confirm/{token}" => events::confirm::confirm,
    get "/series/{id}" => events::series::show,
    post "/series/{id}/register" => events::series::register,
    get "/account/registrations" => events::mine::show,
    post "/account/registrations/{id}/cancel" => events::mine::cancel,
    get "/admin/events/{id}/registrations" => events::admin::show,
    post "/admin/events/{id}/registrations" => events::admin::add,
    get "/admin/events/{id}/registrations/export" => events::admin::export,
    get "/admin/events/{id}/participants" => events::admin::sheet,
    post "/admin/events/{id}/schedule" => events::admin::schedule,
    post "/admin/registrations/{id}/status" => events::admin::set_status,
    get "/advocacy" => advocacy::list::list,
    get "/projects" => projects::list::list,
    get "/projects/{id}" => projects::show::show,
    get "/portal" => portal::list::list,
    get "/portal/publications/{id}" => portal::show::publication,
    get "/portal/calls/{id}" => portal::show::call,
    post "/portal/calls/{id}/remind" => portal::reminders::subscribe,
    get "/portal/reminders/{token}/confirm" => portal::reminders::confirm_page,
    post "/portal/reminders/{token}/confirm" => portal::reminders::confirm,
    get "/portal/reminders/{token}/unsubscribe" => portal::reminders::unsubscribe_page,
    post "/portal/reminders/{token}/unsubscribe" => portal::reminders::unsubscribe,
    get "/feeds/{file}" => portal::feeds::portal_feed,
    get "/feeds/topics/{file}" => portal::feeds::topic_feed,
    get "/topics/{slug}" => topics::show::show,
    get "/search" => search::show,
    get "/calendar/events.ics" => events::calendar::forum_feed,
    get "/calendar/topics/{file}" => events::calendar::topic_feed,
    get "/calendar/series/{file}" => events::calendar::series_feed,
    get "/calendar/private/{file}" => events::calendar::private_feed,
    post "/account/calendar" => events::calendar::reset_token,
    get "/admin" => admin::start::show,
    get "/admin/forums" => admin::forums::show,
    post "/admin/forums" => admin::forums::create,
    get "/admin/import" => admin::import::show,
    post "/admin/import" => admin::import::preview,
    post "/admin/import/confirm" => admin::import::confirm,
    get "/admin/import/template" => admin::import::template,
    get "/admin/{kind}" => admin::list::list,
    get "/admin/{kind}/new" => admin::edit::new,
    post "/admin/{kind}/new" => admin::edit::create,
    get "/admin/{kind}/{id}" => admin::edit::edit,
    post "/admin/{kind}/{id}" => admin::edit::update,
    get "/admin/{kind}/{id}/delete" => admin::edit::confirm_delete,
    post "/admin/{kind}/{id}/delete" => admin::edit::delete,
    post "/account/api-tokens" => accounts::api_tokens::create,
    post "/account/api-tokens/{id}/revoke" => accounts::api_tokens::revoke,
    get "/api/openapi.json" => api::openapi::show,
    get "/api/v1/{kind}" => api::records::list,
    post "/api/v1/{kind}" => api::records::create,
    get "/api/v1/{kind}/{id}" => api::records::show,
    put "/api/v1/{kind}/{id}" => api::records::replace,
    patch "/api/v1/{kind}/{id}" => api::records::patch,
    delete "/api/v1/{kind}/{id}" => api::records::remove,
}

/// `/metrics` alone, without a token, for a listener of its own that only the operator's
/// network reaches (`urbis serve --metrics-addr`).
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(metrics::exposition))
        .with_state(state)
}

async fn not_found() -> WebError {
    WebError::NotFound
}

/// The application's routes with the guards every request passes. Outermost, `proxy::trust`
/// judges the forwarding headers and gives the request its id; the trace layer logs one line
/// per answer (status, latency) in a span naming the request id and the client.
pub fn router(state: AppState) -> Router {
    add_routes(Router::new())
        .route_layer(from_fn_with_state(
            state.clone(),
            accounts::gate::second_factor,
        ))
        .route_layer(from_fn_with_state(state.clone(), page_cache::serve))
        .route_layer(from_fn_with_state(state.clone(), metrics::track))
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), guard))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(proxy::span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(from_fn_with_state(state.clone(), proxy::trust))
        .with_state(state)
}
