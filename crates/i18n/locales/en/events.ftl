# Events: registration desk, own registrations, series registration, reminders and change mails.
events-online-link = Meeting link
events-mine-heading = Your registration
events-mine-all = all your registrations
events-mine-title = My registrations
events-mine-upcoming = Upcoming
events-mine-past = Past
events-mine-none = None.
events-mine-not-yours = This registration cannot be cancelled here: it is not yours, or it was cancelled already.
events-no-registration = This event or series takes no registrations.
events-status-confirmed = confirmed
events-status-waitlisted = on the waiting list
events-status-cancelled = cancelled
events-status-attended = attended
events-status-unconfirmed = waiting for confirmation
events-series-register-heading = Register for the whole series
events-series-register-hint = One registration for every session ahead; each session keeps its own seats and waiting list, and the answer shows what happened per session. You can also register for single sessions on their pages.
events-series-register-submit = Register for all sessions
events-col-name = Name
events-col-email = Email
events-col-organisation = Organisation
events-col-status = Status
events-col-registered = Registered
events-col-waitlist = Waiting list place
events-registrations-sheet = Registrations
events-desk-title = Registrations
events-desk-problems = Please correct:
events-desk-csv = Download CSV
events-desk-xlsx = Download Excel (XLSX)
events-desk-print = Printable participants list
events-desk-seated = Seats (confirmed and attended)
events-desk-waiting = Waiting list (in order)
events-desk-unconfirmed = Waiting for the guest to confirm their email address (no seat)
events-desk-cancelled = Cancelled
events-desk-none = None.
events-desk-move = Change
events-desk-beyond = beyond the capacity
events-desk-apply = Apply
events-desk-add = Add a person or guest
events-desk-person = Person of the records
events-desk-guest = – a guest (fill in below) –
events-desk-add-submit = Add
events-desk-full = Every seat is taken. Tick "beyond the capacity" to give a seat anyway.
events-desk-cancelled-already = This registration is cancelled already.
events-desk-bad-status = choose one of the offered statuses
events-desk-bad-format = Choose format=csv or format=xlsx.
events-desk-schedule = Move or call off the event
events-desk-schedule-hint = Everyone registered (confirmed or waiting) gets an email with the new details and an updated calendar entry.
events-desk-start = Start (2030-06-12T14:30 or 2030-06-12)
events-desk-end = End (optional)
events-desk-venue = Venue
events-desk-city = City
events-desk-call-off = Call the event off
events-desk-schedule-submit = Save and inform the registrants
events-desk-saved = Saved.
events-desk-mailed = { $count ->
    [one] One email to the registrants is queued.
   *[other] { $count } emails to the registrants are queued.
}
events-sheet-title = Participants list
events-sheet-number = No.
events-sheet-signature = Signature
events-sheet-count = { $count ->
    [one] One participant.
   *[other] { $count } participants.
}
events-mail-link = Meeting link (for you as a confirmed participant only):
events-mail-reminder-subject = Reminder:
events-mail-reminder-intro = A reminder: you are registered for
events-mail-cancel-hint = If you cannot come, please cancel with the personal link from your confirmation email, so that someone else gets the seat.
events-mail-moved-subject = Changed:
events-mail-moved-intro = The event you registered for has changed. Here are the new details (the calendar entry attached replaces the earlier one):
events-mail-cancelled-subject = Called off:
events-mail-cancelled-intro = We are sorry: the event you registered for has been called off.
events-ics-month-note = The exact day is not fixed in the records: the entry spans the month.
