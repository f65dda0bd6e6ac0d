site-skip = Zum Inhalt springen
nav-members = Mitglieder
nav-collections = Informationssammlungen
nav-account = Mein Konto
nav-login = Anmelden
nav-logout = Abmelden
nav-language = Sprache
members-title = Mitglieder ({ $count })
collections-title = Informationssammlungen
collections-login-hint = Die Informationssammlungen sind für Mitglieder. Bitte melden Sie sich an.
collections-empty = Es gibt noch keine Informationssammlungen.
collections-entries = { $count ->
    [one] ein Eintrag
   *[other] { $count } Einträge
}
fallback-marker = (Originalsprache)
login-title = Anmelden
login-email = E-Mail-Adresse
login-password = Passwort
login-submit = Anmelden
login-forgot = Passwort vergessen?
login-wrong = Die E-Mail-Adresse oder das Passwort ist falsch.
login-throttled = Zu viele fehlgeschlagene Versuche. Bitte warten Sie { $seconds } Sekunden.
code-title = Zweiter Faktor
code-help = Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein oder einen Ihrer Wiederherstellungscodes.
code-label = Code
code-submit = Bestätigen
code-wrong = Der Code ist falsch oder wurde bereits verwendet.
setup-title = Zweiten Faktor einrichten
setup-required = Für Ihre Rolle ist ein zweiter Faktor vorgeschrieben. Richten Sie ihn jetzt ein.
setup-help = Fügen Sie diesen Schlüssel Ihrer Authenticator-App hinzu (oder öffnen Sie den Link auf dem Telefon) und geben Sie dann den angezeigten Code ein.
setup-secret = Schlüssel
setup-link = Link für die Authenticator-App
setup-submit = Einrichten
setup-done = Der zweite Faktor ist eingerichtet.
setup-codes = Bewahren Sie diese Wiederherstellungscodes sicher auf. Jeder funktioniert einmal, falls Sie keinen Zugriff auf Ihre App haben. Sie werden nur jetzt angezeigt.
account-title = Mein Konto
account-name = Name
account-email = E-Mail-Adresse
account-roles = Rollen
account-no-roles = Keine Rolle
account-second-factor = Zweiter Faktor
account-second-factor-on = eingerichtet
account-second-factor-off = nicht eingerichtet
account-second-factor-setup = Zweiten Faktor einrichten
account-logout-everywhere = Überall abmelden
account-logged-out-everywhere = Alle Ihre Sitzungen wurden beendet.
role-member = Mitglied
role-organisation_editor = Redaktion der eigenen Organisation
role-staff = Geschäftsstelle
role-admin = Administration
forgot-title = Passwort vergessen
forgot-help = Geben Sie Ihre E-Mail-Adresse ein. Wenn es ein Konto dazu gibt, senden wir Ihnen einen Link, mit dem Sie ein neues Passwort setzen können.
forgot-submit = Link senden
forgot-sent = Wenn es ein Konto mit dieser Adresse gibt, ist ein Link unterwegs. Er ist eine Stunde gültig.
password-title = Neues Passwort
invitation-title = Einladung annehmen
password-new = Neues Passwort (mindestens 12 Zeichen)
password-submit = Passwort speichern
password-invalid-link = Dieser Link ist nicht mehr gültig: Er wurde schon benutzt oder ist abgelaufen.
password-saved = Ihr Passwort ist gespeichert. Sie können sich jetzt anmelden.
error-title = Fehler
error-csrf = Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.
error-not-found = Diese Seite gibt es nicht.
error-forbidden = Dafür fehlt Ihnen die Berechtigung.
error-server = Auf unserer Seite ist etwas schiefgegangen; es wurde protokolliert.
error-too-large = Die Anfrage ist zu groß.
field-error = Fehler
mail-reset-subject = Neues Passwort für urbis
mail-reset-intro = Jemand (hoffentlich Sie) hat ein neues Passwort für Ihr Konto angefordert. Mit diesem Link können Sie es setzen; er ist eine Stunde gültig und funktioniert einmal:
mail-reset-outro = Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren; Ihr Passwort bleibt, wie es ist.
admin-title = Konten
admin-accounts = Konten mit einer Rolle in diesem Forum
admin-change-role = Rolle ändern
admin-save = Speichern
admin-invite = Jemanden einladen
admin-invite-submit = Einladung senden
admin-invited = Die Einladung ist unterwegs.
admin-invited-status = eingeladen
admin-role-invalid = Bitte wählen Sie eine Rolle aus der Liste.
admin-own-role = Sie können sich die eigene Administration nicht selbst nehmen.
mail-invitation-subject = Einladung zu urbis
mail-invitation-intro = Sie wurden zu urbis eingeladen. Mit diesem Link setzen Sie Ihr Passwort; er ist sieben Tage gültig und funktioniert einmal:
mail-invitation-outro = Wenn Sie mit dieser Einladung nichts anfangen können, ignorieren Sie diese E-Mail einfach.
audit-title = Änderungsprotokoll
audit-system = System (Kommandozeile oder Import)
audit-create = angelegt
audit-update = geändert
audit-delete = gelöscht
audit-field = Feld
audit-old = vorher
audit-new = nachher
erase-title = Personenbezogene Daten löschen
erase-already = Diese Person wurde schon anonymisiert; ein erneutes Löschen erfasst, was seitdem hinzukam.
erase-preview = { $count ->
    [one] Eine Anmeldung wird anonymisiert und zählt weiter mit.
   *[other] { $count } Anmeldungen werden anonymisiert und zählen weiter mit.
}
erase-download-first = Vorher die gespeicherten Daten herunterladen
erase-submit = Endgültig anonymisieren
erase-done = { $count ->
    [one] Die Person ist anonymisiert; eine Anmeldung zählt anonym weiter.
   *[other] Die Person ist anonymisiert; { $count } Anmeldungen zählen anonym weiter.
}
retention-title = Aufbewahrungsfrist
retention-done = { $count ->
    [one] Eine Gastanmeldung wurde anonymisiert.
   *[other] { $count } Gastanmeldungen wurden anonymisiert.
}
account-my-data = Meine gespeicherten Daten herunterladen (JSON)
