-- audit log (postgresql)
-- the audit log: who changed which record, when, and which fields (old → new); part of the
-- export, readable by the office per record.
create table audit_log (
    id text primary key,
    at text not null,
    forum_id text not null,
    actor_id text,
    record_kind text not null,
    record_id text not null,
    action text not null check (action in ('create', 'update', 'delete')),
    changes text not null
);
create index audit_log_record on audit_log (record_id, at);
create index audit_log_forum on audit_log (forum_id, at);
