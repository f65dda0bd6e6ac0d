-- what a write transaction leaves for the app to tell someone, e.g. that a seat from the waiting
-- list is theirs: written in the same transaction as the change, so nobody moves up untold
-- whenever the server stops; the app turns a notice into mail in the outbox and deletes it in
-- one transaction (the mail's dedupe key makes a second delivery harmless).
create table notices (
    id text primary key,
    kind text not null check (kind in ('registration_promoted')),
    -- the record the notice is about (a registration)
    record_id text not null,
    -- rfc 3339 utc in one fixed format (text order is time order)
    created_at text not null
);
create index notices_oldest on notices (created_at, id);
