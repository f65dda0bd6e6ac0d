-- information collections, files and portal reminders (postgres)
-- per member: when each collection was last visited ("what's new") and which collections they
-- follow (weekly digest); the text extracted from uploaded files (for search); deadline
-- reminder subscriptions of the portal (double opt-in: confirmed once the mailed link is used).
create table collection_visits (
    user_id text not null references users (id) on delete cascade,
    collection_id text not null references collections (id) on delete cascade,
    visited_at text not null,
    primary key (user_id, collection_id)
);

create table collection_follows (
    user_id text not null references users (id) on delete cascade,
    collection_id text not null references collections (id) on delete cascade,
    created_at text not null,
    primary key (user_id, collection_id)
);
create index collection_follows_collection on collection_follows (collection_id);

create table file_texts (
    file_key text primary key,
    text text not null,
    created_at text not null
);

create table deadline_subscriptions (
    id text primary key,
    forum_id text not null references forums (id),
    call_id text not null references funding_calls (id) on delete cascade,
    email text not null,
    language text not null,
    -- only confirms or ends this one subscription; kept as is, since every reminder carries it
    token text not null unique,
    created_at text not null,
    confirmed_at text,
    constraint deadline_subscriptions_email_unique unique (call_id, email)
);
