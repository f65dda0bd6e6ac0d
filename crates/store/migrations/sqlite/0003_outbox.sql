-- the outbox of outgoing mail (sqlite): queued in the store, so a restart or an smtp outage loses no mail;
-- a worker claims due mail with a lease (so two nodes never send the same mail) and retries with backoff.

create table outbox (
    id text primary key,
    forum_id text,
    recipient text not null,
    language text not null,
    subject text not null,
    text_body text not null,
    html_body text not null,
    -- json: [{"name": …, "media_type": …, "content": base64}], e.g. .ics invitations
    attachments text not null default '[]',
    -- the same mail (e.g. "reminder for registration x") is never queued twice
    dedupe_key text,
    status text not null check (status in ('queued', 'sending', 'sent', 'failed')),
    attempts bigint not null default 0,
    -- rfc 3339 utc in one fixed format (text order is time order): when the mail is due, or
    -- while it is being sent, when the sender's lease ends
    next_attempt_at text not null,
    last_error text,
    created_at text not null,
    sent_at text
);
create unique index outbox_dedupe_key_unique on outbox (dedupe_key);
create index outbox_due on outbox (status, next_attempt_at);
