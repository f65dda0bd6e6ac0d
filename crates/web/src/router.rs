//! Every route of the web layer, in one place. The list [`ROUTES`] is made from the same
//! declaration as the router, so the access matrix test always sees every route.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderName;
use axum::middleware::from_fn_with_state;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::context::{FORM_LIMIT, guard};
use crate::error::WebError;
use crate::state::AppState;
use crate::{
    accounts, events, health, home, knowledge, metrics, network, portal, projects, report, search,
    topics,
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
    get "/readyz" => health::readyz,
    get "/metrics" => metrics::show,
    get "/collections" => knowledge::collections::list,
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
    get "/about" => network::about::show,
    get "/events" => events::list::list,
    get "/events/{id}" => events::show::show,
    post "/events/{id}/register" => events::register::register,
    get "/registrations/{id}/cancel/{token}" => events::register::confirm_cancel,
    post "/registrations/{id}/cancel/{token}" => events::register::cancel,
    get "/series/{id}" => events::series::show,
    get "/projects" => projects::list::list,
    get "/projects/{id}" => projects::show::show,
    get "/portal" => portal::list::list,
    get "/topics/{slug}" => topics::show::show,
    get "/search" => search::show,
    get "/calendar/events.ics" => events::calendar::forum_feed,
    get "/calendar/topics/{file}" => events::calendar::topic_feed,
    get "/calendar/series/{file}" => events::calendar::series_feed,
    get "/calendar/private/{file}" => events::calendar::private_feed,
    post "/account/calendar" => events::calendar::reset_token,
}

async fn not_found() -> WebError {
    WebError::NotFound
}

/// The application's routes with the guards every request passes.
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    add_routes(Router::new())
        .route_layer(from_fn_with_state(state.clone(), metrics::track))
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), guard))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(CompressionLayer::new())
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::extract::Request| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}
