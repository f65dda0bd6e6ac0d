-- calendar tokens (sqlite)
-- the secret address of each member's personal calendar feed: only the token's hash is kept;
-- a reset replaces the row, so the old address stops working at once.
create table calendar_tokens (
    user_id text primary key references users (id) on delete cascade,
    token_hash text not null unique,
    created_at text not null
);
