-- sharing across the umbrella (postgres)
-- a forum's events, series, publications and funding calls can be shown in its umbrella
-- ('umbrella') or in the umbrella and every forum under it ('all_forums'); list queries of a
-- forum take in what is shared into it, so the column is indexed with the owning forum.
alter table events add column shared text not null default 'forum'
    check (shared in ('forum', 'umbrella', 'all_forums'));
create index events_shared on events (shared, forum_id);
alter table series add column shared text not null default 'forum'
    check (shared in ('forum', 'umbrella', 'all_forums'));
create index series_shared on series (shared, forum_id);
alter table publications add column shared text not null default 'forum'
    check (shared in ('forum', 'umbrella', 'all_forums'));
create index publications_shared on publications (shared, forum_id);
alter table funding_calls add column shared text not null default 'forum'
    check (shared in ('forum', 'umbrella', 'all_forums'));
create index funding_calls_shared on funding_calls (shared, forum_id);
