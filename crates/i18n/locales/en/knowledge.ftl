knowledge-kind-link = Link
knowledge-kind-file = File
knowledge-kind-note = Note
knowledge-kind-reference = Reference
knowledge-new = new
knowledge-new-count = { $count ->
    [one] one new entry since your last visit
   *[other] { $count } new entries since your last visit
}
knowledge-pinned = pinned
knowledge-archived = archived
knowledge-follow = Follow (weekly digest by mail)
knowledge-unfollow = Stop following
knowledge-following = You follow this collection and get a weekly digest of new entries.
knowledge-show-archived = Show archived entries
knowledge-hide-archived = Hide archived entries
knowledge-section-empty = No entries yet.
knowledge-refers-to = Refers to:
knowledge-reference-hidden = Refers to a record you may not see.
knowledge-collection-archived = This collection is archived: it can be read, no entries can be added.
knowledge-move-to = Section
knowledge-no-section = (no section)
knowledge-move = Move
knowledge-pin = Pin
knowledge-unpin = Unpin
knowledge-archive = Archive
knowledge-unarchive = Restore
knowledge-delete = Delete
knowledge-add-title = Add an entry
knowledge-add-submit = Add entry
knowledge-curate-title = Curate an entry
knowledge-field-kind = Kind of entry
knowledge-field-section = Section
knowledge-field-title = Title
knowledge-field-url = Address of the link (https://…)
knowledge-field-file = { $count ->
   *[other] File (PDF, Word, Excel, PowerPoint, OpenDocument, image or text; at most { $count } MB)
}
knowledge-field-reference = Address of an event, project or publication on this site
knowledge-field-body = Description or note (Markdown)
knowledge-error-kind = Choose what the entry is: a link, a file, a note or a reference.
knowledge-error-section = There is no section “{ $section }” in this collection.
knowledge-error-too-long = At most { $max } characters.
knowledge-error-title = Give the entry a title.
knowledge-error-url-missing = A link needs its address.
knowledge-error-url = “{ $url }” is not a web address: it must start with https:// or http://.
knowledge-error-note-missing = Write the note.
knowledge-error-reference = Give the address of an event, project or publication of this site (for example /events/…).
knowledge-error-reference-hidden = There is no { $kind } with this address that you may see.
knowledge-error-file-missing = Choose the file to upload.
knowledge-error-archived = This collection is archived: no entries can be added.
knowledge-error-form = The form could not be read. Please send it again.
knowledge-error-action = Unknown action.
knowledge-file-too-large = The file is too large: at most { $limit } MB are accepted.
knowledge-file-empty = “{ $name }” is empty.
knowledge-file-type = “{ $name }”: files of this type are not accepted (accepted: PDF, Word, Excel, PowerPoint, OpenDocument, images, plain text).
knowledge-file-disguised = “{ $name }” is not a { $expected } file: its content is { $found }. The file was not stored.
knowledge-file-broken = “{ $name }” is damaged and cannot be read ({ $reason }). The file was not stored.
knowledge-digest-subject = { $count ->
    [one] one new entry this week
   *[other] { $count } new entries this week
}
knowledge-digest-intro = New in the information collection “{ $collection }” in week { $week }:
knowledge-digest-outro = You get this mail because you follow the collection. To stop, press “Stop following” at { $link }
portal-kind = Kind
portal-authors = Authors
portal-publisher = Publisher
portal-published = Published
portal-event = Event
portal-read = Read online
portal-download = Download
portal-funder = Funder
portal-programme = Programme
portal-opens = Opens
portal-call-link = The call at the funder
portal-closing-soon = closing soon
portal-news = News
portal-feeds = Subscribe
portal-feed-description = New publications, funding calls and events of the information portal.
portal-remind-title = Deadline reminder
portal-remind-label = { $count ->
   *[other] Your email address: we remind you { $count } days before each deadline
}
portal-remind-submit = Remind me
portal-remind-check-mail = Please confirm: we have sent you a mail with a link. Reminders start once you have used it.
portal-remind-error-email = Please give a valid email address, like name@example.org.
portal-remind-invalid = This link is no longer valid.
portal-remind-confirm-question = Do you want reminders of this funding call's deadlines?
portal-remind-confirm-button = Yes, remind me
portal-remind-confirmed = Thank you: you will get a reminder before each deadline.
portal-remind-unsubscribe-question = Do you want to stop the reminders of this funding call?
portal-remind-unsubscribe-button = Stop reminders
portal-remind-unsubscribed = The reminders are stopped and your address is deleted.
portal-remind-confirm-subject = Please confirm your deadline reminder
portal-remind-confirm-intro = Somebody (hopefully you) asked for reminders of the deadlines of the funding call “{ $call }”. To confirm, open this link and press the button:
portal-remind-unsubscribe-line = No more reminders:
portal-remind-subject = Deadline { $date }: { $call }
portal-remind-intro = The funding call “{ $call }” has a deadline on { $date }
