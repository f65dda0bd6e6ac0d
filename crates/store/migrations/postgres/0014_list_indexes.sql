-- indexes for the pages' lists (postgres)
-- every list a page reads is one bounded query in the order it shows; these indexes let the
-- database find a page of it without reading the whole table (checked by tests/query_plans.rs).
create index series_forum_updated on series (forum_id, updated_at);
create index memberships_status_organisation on memberships (status, organisation_id);
create index people_forum_sort on people (forum_id, sort_name);
create index appointments_forum_position on appointments (forum_id, position);
create index publications_forum_published on publications (forum_id, published);
create index funding_calls_forum_deadline on funding_calls (forum_id, next_deadline);
create index funding_applications_forum_submitted on funding_applications (forum_id, submitted);
create index advocacy_actions_forum_date on advocacy_actions (forum_id, action_date);
create index projects_forum_kind on projects (forum_id, kind, acronym_key);
