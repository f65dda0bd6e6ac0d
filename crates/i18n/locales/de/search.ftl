search-title = Suche
search-label = In urbis suchen
search-submit = Suchen
search-count = { $count ->
    [one] Ein Eintrag gefunden
   *[other] { $count } Einträge gefunden
}
search-count-about = Etwa { $count } Einträge gefunden (Zahlen geschätzt)
search-none = Nichts gefunden. Versuchen Sie weniger oder andere Wörter.
search-too-long = Der Suchtext ist zu lang: Es werden höchstens { $count } Zeichen durchsucht.
search-facet-kind = Art
search-facet-topic = Thema
search-facet-year = Jahr
search-pages = Ergebnisseiten
search-previous = Vorherige Seite
search-next = Nächste Seite
search-kind-event = Veranstaltung
search-kind-series = Veranstaltungsreihe
search-kind-collection = Informationssammlung
search-kind-entry = Eintrag einer Sammlung
search-kind-publication = Publikation
search-kind-funding_call = Förderaufruf
search-kind-project = Projekt
search-kind-organisation = Organisation
search-kind-topic = Themenseite
search-kind-advocacy_action = Interessenvertretung
