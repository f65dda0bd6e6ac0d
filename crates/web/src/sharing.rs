//! Records other forums share into this one (see `urbis_domain::sharing`): the mark that names
//! the forum a listed record comes from.

use std::collections::HashMap;

use urbis_domain::Id;

use crate::error::WebError;
use crate::site::Site;

/// The short names ("EFUS") of the other forums among the owning `forums` of listed records,
/// by forum id: one query, and none when every record is this forum's own.
pub async fn owners<'a>(
    state: &Site,
    forums: impl IntoIterator<Item = &'a Id>,
) -> Result<HashMap<Id, String>, WebError> {
    Ok(urbis_app::visible::owners(&state.app, &state.forum, forums).await?)
}
