knowledge-kind-link = Link
knowledge-kind-file = Datei
knowledge-kind-note = Notiz
knowledge-kind-reference = Verweis
knowledge-new = neu
knowledge-new-count = { $count ->
    [one] ein neuer Eintrag seit Ihrem letzten Besuch
   *[other] { $count } neue Einträge seit Ihrem letzten Besuch
}
knowledge-pinned = angeheftet
knowledge-archived = archiviert
knowledge-follow = Folgen (wöchentliche Übersicht per E-Mail)
knowledge-unfollow = Nicht mehr folgen
knowledge-following = Sie folgen dieser Sammlung und erhalten wöchentlich eine Übersicht der neuen Einträge.
knowledge-show-archived = Archivierte Einträge zeigen
knowledge-hide-archived = Archivierte Einträge ausblenden
knowledge-section-empty = Noch keine Einträge.
knowledge-refers-to = Verweist auf:
knowledge-reference-hidden = Verweist auf einen Datensatz, den Sie nicht sehen dürfen.
knowledge-collection-archived = Diese Sammlung ist archiviert: Sie kann gelesen, aber nicht ergänzt werden.
knowledge-move-to = Abschnitt
knowledge-no-section = (kein Abschnitt)
knowledge-move = Verschieben
knowledge-pin = Anheften
knowledge-unpin = Lösen
knowledge-archive = Archivieren
knowledge-unarchive = Wiederherstellen
knowledge-delete = Löschen
knowledge-add-title = Eintrag hinzufügen
knowledge-add-submit = Eintrag hinzufügen
knowledge-curate-title = Eintrag pflegen
knowledge-field-kind = Art des Eintrags
knowledge-field-section = Abschnitt
knowledge-field-title = Titel
knowledge-field-url = Adresse des Links (https://…)
knowledge-field-file = { $count ->
   *[other] Datei (PDF, Word, Excel, PowerPoint, OpenDocument, Bild oder Text; höchstens { $count } MB)
}
knowledge-field-reference = Adresse einer Veranstaltung, eines Projekts oder einer Publikation dieser Seite
knowledge-field-body = Beschreibung oder Notiz (Markdown)
knowledge-error-kind = Wählen Sie, was der Eintrag ist: ein Link, eine Datei, eine Notiz oder ein Verweis.
knowledge-error-section = In dieser Sammlung gibt es keinen Abschnitt „{ $section }“.
knowledge-error-too-long = Höchstens { $max } Zeichen.
knowledge-error-title = Geben Sie dem Eintrag einen Titel.
knowledge-error-url-missing = Ein Link braucht seine Adresse.
knowledge-error-url = „{ $url }“ ist keine Webadresse: Sie muss mit https:// oder http:// beginnen.
knowledge-error-note-missing = Schreiben Sie die Notiz.
knowledge-error-reference = Geben Sie die Adresse einer Veranstaltung, eines Projekts oder einer Publikation dieser Seite an (zum Beispiel /events/…).
knowledge-error-reference-hidden = Unter dieser Adresse gibt es keinen Datensatz der Art „{ $kind }“, den Sie sehen dürfen.
knowledge-error-file-missing = Wählen Sie die Datei aus, die hochgeladen werden soll.
knowledge-error-archived = Diese Sammlung ist archiviert: Es können keine Einträge hinzugefügt werden.
knowledge-error-form = Das Formular konnte nicht gelesen werden. Bitte senden Sie es erneut.
knowledge-error-action = Unbekannte Aktion.
knowledge-file-too-large = Die Datei ist zu groß: Höchstens { $limit } MB sind erlaubt.
knowledge-file-empty = „{ $name }“ ist leer.
knowledge-file-type = „{ $name }“: Dateien dieser Art werden nicht angenommen (erlaubt: PDF, Word, Excel, PowerPoint, OpenDocument, Bilder, Text).
knowledge-file-disguised = „{ $name }“ ist keine { $expected }-Datei: Ihr Inhalt ist { $found }. Die Datei wurde nicht gespeichert.
knowledge-file-broken = „{ $name }“ ist beschädigt und kann nicht gelesen werden ({ $reason }). Die Datei wurde nicht gespeichert.
knowledge-digest-subject = { $count ->
    [one] ein neuer Eintrag diese Woche
   *[other] { $count } neue Einträge diese Woche
}
knowledge-digest-intro = Neu in der Informationssammlung „{ $collection }“ in der Woche { $week }:
knowledge-digest-outro = Sie erhalten diese E-Mail, weil Sie der Sammlung folgen. Zum Abbestellen wählen Sie „Nicht mehr folgen“ unter { $link }
portal-kind = Art
portal-authors = Autorinnen und Autoren
portal-publisher = Herausgeber
portal-published = Erschienen
portal-event = Veranstaltung
portal-read = Online lesen
portal-download = Herunterladen
portal-funder = Fördergeber
portal-programme = Programm
portal-opens = Beginn
portal-call-link = Der Aufruf beim Fördergeber
portal-closing-soon = Frist endet bald
portal-news = Neuigkeiten
portal-feeds = Abonnieren
portal-feed-description = Neue Publikationen, Förderaufrufe und Veranstaltungen des Informationsportals.
portal-remind-title = Fristerinnerung
portal-remind-label = { $count ->
   *[other] Ihre E-Mail-Adresse: Wir erinnern Sie { $count } Tage vor jeder Frist
}
portal-remind-submit = Erinnern
portal-remind-check-mail = Bitte bestätigen Sie: Wir haben Ihnen eine E-Mail mit einem Link geschickt. Erinnerungen kommen, sobald Sie ihn benutzt haben.
portal-remind-error-email = Bitte geben Sie eine gültige E-Mail-Adresse an, etwa name@example.org.
portal-remind-invalid = Dieser Link ist nicht mehr gültig.
portal-remind-confirm-question = Möchten Sie an die Fristen dieses Förderaufrufs erinnert werden?
portal-remind-confirm-button = Ja, erinnern
portal-remind-confirmed = Danke: Sie erhalten vor jeder Frist eine Erinnerung.
portal-remind-unsubscribe-question = Möchten Sie die Erinnerungen an diesen Förderaufruf beenden?
portal-remind-unsubscribe-button = Erinnerungen beenden
portal-remind-unsubscribed = Die Erinnerungen sind beendet und Ihre Adresse ist gelöscht.
portal-remind-confirm-subject = Bitte bestätigen Sie Ihre Fristerinnerung
portal-remind-confirm-intro = Jemand (hoffentlich Sie) hat Erinnerungen an die Fristen des Förderaufrufs „{ $call }“ bestellt. Zum Bestätigen öffnen Sie diesen Link und drücken die Schaltfläche:
portal-remind-unsubscribe-line = Keine Erinnerungen mehr:
portal-remind-subject = Frist { $date }: { $call }
portal-remind-intro = Der Förderaufruf „{ $call }“ hat eine Frist am { $date }
