# Der Jahresbericht (crates/report): seine festen Wörter. Zahlen und Namen kommen als Variablen
# ($count, $forum, $umbrella, $year, $next, $date …); was die Seiten schon benennen (Arten von
# Veranstaltungen, Rollen, Stand der Anträge …), liest der Bericht aus deren Schlüsseln.

report-annual-title = { $forum }-Jahresbericht { $year }
report-contents = Inhalt
report-page = Seite
report-edition-members = Ausgabe für Mitglieder
report-edition-staff = Interne Ausgabe der Geschäftsstelle
report-nothing = Für dieses Jahr liegen dazu keine Einträge vor.

report-section-exchange = I. Austausch
report-section-knowledge = II. Wissensmanagement
report-section-projects = III. Projekte
report-section-communication = IV. Kommunikation & Vernetzung
report-section-umbrella = V. { $umbrella } und die Zusammenarbeit mit den nationalen Foren
report-section-umbrella-none = V. Der europäische Dachverband und die nationalen Foren
report-section-outlook = VI. Ausblick { $next }
report-section-office = VII. { $forum } – Vorstand und Geschäftsstelle

report-part-members = Die Mitglieder von { $forum }
report-part-comparison = { $year } im Vergleich zum Vorjahr
report-part-general-meetings = { $forum }-Mitgliederversammlungen
report-part-umbrella-events = { $umbrella }-Veranstaltungen
report-part-thematic-exchange = Thematischer Austausch
report-part-special-events = Fachveranstaltungen
report-part-further-meetings = Weitere Termine
report-part-training = Fort- und Weiterbildung
report-part-applications = Drittmittelanträge
report-part-advocacy = Lobbyarbeit
report-part-networks = Netzwerke
report-part-outreach = { $forum } im Kontakt mit anderen Institutionen und Städten
report-part-national-forums = Die nationalen Foren
report-part-umbrella-cooperation = Zusammenarbeit mit { $umbrella }
report-part-outlook-web-exchanges = { $forum }-Web-Exchange
report-part-outlook-topics = Themen { $next }
report-part-board = { $forum }-Vorstand

report-applications-current = Laufende Anträge
report-applications-approved = Bewilligte Anträge
report-applications-rejected = Abgelehnte Anträge
report-applications-withdrawn = Zurückgezogene Anträge

report-labelled = { $label }: { $value }
report-fact-together-with = Gemeinsam mit
report-fact-with = Mit
report-fact-status = Status
report-fact-reason = Begründung
report-fact-role = Rolle
report-fact-recipient = Empfänger
report-fact-partner = { $count ->
    [one] Partner
   *[other] Partner
}
report-fact-links = Links

report-not-listed-members = { $count ->
    [one] { $count } { $noun } (intern, für Mitglieder)
   *[other] { $count } interne { $noun } für Mitglieder
}
report-not-listed-staff = { $count ->
    [one] { $count } { $noun } (intern, für die Geschäftsstelle)
   *[other] { $count } interne { $noun } für die Geschäftsstelle
}
report-noun-general-meeting = { $count ->
    [one] Mitgliederversammlung
   *[other] Mitgliederversammlungen
}
report-noun-umbrella-assembly = { $count ->
    [one] Generalversammlung
   *[other] Generalversammlungen
}
report-noun-umbrella-committee = { $count ->
    [one] Sitzung des Exekutivkomitees
   *[other] Sitzungen des Exekutivkomitees
}
report-noun-web-exchange = { $count ->
    [one] Web-Exchange
   *[other] Web-Exchanges
}
report-noun-webinar = { $count ->
    [one] Webinar
   *[other] Webinare
}
report-noun-panel = { $count ->
    [one] Podiumsdiskussion
   *[other] Podiumsdiskussionen
}
report-noun-symposium = { $count ->
    [one] Symposium
   *[other] Symposien
}
report-noun-seminar = { $count ->
    [one] Seminar
   *[other] Seminare
}
report-noun-training = { $count ->
    [one] Training
   *[other] Trainings
}
report-noun-workshop = { $count ->
    [one] Workshop
   *[other] Workshops
}
report-noun-study-visit = { $count ->
    [one] Studienbesuch
   *[other] Studienbesuche
}
report-noun-conference = { $count ->
    [one] Konferenz
   *[other] Konferenzen
}
report-noun-round-table = { $count ->
    [one] Runder Tisch
   *[other] Runde Tische
}
report-noun-presentation = { $count ->
    [one] Präsentation
   *[other] Präsentationen
}
report-noun-meeting = { $count ->
    [one] Treffen
   *[other] Treffen
}
report-noun-project = { $count ->
    [one] Projekt
   *[other] Projekte
}
report-noun-application = { $count ->
    [one] Förderantrag
   *[other] Förderanträge
}
report-noun-collection = { $count ->
    [one] Informationssammlung
   *[other] Informationssammlungen
}
report-noun-advocacy = { $count ->
    [one] Aktion der Lobbyarbeit
   *[other] Aktionen der Lobbyarbeit
}
report-noun-cooperation = { $count ->
    [one] Kooperation
   *[other] Kooperationen
}
report-noun-outreach = { $count ->
    [one] Kontakt
   *[other] Kontakte
}
report-noun-person = { $count ->
    [one] Person
   *[other] Personen
}

report-member-count = { $count ->
    [one] { $forum } hat { $count } Mitglied.
   *[other] { $forum } hat { $count } Mitglieder.
}
report-collection-count = { $count ->
    [one] Aktuell gibt es { $count } Informationssammlung für unsere Mitglieder.
   *[other] Aktuell gibt es { $count } Informationssammlungen für unsere Mitglieder.
}
report-collections-new = { $count ->
    [one] Davon ist { $count } im Jahr { $year } neu hinzugekommen.
   *[other] Davon sind { $count } im Jahr { $year } neu hinzugekommen.
}
report-focus = { $count ->
    [one] Thematischer Schwerpunkt { $year }: { $topics }.
   *[other] Thematische Schwerpunkte { $year }: { $topics }.
}
report-forum-count = { $count ->
    [one] Zu { $umbrella } gehört { $count } nationales Forum:
   *[other] Zu { $umbrella } gehören { $count } nationale Foren:
}
report-since = seit { $date }
report-participants = { $count } Teilnehmende
report-participants-each = { $count } Teilnehmende je Veranstaltung
report-days = { $count ->
    [one] { $count } Tag
   *[other] { $count } Tage
}
report-new-in = neu { $year }

report-figure-events-held = Durchgeführte Veranstaltungen
report-figure-participants = Teilnehmende (gemeldet)
report-figure-members-joined = Neue Mitglieder
report-figure-applications-submitted = Eingereichte Anträge
report-figure-applications-approved = Bewilligte Anträge
report-figure = Kennzahl
report-change = Veränderung
