-- a topic's records of one kind are counted and read from the references when few refer to
-- it, else each listed record's references probed (records.rs `referring_to`): one index
-- serves both, led by the target and the kind.
drop index refs_to;
create index refs_to on refs (to_id, from_kind, from_id, field);
-- a member's own registrations (the event page, "my registrations", the GDPR download) are
-- found by person or by guest address, not by reading every registration.
create index registrations_person on registrations (person_id, event_id);
create index registrations_guest_email on registrations (guest_email_key, event_id);
