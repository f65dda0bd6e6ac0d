-- the records of a forum, one table per kind (sqlite)
-- every record kind of the domain gets a table: the common columns (id, forum, access,
-- timestamps, the record as json) and the columns queries, constraints and foreign keys need.

create table forums (
    id text primary key,
    forum_id text not null,
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    short_name_key text not null,
    umbrella_id text references forums (id),
    constraint forums_short_name_key_unique unique (short_name_key)
);

create table topics (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    slug text not null,
    constraint topics_slug_unique unique (forum_id, slug)
);

create table topic_plans (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    year bigint not null,
    constraint topic_plans_year_unique unique (forum_id, year)
);

create table organisations (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    country text not null,
    sort_name text not null
);
create index organisations_forum_sort on organisations (forum_id, sort_name);

create table memberships (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    organisation_id text not null references organisations (id),
    status text not null
);
create index memberships_forum_status on memberships (forum_id, status);
create index memberships_organisation on memberships (organisation_id);

create table people (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    organisation_id text references organisations (id),
    sort_name text not null,
    email_key text
);
create unique index people_email_key_unique on people (forum_id, email_key) where email_key is not null;
create index people_organisation on people (organisation_id);

create table appointments (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    person_id text not null references people (id),
    role text not null,
    position bigint not null
);
create index appointments_person on appointments (person_id);

create table funding_calls (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    funder_id text references organisations (id),
    next_deadline text
);

create table projects (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    acronym_key text not null,
    status text not null,
    start_date text,
    end_date text,
    funder_id text references organisations (id),
    coordinator_id text references organisations (id),
    constraint projects_acronym_key_unique unique (forum_id, acronym_key)
);

create table funding_applications (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    acronym_key text not null,
    status text not null,
    submitted text,
    call_id text references funding_calls (id),
    project_id text references projects (id),
    constraint funding_applications_acronym_key_unique unique (forum_id, acronym_key)
);

create table series (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    project_id text references projects (id)
);

create table events (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    status text not null,
    start_date text not null,
    start_year bigint not null,
    capacity bigint,
    series_id text references series (id),
    host_id text references organisations (id),
    project_id text references projects (id)
);
create index events_forum_start on events (forum_id, start_date);
create index events_series on events (series_id);

create table registrations (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    event_id text not null references events (id),
    person_id text references people (id),
    guest_email_key text,
    status text not null
);
create unique index registrations_person_id_unique on registrations (event_id, person_id)
    where person_id is not null and status <> 'cancelled';
create unique index registrations_guest_email_key_unique on registrations (event_id, guest_email_key)
    where guest_email_key is not null and status <> 'cancelled';
create index registrations_event_status on registrations (event_id, status);

create table collections (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    slug text not null,
    constraint collections_slug_unique unique (forum_id, slug)
);

create table entries (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    collection_id text not null references collections (id),
    kind text not null,
    author_id text references people (id),
    pinned bigint not null,
    archived bigint not null
);
create index entries_collection on entries (collection_id, pinned, created_at);

create table publications (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    published text,
    project_id text references projects (id),
    event_id text references events (id)
);

create table advocacy_actions (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    action_date text,
    recipient_id text references organisations (id)
);

create table cooperations (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    partner_id text not null references organisations (id),
    since text
);

create table outreach (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    kind text not null,
    outreach_date text
);

create table report_texts (
    id text primary key,
    forum_id text not null references forums (id),
    access text not null check (access in ('public', 'members', 'staff')),
    created_at text not null,
    updated_at text not null,
    body text not null,
    year bigint not null,
    section text not null,
    placement text not null,
    position bigint not null
);
create index report_texts_year on report_texts (forum_id, year);

-- every reference a record's body makes to another record (topics, partners, speakers …):
-- lets the store refuse to delete a record that is still referenced, and find what carries a topic.
create table refs (
    from_id text not null,
    from_kind text not null,
    field text not null,
    to_id text not null,
    to_kind text not null,
    primary key (from_id, field)
);
create index refs_to on refs (to_id);
