browser-site-name = urbis
browser-site-tagline = Netzwerk der Städte für urbane Sicherheit und Prävention
browser-nav-main = Hauptnavigation
browser-nav-language = Sprache wählen
browser-footer-text = urbis – die Plattform des Städtenetzwerks für urbane Sicherheit und Kriminalprävention.
browser-footer-calendar = Kalender abonnieren (iCal)
