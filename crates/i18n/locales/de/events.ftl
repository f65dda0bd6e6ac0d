# Veranstaltungen: Anmeldeverwaltung, eigene Anmeldungen, Reihenanmeldung, Erinnerungen und Änderungsmails.
events-online-link = Zugangslink
events-mine-heading = Ihre Anmeldung
events-mine-all = alle Ihre Anmeldungen
events-mine-title = Meine Anmeldungen
events-mine-upcoming = Bevorstehend
events-mine-past = Vergangen
events-mine-none = Keine.
events-mine-not-yours = Diese Anmeldung kann hier nicht storniert werden: Sie gehört nicht Ihnen oder ist bereits storniert.
events-no-registration = Für diese Veranstaltung oder Reihe gibt es keine Anmeldung.
events-status-confirmed = bestätigt
events-status-waitlisted = auf der Warteliste
events-status-cancelled = storniert
events-status-attended = teilgenommen
events-status-unconfirmed = wartet auf Bestätigung
events-series-register-heading = Für die ganze Reihe anmelden
events-series-register-hint = Eine Anmeldung für alle kommenden Termine; jeder Termin behält seine eigenen Plätze und seine Warteliste, und die Antwort zeigt das Ergebnis je Termin. Einzelne Termine können Sie auf deren Seiten buchen.
events-series-register-submit = Für alle Termine anmelden
events-col-name = Name
events-col-email = E-Mail
events-col-organisation = Organisation
events-col-status = Status
events-col-registered = Angemeldet
events-col-waitlist = Platz auf der Warteliste
events-registrations-sheet = Anmeldungen
events-desk-title = Anmeldungen
events-desk-problems = Bitte korrigieren:
events-desk-csv = CSV herunterladen
events-desk-xlsx = Excel (XLSX) herunterladen
events-desk-print = Teilnahmeliste zum Drucken
events-desk-seated = Plätze (bestätigt und teilgenommen)
events-desk-waiting = Warteliste (in Reihenfolge)
events-desk-unconfirmed = Warten auf Bestätigung der E-Mail-Adresse (ohne Platz)
events-desk-cancelled = Storniert
events-desk-none = Keine.
events-desk-move = Ändern
events-desk-beyond = über die Kapazität hinaus
events-desk-apply = Übernehmen
events-desk-add = Person oder Gast hinzufügen
events-desk-person = Person aus dem Bestand
events-desk-guest = – ein Gast (unten ausfüllen) –
events-desk-add-submit = Hinzufügen
events-desk-full = Alle Plätze sind vergeben. Wählen Sie „über die Kapazität hinaus“, um trotzdem einen Platz zu geben.
events-desk-cancelled-already = Diese Anmeldung ist bereits storniert.
events-desk-bad-status = bitte einen der angebotenen Status wählen
events-desk-bad-format = Bitte format=csv oder format=xlsx wählen.
events-desk-schedule = Veranstaltung verschieben oder absagen
events-desk-schedule-hint = Alle Angemeldeten (bestätigt oder wartend) erhalten eine E-Mail mit den neuen Angaben und einem aktualisierten Kalendereintrag.
events-desk-start = Beginn (2030-06-12T14:30 oder 2030-06-12)
events-desk-end = Ende (optional)
events-desk-venue = Ort
events-desk-city = Stadt
events-desk-call-off = Veranstaltung absagen
events-desk-schedule-submit = Speichern und Angemeldete informieren
events-desk-saved = Gespeichert.
events-desk-mailed = { $count ->
    [one] Eine E-Mail an die Angemeldeten ist eingereiht.
   *[other] { $count } E-Mails an die Angemeldeten sind eingereiht.
}
events-sheet-title = Teilnahmeliste
events-sheet-number = Nr.
events-sheet-signature = Unterschrift
events-sheet-count = { $count ->
    [one] Eine Person.
   *[other] { $count } Personen.
}
events-mail-link = Zugangslink (nur für Sie als bestätigte Teilnehmerin oder bestätigter Teilnehmer):
events-mail-reminder-subject = Erinnerung:
events-mail-reminder-intro = Zur Erinnerung: Sie sind angemeldet für
events-mail-cancel-hint = Wenn Sie nicht kommen können, stornieren Sie bitte mit dem persönlichen Link aus Ihrer Bestätigung, damit jemand anderes den Platz bekommt.
events-mail-moved-subject = Geändert:
events-mail-moved-intro = Die Veranstaltung, für die Sie angemeldet sind, hat sich geändert. Hier die neuen Angaben (der beigefügte Kalendereintrag ersetzt den bisherigen):
events-mail-cancelled-subject = Abgesagt:
events-mail-cancelled-intro = Es tut uns leid: Die Veranstaltung, für die Sie angemeldet sind, wurde abgesagt.
events-ics-month-note = Der genaue Tag steht nicht fest: Der Eintrag umfasst den ganzen Monat.
