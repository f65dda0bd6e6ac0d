//! Every route of the web layer, in one place. The list [`ROUTES`] is made from the same
//! declaration as the router, so the access matrix test always sees every route.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use tower_http::compression::CompressionLayer;

use crate::context::{FORM_LIMIT, guard};
use crate::error::WebError;
use crate::state::AppState;
use crate::{accounts, health, knowledge, network};

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
    get "/" => network::members::show,
    get "/healthz" => health::healthz,
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
    get "/account/data" => accounts::privacy::own_data,
    get "/admin/people/{id}/data" => accounts::privacy::person_data,
    get "/admin/people/{id}/erase" => accounts::privacy::confirm_erase,
    post "/admin/people/{id}/erase" => accounts::privacy::erase,
    post "/admin/retention" => accounts::privacy::retention,
    get "/password/forgot" => accounts::password::show_forgot,
    post "/password/forgot" => accounts::password::submit_forgot,
    get "/password/reset/{token}" => accounts::password::show_reset,
    post "/password/reset/{token}" => accounts::password::submit_reset,
    get "/invitation/{token}" => accounts::password::show_invitation,
    post "/invitation/{token}" => accounts::password::submit_invitation,
}

async fn not_found() -> WebError {
    WebError::NotFound
}

/// The application's routes with the guards every request passes.
pub fn router(state: AppState) -> Router {
    add_routes(Router::new())
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), guard))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(CompressionLayer::new())
        .with_state(state)
}
