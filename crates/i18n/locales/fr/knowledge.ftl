knowledge-kind-link = Lien
knowledge-kind-file = Fichier
knowledge-kind-note = Note
knowledge-kind-reference = Référence
knowledge-new = nouveau
knowledge-new-count = { $count ->
    [one] { $count } nouvelle entrée depuis votre dernière visite
   *[other] { $count } nouvelles entrées depuis votre dernière visite
}
knowledge-pinned = épinglé
knowledge-archived = archivé
knowledge-follow = Suivre (synthèse hebdomadaire par courriel)
knowledge-unfollow = Ne plus suivre
knowledge-following = Vous suivez cette collection et recevez une synthèse hebdomadaire des nouvelles entrées.
knowledge-show-archived = Afficher les entrées archivées
knowledge-hide-archived = Masquer les entrées archivées
knowledge-section-empty = Aucune entrée pour l'instant.
knowledge-refers-to = Se rapporte à :
knowledge-reference-hidden = Se rapporte à un élément que vous n'êtes pas autorisé à voir.
knowledge-collection-archived = Cette collection est archivée : elle peut être consultée, mais aucune entrée ne peut y être ajoutée.
knowledge-move-to = Rubrique
knowledge-no-section = (aucune rubrique)
knowledge-move = Déplacer
knowledge-pin = Épingler
knowledge-unpin = Désépingler
knowledge-archive = Archiver
knowledge-unarchive = Restaurer
knowledge-delete = Supprimer
knowledge-add-title = Ajouter une entrée
knowledge-add-submit = Ajouter l'entrée
knowledge-curate-title = Gérer une entrée
knowledge-field-kind = Type d'entrée
knowledge-field-section = Rubrique
knowledge-field-title = Titre
knowledge-field-url = Adresse du lien (https://…)
knowledge-field-file = { $count ->
   *[other] Fichier (PDF, Word, Excel, PowerPoint, OpenDocument, image ou texte ; { $count } Mo au maximum)
}
knowledge-field-reference = Adresse d'un événement, d'un projet ou d'une publication de ce site
knowledge-field-body = Description ou note (Markdown)
knowledge-error-kind = Indiquez la nature de l'entrée : un lien, un fichier, une note ou une référence.
knowledge-error-section = Il n'existe pas de rubrique « { $section } » dans cette collection.
knowledge-error-too-long = { $max } caractères au maximum.
knowledge-error-title = Donnez un titre à l'entrée.
knowledge-error-url-missing = Un lien doit avoir une adresse.
knowledge-error-url = « { $url } » n'est pas une adresse web : elle doit commencer par https:// ou http://.
knowledge-error-note-missing = Rédigez la note.
knowledge-error-reference = Indiquez l'adresse d'un événement, d'un projet ou d'une publication de ce site (par exemple /events/…).
knowledge-error-reference-hidden = Il n'existe pas de { $kind } à cette adresse que vous soyez autorisé à voir.
knowledge-error-file-missing = Choisissez le fichier à téléverser.
knowledge-error-archived = Cette collection est archivée : aucune entrée ne peut y être ajoutée.
knowledge-error-form = Le formulaire n'a pas pu être lu. Veuillez l'envoyer à nouveau.
knowledge-error-action = Action inconnue.
knowledge-file-too-large = Le fichier est trop volumineux : { $limit } Mo au maximum sont acceptés.
knowledge-file-empty = « { $name } » est vide.
knowledge-file-type = « { $name } » : les fichiers de ce type ne sont pas acceptés (acceptés : PDF, Word, Excel, PowerPoint, OpenDocument, images, texte brut).
knowledge-file-disguised = « { $name } » n'est pas un fichier { $expected } : son contenu est de type { $found }. Le fichier n'a pas été enregistré.
knowledge-file-broken = « { $name } » est endommagé et illisible ({ $reason }). Le fichier n'a pas été enregistré.
knowledge-digest-subject = { $count ->
    [one] { $count } nouvelle entrée cette semaine
   *[other] { $count } nouvelles entrées cette semaine
}
knowledge-digest-intro = Nouveautés de la collection d'informations « { $collection } » pour la semaine { $week } :
knowledge-digest-outro = Vous recevez ce courriel parce que vous suivez cette collection. Pour ne plus le recevoir, cliquez sur « Ne plus suivre » à l'adresse { $link }
portal-kind = Type
portal-authors = Auteurs
portal-publisher = Éditeur
portal-published = Publié le
portal-event = Événement
portal-read = Lire en ligne
portal-download = Télécharger
portal-funder = Financeur
portal-programme = Programme
portal-opens = Ouverture
portal-call-link = L'appel chez le financeur
portal-closing-soon = clôture proche
portal-news = Actualités
portal-feeds = S'abonner
portal-feed-description = Nouvelles publications, appels à financement et événements du portail d'information.
portal-remind-title = Rappel d'échéance
portal-remind-label = { $count ->
   *[other] Votre adresse électronique : nous vous envoyons un rappel { $count } jours avant chaque échéance
}
portal-remind-submit = Me le rappeler
portal-remind-check-mail = Veuillez confirmer : nous vous avons envoyé un courriel contenant un lien. Les rappels commencent dès que vous l'avez utilisé.
portal-remind-error-email = Veuillez indiquer une adresse électronique valable, par exemple nom@example.org.
portal-remind-invalid = Ce lien n'est plus valable.
portal-remind-confirm-question = Souhaitez-vous recevoir des rappels des échéances de cet appel à financement ?
portal-remind-confirm-button = Oui, me le rappeler
portal-remind-confirmed = Merci : vous recevrez un rappel avant chaque échéance.
portal-remind-unsubscribe-question = Souhaitez-vous arrêter les rappels de cet appel à financement ?
portal-remind-unsubscribe-button = Arrêter les rappels
portal-remind-unsubscribed = Les rappels sont arrêtés et votre adresse est supprimée.
portal-remind-confirm-subject = Veuillez confirmer votre rappel d'échéance
portal-remind-confirm-intro = Quelqu'un (vous, nous l'espérons) a demandé à recevoir des rappels des échéances de l'appel à financement « { $call } ». Pour confirmer, ouvrez ce lien et cliquez sur le bouton :
portal-remind-unsubscribe-line = Ne plus recevoir de rappels :
portal-remind-subject = Échéance du { $date } : { $call }
portal-remind-intro = L'appel à financement « { $call } » a une échéance le { $date }
