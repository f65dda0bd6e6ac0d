search-title = Recherche
search-label = Rechercher dans urbis
search-submit = Rechercher
search-count = { $count ->
    [one] { $count } résultat trouvé
   *[other] { $count } résultats trouvés
}
search-count-about = Environ { $count } résultats trouvés (chiffres estimés)
search-none = Aucun résultat. Essayez avec moins de mots ou d'autres mots.
search-too-long = Le texte recherché est trop long : la recherche porte sur { $count } caractères au maximum.
search-facet-kind = Type
search-facet-topic = Thème
search-facet-year = Année
search-pages = Pages de résultats
search-previous = Page précédente
search-next = Page suivante
search-kind-event = Événement
search-kind-series = Série d'événements
search-kind-collection = Collection d'informations
search-kind-entry = Entrée de collection
search-kind-publication = Publication
search-kind-funding_call = Appel à financement
search-kind-project = Projet
search-kind-organisation = Organisation
search-kind-topic = Page thématique
search-kind-advocacy_action = Plaidoyer
