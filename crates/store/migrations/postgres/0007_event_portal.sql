-- the home page and the portal list events marked for the information portal without reading
-- every event: the flag becomes a column, filled from the stored records.
alter table events add column portal bigint not null default 0;
update events set portal = 1 where (body::json ->> 'portal') = 'true';
create index events_forum_portal on events (forum_id, portal, start_date);
