-- events by date (sqlite)
-- whether an event is ahead or past is decided by the last day it covers (its end's, else its
-- start's; a month or a year covers to its last day), not by its status: the day becomes a
-- column, filled from the stored records, and indexed so lists of what is ahead read only that.
alter table events add column last_day text not null default '';
update events set last_day = coalesce(json_extract(body, '$.end'), start_date);
update events set last_day = case length(last_day)
    when 4 then last_day || '-12-31'
    when 7 then date(last_day || '-01', '+1 month', '-1 day')
    else substr(last_day, 1, 10)
end;
create index events_forum_last_day on events (forum_id, last_day);
