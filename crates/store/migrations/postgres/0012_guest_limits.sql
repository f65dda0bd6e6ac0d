-- guest limits (postgres)
-- guest registrations mailed anyone without limit: a fixed-window counter per key (client address,
-- email; keys are hashes) bounds them, and a guest who must confirm their address holds a
-- single-use link (only its hash) that expires, so an unconfirmed registration never takes a seat.
create table rate_limits (
    limit_key text not null,
    window_start bigint not null,
    expires_at bigint not null,
    hits bigint not null,
    primary key (limit_key, window_start)
);
create index rate_limits_expires on rate_limits (expires_at);

create table registration_confirmations (
    registration_id text primary key references registrations (id) on delete cascade,
    token_hash text not null unique,
    expires_at text not null
);
create index registration_confirmations_expires on registration_confirmations (expires_at);
