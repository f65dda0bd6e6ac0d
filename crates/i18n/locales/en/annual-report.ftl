# The annual report (crates/report): its fixed words. Figures and names come in as variables
# ($count, $forum, $umbrella, $year, $next, $date …); what the pages name already (kinds of
# events, roles, application statuses …), the report reads from their keys.

report-annual-title = { $forum } Annual Report { $year }
report-contents = Contents
report-page = Page
report-edition-members = Edition for members
report-edition-staff = Internal edition for the office
report-nothing = Nothing was recorded for this year.

report-section-exchange = I. Exchange
report-section-knowledge = II. Knowledge Management
report-section-projects = III. Projects
report-section-communication = IV. Communication & Networking
report-section-umbrella = V. { $umbrella } and the cooperation with the national forums
report-section-umbrella-none = V. The European umbrella and the national forums
report-section-outlook = VI. Outlook { $next }
report-section-office = VII. { $forum } Board and Office

report-part-members = { $forum } members
report-part-comparison = { $year } compared with the previous year
report-part-general-meetings = { $forum } General Meetings
report-part-umbrella-events = { $umbrella } events
report-part-thematic-exchange = Thematic exchange
report-part-special-events = Specialized events
report-part-further-meetings = Further meetings
report-part-training = Continuing Education & Training
report-part-applications = Third-party funding applications
report-part-advocacy = Lobbying
report-part-networks = Networks
report-part-outreach = { $forum } in contact with other institutions and cities
report-part-national-forums = The national forums
report-part-umbrella-cooperation = Cooperation with { $umbrella }
report-part-outlook-web-exchanges = { $forum } Web Exchange
report-part-outlook-topics = Topics { $next }
report-part-board = { $forum } Board of Directors

report-applications-current = Current applications
report-applications-approved = Approved applications
report-applications-rejected = Rejected applications
report-applications-withdrawn = Withdrawn applications

report-labelled = { $label }: { $value }
report-fact-together-with = Together with
report-fact-with = With
report-fact-status = Status
report-fact-reason = Reason
report-fact-role = Role
report-fact-recipient = Recipient
report-fact-partner = { $count ->
    [one] Partner
   *[other] Partners
}
report-fact-links = Links

report-not-listed-members = { $count } internal { $noun } for members
report-not-listed-staff = { $count } internal { $noun } for the office
report-noun-general-meeting = { $count ->
    [one] general meeting
   *[other] general meetings
}
report-noun-umbrella-assembly = { $count ->
    [one] general assembly
   *[other] general assemblies
}
report-noun-umbrella-committee = { $count ->
    [one] executive committee meeting
   *[other] executive committee meetings
}
report-noun-web-exchange = { $count ->
    [one] web exchange
   *[other] web exchanges
}
report-noun-webinar = { $count ->
    [one] webinar
   *[other] webinars
}
report-noun-panel = { $count ->
    [one] panel discussion
   *[other] panel discussions
}
report-noun-symposium = { $count ->
    [one] symposium
   *[other] symposia
}
report-noun-seminar = { $count ->
    [one] seminar
   *[other] seminars
}
report-noun-training = { $count ->
    [one] training session
   *[other] training sessions
}
report-noun-workshop = { $count ->
    [one] workshop
   *[other] workshops
}
report-noun-study-visit = { $count ->
    [one] study visit
   *[other] study visits
}
report-noun-conference = { $count ->
    [one] conference
   *[other] conferences
}
report-noun-round-table = { $count ->
    [one] round table
   *[other] round tables
}
report-noun-presentation = { $count ->
    [one] presentation
   *[other] presentations
}
report-noun-meeting = { $count ->
    [one] meeting
   *[other] meetings
}
report-noun-project = { $count ->
    [one] project
   *[other] projects
}
report-noun-application = { $count ->
    [one] funding application
   *[other] funding applications
}
report-noun-collection = { $count ->
    [one] information collection
   *[other] information collections
}
report-noun-advocacy = { $count ->
    [one] advocacy action
   *[other] advocacy actions
}
report-noun-cooperation = { $count ->
    [one] cooperation
   *[other] cooperations
}
report-noun-outreach = { $count ->
    [one] contact
   *[other] contacts
}
report-noun-person = { $count ->
    [one] person
   *[other] persons
}

report-member-count = { $count ->
    [one] { $forum } has { $count } member.
   *[other] { $forum } has { $count } members.
}
report-collection-count = { $count ->
    [one] Currently, there is { $count } information collection for our members.
   *[other] Currently, there are { $count } information collections for our members.
}
report-collections-new = { $count ->
    [one] { $count } of them was added in { $year }.
   *[other] { $count } of them were added in { $year }.
}
report-focus = { $count ->
    [one] Thematic focus { $year }: { $topics }.
   *[other] Thematic focus topics { $year }: { $topics }.
}
report-forum-count = { $count ->
    [one] { $umbrella } has { $count } national forum:
   *[other] { $umbrella } has { $count } national forums:
}
report-since = since { $date }
report-participants = { $count ->
    [one] { $count } participant
   *[other] { $count } participants
}
report-participants-each = { $count ->
    [one] { $count } participant per event
   *[other] { $count } participants per event
}
report-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
report-new-in = new in { $year }

report-figure-events-held = Events held
report-figure-participants = Participants (reported)
report-figure-members-joined = Members joined
report-figure-applications-submitted = Applications submitted
report-figure-applications-approved = Applications approved
report-figure = Figure
report-change = Change
