-- the personal cancel links of registrations: only a hash of each token is stored, so a leaked
-- database does not let anyone cancel someone else's registration.
create table registration_tokens (
    registration_id text primary key references registrations (id) on delete cascade,
    token_hash text not null unique
);
