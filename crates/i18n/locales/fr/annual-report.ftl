# Le rapport annuel (crates/report) : ses mots fixes. Les chiffres et les noms arrivent en variables
# ($count, $forum, $umbrella, $year, $next, $date …) ; ce que les pages nomment déjà (types
# d'événements, rôles, étapes des demandes …), le rapport le lit dans leurs clés.

report-annual-title = { $forum } – Rapport annuel { $year }
report-contents = Sommaire
report-page = Page
report-edition-members = Édition réservée aux membres
report-edition-staff = Édition interne du secrétariat
report-nothing = Rien n'a été enregistré à ce sujet pour cette année.

report-section-exchange = I. Échanges
report-section-knowledge = II. Gestion des connaissances
report-section-projects = III. Projets
report-section-communication = IV. Communication et mise en réseau
report-section-umbrella = V. { $umbrella } et la coopération avec les forums nationaux
report-section-umbrella-none = V. Le réseau européen et les forums nationaux
report-section-outlook = VI. Perspectives { $next }
report-section-office = VII. { $forum } – Bureau et secrétariat

report-part-members = Les membres du forum { $forum }
report-part-comparison = { $year } par rapport à l'année précédente
report-part-general-meetings = Assemblées générales du forum { $forum }
report-part-umbrella-events = Événements du réseau { $umbrella }
report-part-thematic-exchange = Échanges thématiques
report-part-special-events = Événements spécialisés
report-part-further-meetings = Autres rendez-vous
report-part-training = Formation continue
report-part-applications = Demandes de financement externe
report-part-advocacy = Plaidoyer
report-part-networks = Réseaux
report-part-outreach = Le forum { $forum } en contact avec d'autres institutions et villes
report-part-national-forums = Les forums nationaux
report-part-umbrella-cooperation = Coopération avec le réseau { $umbrella }
report-part-outlook-web-exchanges = Web exchanges du forum { $forum }
report-part-outlook-topics = Thèmes { $next }
report-part-board = Bureau du forum { $forum }

report-applications-current = Demandes en cours
report-applications-approved = Demandes acceptées
report-applications-rejected = Demandes refusées
report-applications-withdrawn = Demandes retirées

report-labelled = { $label } : { $value }
report-fact-together-with = En collaboration avec
report-fact-with = Avec
report-fact-status = Statut
report-fact-reason = Motif
report-fact-role = Rôle
report-fact-recipient = Destinataire
report-fact-partner = { $count ->
    [one] Partenaire
   *[other] Partenaires
}
report-fact-links = Liens

report-not-listed-members = { $count ->
    [one] { $count } { $noun } interne pour les membres
   *[other] { $count } { $noun } internes pour les membres
}
report-not-listed-staff = { $count ->
    [one] { $count } { $noun } interne pour le secrétariat
   *[other] { $count } { $noun } internes pour le secrétariat
}
report-noun-general-meeting = { $count ->
    [one] assemblée générale
   *[other] assemblées générales
}
report-noun-umbrella-assembly = { $count ->
    [one] assemblée générale du réseau européen
   *[other] assemblées générales du réseau européen
}
report-noun-umbrella-committee = { $count ->
    [one] réunion du comité exécutif
   *[other] réunions du comité exécutif
}
report-noun-web-exchange = { $count ->
    [one] web exchange
   *[other] web exchanges
}
report-noun-webinar = { $count ->
    [one] webinaire
   *[other] webinaires
}
report-noun-panel = { $count ->
    [one] débat public
   *[other] débats publics
}
report-noun-symposium = { $count ->
    [one] symposium
   *[other] symposiums
}
report-noun-seminar = { $count ->
    [one] séminaire
   *[other] séminaires
}
report-noun-training = { $count ->
    [one] formation
   *[other] formations
}
report-noun-workshop = { $count ->
    [one] atelier
   *[other] ateliers
}
report-noun-study-visit = { $count ->
    [one] visite d'étude
   *[other] visites d'étude
}
report-noun-conference = { $count ->
    [one] conférence
   *[other] conférences
}
report-noun-round-table = { $count ->
    [one] table ronde
   *[other] tables rondes
}
report-noun-presentation = { $count ->
    [one] présentation
   *[other] présentations
}
report-noun-meeting = { $count ->
    [one] réunion
   *[other] réunions
}
report-noun-project = { $count ->
    [one] projet
   *[other] projets
}
report-noun-application = { $count ->
    [one] demande de financement
   *[other] demandes de financement
}
report-noun-collection = { $count ->
    [one] collection d'informations
   *[other] collections d'informations
}
report-noun-advocacy = { $count ->
    [one] action de plaidoyer
   *[other] actions de plaidoyer
}
report-noun-cooperation = { $count ->
    [one] coopération
   *[other] coopérations
}
report-noun-outreach = { $count ->
    [one] contact
   *[other] contacts
}
report-noun-person = { $count ->
    [one] personne
   *[other] personnes
}

report-member-count = { $count ->
    [one] Le forum { $forum } compte { $count } membre.
   *[other] Le forum { $forum } compte { $count } membres.
}
report-collection-count = { $count ->
    [one] Il existe actuellement { $count } collection d'informations pour nos membres.
   *[other] Il existe actuellement { $count } collections d'informations pour nos membres.
}
report-collections-new = { $count ->
    [one] Parmi elles, { $count } a été créée en { $year }.
   *[other] Parmi elles, { $count } ont été créées en { $year }.
}
report-focus = { $count ->
    [one] Thème prioritaire { $year } : { $topics }.
   *[other] Thèmes prioritaires { $year } : { $topics }.
}
report-forum-count = { $count ->
    [one] Le réseau { $umbrella } réunit { $count } forum national :
   *[other] Le réseau { $umbrella } réunit { $count } forums nationaux :
}
report-since = depuis { $date }
report-participants = { $count ->
    [one] { $count } participant
   *[other] { $count } participants
}
report-participants-each = { $count ->
    [one] { $count } participant par événement
   *[other] { $count } participants par événement
}
report-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
report-new-in = nouvelle en { $year }

report-figure-events-held = Événements organisés
report-figure-participants = Participants (déclarés)
report-figure-members-joined = Nouveaux membres
report-figure-applications-submitted = Demandes déposées
report-figure-applications-approved = Demandes acceptées
report-figure = Indicateur
report-change = Évolution
