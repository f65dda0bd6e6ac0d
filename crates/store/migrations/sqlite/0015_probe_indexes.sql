-- indexes that let a page's list stop early or count without reading records
-- a topic's records are found by probing each listed record's references (records.rs
-- `referring_to`): the probe names both ends of the reference, so it is one index lookup.
drop index refs_to;
create index refs_to on refs (to_id, from_id);
-- the member list counts the organisations with an active membership from indexes alone.
drop index memberships_forum_status;
create index memberships_forum_status on memberships (forum_id, status, access, organisation_id);
create index organisations_forum_access on organisations (forum_id, access, id);
-- the events past are counted, and a page of them chosen, from this index alone.
drop index events_forum_start;
create index events_forum_start on events (forum_id, start_date, last_day, access, shared, id);
-- the collections are counted, and their entries counted per collection, from indexes alone.
create index collections_forum_access on collections (forum_id, access);
create index entries_collection_count on entries (collection_id, archived, access, forum_id);
