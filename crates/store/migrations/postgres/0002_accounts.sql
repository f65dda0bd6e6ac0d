-- accounts (postgresql)
-- accounts: users and their roles per forum, sessions kept in the store so that several server
-- nodes share them, single-use tokens (invitations, password resets), login throttling.

create table users (
    id text primary key,
    email_key text not null,
    status text not null check (status in ('invited', 'active', 'disabled')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    password_hash text,
    totp_secret text,
    recovery_codes text not null default '[]',
    totp_last_step bigint not null default 0,
    constraint users_email_key_unique unique (email_key)
);

create table user_grants (
    user_id text not null references users (id) on delete cascade,
    forum_id text not null references forums (id),
    role text not null check (role in ('member', 'organisation_editor', 'staff', 'admin')),
    organisation_id text references organisations (id),
    primary key (user_id, forum_id)
);
create index user_grants_forum on user_grants (forum_id, role);

create table sessions (
    token_hash text primary key,
    user_id text not null references users (id) on delete cascade,
    created_at text not null,
    expires_at text not null,
    last_seen_at text not null,
    second_factor bigint not null,
    ip text,
    user_agent text
);
create index sessions_user on sessions (user_id);

create table tokens (
    token_hash text primary key,
    user_id text not null references users (id) on delete cascade,
    purpose text not null check (purpose in ('invitation', 'password_reset')),
    created_at text not null,
    expires_at text not null,
    used_at text
);
create index tokens_user on tokens (user_id, purpose);

create table login_throttle (
    throttle_key text primary key,
    failures bigint not null,
    last_failure_at text not null
);
