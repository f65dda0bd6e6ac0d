-- change log (postgresql)
-- every write of a record leaves a row in the same transaction, numbered in commit order, so
-- that every server node can keep its search index current by reading the rows after the last
-- one it applied. an import leaves one row per forum ('import': reindex the whole forum).
-- writers take a transaction-level advisory lock before they number their row, so numbers are
-- given in commit order and a reader never sees a number before a smaller one.
create table changes (
    seq bigserial primary key,
    record_kind text not null,
    record_id text not null,
    forum_id text not null,
    operation text not null check (operation in ('upsert', 'delete', 'import')),
    at text not null
);
