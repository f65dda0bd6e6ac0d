-- events by date (postgres)
-- whether an event is ahead or past is decided by the last day it covers (its end's, else its
-- start's; a month or a year covers to its last day), not by its status: the day becomes a
-- column, filled from the stored records, and indexed so lists of what is ahead read only that.
alter table events add column last_day text not null default '';
update events set last_day = coalesce(body::json ->> 'end', start_date);
update events set last_day = case length(last_day)
    when 4 then last_day || '-12-31'
    when 7 then to_char((last_day || '-01')::date + interval '1 month' - interval '1 day', 'YYYY-MM-DD')
    else substr(last_day, 1, 10)
end;
create index events_forum_last_day on events (forum_id, last_day);
