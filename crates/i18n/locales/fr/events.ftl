# Événements : accueil des inscriptions, inscriptions personnelles, inscription à une série, rappels et courriels de modification.
events-online-link = Lien de la réunion
events-mine-heading = Votre inscription
events-mine-all = toutes vos inscriptions
events-mine-title = Mes inscriptions
events-mine-upcoming = À venir
events-mine-past = Passées
events-mine-none = Aucune.
events-mine-not-yours = Cette inscription ne peut pas être annulée ici : elle n'est pas la vôtre, ou elle a déjà été annulée.
events-no-registration = Cet événement ou cette série ne prend pas d'inscriptions.
events-status-confirmed = confirmée
events-status-waitlisted = sur liste d'attente
events-status-cancelled = annulée
events-status-attended = présent
events-status-unconfirmed = en attente de confirmation
events-series-register-heading = S'inscrire à toute la série
events-series-register-hint = Une seule inscription pour toutes les séances à venir ; chaque séance garde ses propres places et sa liste d'attente, et la réponse indique le résultat pour chaque séance. Vous pouvez aussi vous inscrire à une séance isolée sur sa page.
events-series-register-submit = S'inscrire à toutes les séances
events-col-name = Nom
events-col-email = Courriel
events-col-organisation = Organisation
events-col-status = Statut
events-col-registered = Inscrit le
events-col-waitlist = Rang sur la liste d'attente
events-registrations-sheet = Inscriptions
events-desk-title = Inscriptions
events-desk-problems = Veuillez corriger :
events-desk-csv = Télécharger en CSV
events-desk-xlsx = Télécharger en Excel (XLSX)
events-desk-print = Liste des participants à imprimer
events-desk-seated = Places (confirmées et présents)
events-desk-waiting = Liste d'attente (dans l'ordre)
events-desk-unconfirmed = En attente de la confirmation de l'adresse e-mail (sans place)
events-desk-cancelled = Annulées
events-desk-none = Aucune.
events-desk-move = Modifier
events-desk-beyond = au-delà de la capacité
events-desk-apply = Appliquer
events-desk-add = Ajouter une personne ou un invité
events-desk-person = Personne enregistrée
events-desk-guest = – un invité (à renseigner ci-dessous) –
events-desk-add-submit = Ajouter
events-desk-full = Toutes les places sont prises. Cochez « au-delà de la capacité » pour attribuer malgré tout une place.
events-desk-cancelled-already = Cette inscription est déjà annulée.
events-desk-bad-status = choisissez l'un des statuts proposés
events-desk-bad-format = Choisissez format=csv ou format=xlsx.
events-desk-schedule = Déplacer ou annuler l'événement
events-desk-schedule-hint = Toutes les personnes inscrites (confirmées ou en attente) reçoivent un courriel avec les nouvelles informations et une entrée de calendrier mise à jour.
events-desk-start = Début (2030-06-12T14:30 ou 2030-06-12)
events-desk-end = Fin (facultatif)
events-desk-venue = Lieu
events-desk-city = Ville
events-desk-call-off = Annuler l'événement
events-desk-schedule-submit = Enregistrer et informer les inscrits
events-desk-saved = Enregistré.
events-desk-mailed = { $count ->
    [one] { $count } courriel aux inscrits est en file d'attente.
   *[other] { $count } courriels aux inscrits sont en file d'attente.
}
events-sheet-title = Liste des participants
events-sheet-number = N°
events-sheet-signature = Signature
events-sheet-count = { $count ->
    [one] { $count } participant.
   *[other] { $count } participants.
}
events-mail-link = Lien de la réunion (réservé à vous en tant que participant confirmé) :
events-mail-reminder-subject = Rappel :
events-mail-reminder-intro = Pour rappel, vous êtes inscrit à
events-mail-cancel-hint = Si vous ne pouvez pas venir, merci d'annuler avec le lien personnel de votre courriel de confirmation afin que quelqu'un d'autre puisse obtenir la place.
events-mail-moved-subject = Modifié :
events-mail-moved-intro = L'événement auquel vous êtes inscrit a été modifié. Voici les nouvelles informations (l'entrée de calendrier jointe remplace la précédente) :
events-mail-cancelled-subject = Annulé :
events-mail-cancelled-intro = Nous sommes désolés : l'événement auquel vous êtes inscrit a été annulé.
events-ics-month-note = Le jour exact n'est pas fixé dans les données : l'entrée couvre tout le mois.
