-- api tokens (sqlite)
-- personal tokens for the JSON API, made and revoked by their user on the account page: only the
-- token's SHA-256 hash is kept; revoking deletes the row, so the token stops working at once.
create table api_tokens (
    id text primary key,
    user_id text not null references users (id) on delete cascade,
    name text not null,
    scope text not null check (scope in ('read', 'write')),
    token_hash text not null unique,
    created_at text not null
);
create index api_tokens_user on api_tokens (user_id);
