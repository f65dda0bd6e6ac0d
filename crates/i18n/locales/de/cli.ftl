# Die Meldungen des Befehls `urbis` für Menschen (crates/cli), in der Sprache aus URBIS_LANG oder
# der Locale. Was Skripte lesen (die Listen von `user list` und `forum list`, Links, JSON), ist
# keine Meldung; `--help` schreibt clap aus den Doc-Kommentaren, auf Englisch. Fehler aus dem
# Speicher und der App behalten ihren Wortlaut und kommen als $problem oder $error herein.

## Alle Befehle

cli-error = Fehler: { $message }
cli-cannot-start = urbis kann nicht starten: { $error }
cli-malloc-arenas = urbis: läuft ohne Begrenzung der malloc-Arenen ({ $error })
cli-problems = { $count ->
        [one] { $count } Problem, es wurde nichts geschrieben:
       *[other] { $count } Probleme, es wurde nichts geschrieben:
    }
cli-nothing-written = { $problem }; es wurde nichts geschrieben
cli-no-such-file = Datei nicht gefunden
cli-cannot-write = { $file } kann nicht geschrieben werden: { $error }
cli-no-account = es gibt kein Konto für { $email }

## urbis demo, serve, reindex

cli-demo-broken = die Demodaten sind fehlerhaft: { $error }
cli-demo-member = Demo-Mitgliedskonto: { $email } mit dem Passwort { $password }
cli-demo-loaded = das Demo-Netzwerk ist geladen
cli-demo-not-empty = die Datenbank ist nicht leer: das Demo-Netzwerk wird nur in eine leere Datenbank geladen
cli-trusted-proxy-bad = --trusted-proxies: `{ $proxy }` ist weder eine Adresse noch ein Netz (z. B. 10.0.0.1 oder 10.0.0.0/8)
cli-metrics-token-short = --metrics-token: verwenden Sie mindestens 16 Zeichen
cli-cannot-serve = der Server kann auf { $addr } nicht laufen: { $error }
cli-cannot-serve-metrics = die Metriken können nicht auf { $addr } bereitgestellt werden: { $error }
cli-no-forum-yet = die Datenbank enthält noch kein Forum: führen Sie zuerst `urbis serve --demo`, `urbis demo` oder `urbis import DATEI` aus
cli-cannot-index = der Suchindex kann nicht aufgebaut werden: { $error }
cli-indexed = { $count ->
        [one] { $count } Datensatz
       *[other] { $count } Datensätze
    } in { $seconds } s in { $dir } indexiert

## urbis export, import, report

cli-cannot-write-export = der Export kann nicht geschrieben werden: { $error }
cli-cannot-write-report = der Bericht kann nicht geschrieben werden: { $error }
cli-not-utf8 = kein UTF-8-Text
cli-nothing-imported = { $file }: { $problem }; es wurde nichts importiert
cli-imported = { $forums ->
        [one] { $forums } Forum
       *[other] { $forums } Foren
    } mit { $records ->
        [one] { $records } Datensatz
       *[other] { $records } Datensätzen
    } importiert

## urbis backup, restore

cli-file-storage = der Dateispeicher: { $error }
cli-backed-up = { $rows ->
        [one] { $rows } Zeile
       *[other] { $rows } Zeilen
    } und { $files ->
        [one] { $files } Datei
       *[other] { $files } Dateien
    } in { $file } gesichert
cli-cannot-write-backup = die Sicherung { $file } kann nicht geschrieben werden: { $error }
cli-cannot-list-files = die Dateien können nicht aufgelistet werden: { $error }
cli-cannot-read-file = die Datei { $key } kann nicht gelesen werden: { $error }
cli-nothing-restored = { $file }: { $problem }; es wurde nichts wiederhergestellt
cli-backup-not-zip = das ist keine urbis-Sicherung (kein vollständiges Zip-Archiv: { $error })
cli-backup-no-manifest = das Archiv enthält keine manifest.json
cli-backup-manifest-unreadable = das Manifest kann nicht gelesen werden: { $error }
cli-backup-manifest-not-json = das Manifest ist kein JSON: { $error }
cli-backup-not-urbis = das ist keine urbis-Sicherung (Format im Manifest)
cli-backup-layout-version = die Archivversion { $version } wird nicht unterstützt (dieses urbis liest Version { $supported })
cli-backup-no-schema-version = das Manifest nennt keine schema_version
cli-backup-tables-wrong = die Tabellen im Manifest sind fehlerhaft: { $error }
cli-backup-unknown-table = das Archiv enthält eine Tabelle `{ $table }`, die dieses urbis nicht kennt
cli-backup-entry-missing = { $entry } fehlt: { $error }
cli-backup-entry-empty = { $entry } ist leer
cli-backup-entry-unreadable = { $entry } kann nicht gelesen werden: { $error }
cli-backup-entry-no-columns = { $entry } Zeile 1: keine Liste von Spalten: { $error }
cli-backup-entry-bad-line = { $entry } Zeile { $line }: { $error }
cli-backup-entry-width = { $entry } Zeile { $line }: { $values ->
        [one] { $values } Wert
       *[other] { $values } Werte
    } für { $columns ->
        [one] { $columns } Spalte
       *[other] { $columns } Spalten
    }
cli-backup-entry-count = { $entry } hat { $count ->
        [one] { $count } Zeile
       *[other] { $count } Zeilen
    }, laut Manifest sind es { $expected }
cli-restore-files-present = der Dateispeicher ({ $place }) enthält bereits { $count ->
        [one] { $count } Datei
       *[other] { $count } Dateien
    }: stellen Sie nur in einen leeren Dateispeicher wieder her
cli-restored = { $rows ->
        [one] { $rows } Zeile
       *[other] { $rows } Zeilen
    } und { $files ->
        [one] { $files } Datei
       *[other] { $files } Dateien
    } aus { $file } wiederhergestellt; führen Sie vor `urbis serve` den Befehl `urbis reindex` aus, wenn das Suchverzeichnis nicht leer ist
cli-restored-migrated = { $rows ->
        [one] { $rows } Zeile
       *[other] { $rows } Zeilen
    } und { $files ->
        [one] { $files } Datei
       *[other] { $files } Dateien
    } aus { $file } wiederhergestellt (von Schemaversion { $from } auf { $to } migriert); führen Sie vor `urbis serve` den Befehl `urbis reindex` aus, wenn das Suchverzeichnis nicht leer ist

## urbis user

cli-password-unreadable = das Passwort kann nicht von der Standardeingabe gelesen werden: { $error }
cli-password-missing = geben Sie das Passwort in der ersten Zeile der Standardeingabe an
cli-unknown-role = unbekannte Rolle `{ $role }` (verwenden Sie member, organisation_editor, staff, admin oder none)
cli-unknown-language = unbekannte Sprache `{ $language }` (verwenden Sie de oder en)
cli-account-active = das Konto { $email } ist aktiv
cli-account-invited = das Konto { $email } ist eingeladen: setzen Sie sein Passwort mit `urbis user passwd { $email }`
cli-password-set = das Passwort von { $email } ist gesetzt; alle Sitzungen des Kontos sind beendet
cli-no-role = keine Rolle
cli-not-invited = { $email } wartet auf keine Einladung (Status: { $status }); verwenden Sie stattdessen `urbis user passwd`
cli-invitation-queued = die Einladung an { $email } ist zum Versand vorgemerkt; der Link lautet:

## urbis forum

cli-forum-created = das Forum { $forum } ({ $id }) ist angelegt
cli-forum-changed = das Forum { $forum } ist geändert

## urbis person, retention

cli-person-or-account = geben Sie die ID einer Person oder --account E-MAIL an (nicht beides)
cli-erase-preview = das Löschen der Person { $id } würde Folgendes bewirken:
cli-erase-refused = es wurde nichts gelöscht: fügen Sie --yes hinzu, um die Person { $id } zu löschen (das lässt sich nicht rückgängig machen)
cli-erased = die Person { $id } ist gelöscht:
cli-given-or-withdrawn = geben Sie entweder --given oder --withdrawn an
cli-not-a-time = --at: `{ $text }` ist kein Zeitpunkt (schreiben Sie z. B. 2026-05-03T09:00:00Z)
cli-consent-given = Person { $id }: Einwilligung für `{ $purpose }` erteilt (bisher { $count ->
        [one] { $count } Einwilligungseintrag
       *[other] { $count } Einwilligungseinträge
    })
cli-consent-withdrawn = Person { $id }: Einwilligung für `{ $purpose }` widerrufen (bisher { $count ->
        [one] { $count } Einwilligungseintrag
       *[other] { $count } Einwilligungseinträge
    })
cli-not-days = --days: `{ $text }` ist keine ganze Zahl von Tagen
cli-retention-anonymised = { $count ->
        [one] { $count } Gastanmeldung
       *[other] { $count } Gastanmeldungen
    } zu Veranstaltungen, die vor mehr als { $days ->
        [one] { $days } Tag
       *[other] { $days } Tagen
    } endeten, anonymisiert
cli-retention-removed = { $count ->
        [one] { $count } unbestätigte Gastanmeldung
       *[other] { $count } unbestätigte Gastanmeldungen
    } mit abgelaufenem Bestätigungslink entfernt
cli-erasure-again = die Person wurde bereits früher gelöscht; anonymisiert wird nur, was seitdem hinzugekommen ist
cli-erasure-registrations = { $count ->
        [one] { $count } Anmeldung wird anonym und zählt weiter
       *[other] { $count } Anmeldungen werden anonym und zählen weiter
    }
cli-erasure-guest-registrations = { $count ->
        [one] { $count } Gastanmeldung mit der Adresse der Person verliert die Daten des Gastes
       *[other] { $count } Gastanmeldungen mit der Adresse der Person verlieren die Daten der Gäste
    }
cli-erasure-references = { $count ->
        [one] { $count } Datensatz verweist weiter auf die anonyme Person
       *[other] { $count } Datensätze verweisen weiter auf die anonyme Person
    }
cli-erasure-contributors = { $count ->
        [one] { $count } Liste von Vortragenden oder Autorinnen und Autoren verliert den Namen, der neben der Person stand
       *[other] { $count } Listen von Vortragenden oder Autorinnen und Autoren verlieren den Namen, der neben der Person stand
    }
cli-erasure-accounts = { $count ->
        [one] { $count } Konto wird deaktiviert, ohne Adresse, Rollen und Passwort
       *[other] { $count } Konten werden deaktiviert, ohne Adresse, Rollen und Passwort
    }
cli-erasure-audit = { $count ->
        [one] { $count } Eintrag im Änderungsprotokoll verliert seine personenbezogenen Werte
       *[other] { $count } Einträge im Änderungsprotokoll verlieren ihre personenbezogenen Werte
    }
cli-erasure-mails = { $count ->
        [one] { $count } E-Mail an die Person wird aus dem Postausgang entfernt
       *[other] { $count } E-Mails an die Person werden aus dem Postausgang entfernt
    }
cli-erasure-subscriptions = { $count ->
        [one] { $count } Abonnement von Fristerinnerungen endet
       *[other] { $count } Abonnements von Fristerinnerungen enden
    }
cli-erasure-mention = { $kind } { $id }: der Text nennt den Namen der Person; bitte bearbeiten Sie ihn von Hand
