-- change log (sqlite)
-- every write of a record leaves a row in the same transaction, numbered in commit order, so
-- that every server node can keep its search index current by reading the rows after the last
-- one it applied. an import leaves one row per forum ('import': reindex the whole forum).
create table changes (
    -- the rowid alias (sqlite numbers only `integer primary key` itself; it holds 64 bits)
    seq integer primary key autoincrement,
    record_kind text not null,
    record_id text not null,
    forum_id text not null,
    operation text not null check (operation in ('upsert', 'delete', 'import')),
    at text not null
);
