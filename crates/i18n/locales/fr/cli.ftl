# Les messages de la commande `urbis` destinés aux personnes (crates/cli), dans la langue de
# URBIS_LANG ou de la locale. Ce que lisent les scripts (les listes de `user list` et
# `forum list`, les liens, le JSON) n'est pas un message ; `--help` est écrit par clap à partir
# des commentaires de documentation, en anglais. Les erreurs du stockage et de l'application
# gardent leurs propres mots et arrivent dans $problem ou $error.

## Toutes les commandes

cli-error = erreur : { $message }
cli-cannot-start = impossible de démarrer urbis : { $error }
cli-malloc-arenas = urbis : fonctionne sans limite d'arènes malloc ({ $error })
cli-problems = { $count ->
        [one] { $count } problème, rien n'a été écrit :
       *[other] { $count } problèmes, rien n'a été écrit :
    }
cli-nothing-written = { $problem } ; rien n'a été écrit
cli-no-such-file = fichier introuvable
cli-cannot-write = impossible d'écrire { $file } : { $error }
cli-no-account = il n'existe aucun compte pour { $email }

## urbis demo, serve, reindex

cli-demo-broken = le jeu de données de démonstration est défectueux : { $error }
cli-demo-member = compte de membre de démonstration : { $email } avec le mot de passe { $password }
cli-demo-loaded = le réseau de démonstration est chargé
cli-demo-not-empty = la base de données n'est pas vide : le réseau de démonstration ne se charge que dans une base de données vide
cli-trusted-proxy-bad = --trusted-proxies : `{ $proxy }` n'est ni une adresse ni un réseau (par ex. 10.0.0.1 ou 10.0.0.0/8)
cli-metrics-token-short = --metrics-token : utilisez au moins 16 caractères
cli-cannot-serve = impossible de servir sur { $addr } : { $error }
cli-cannot-serve-metrics = impossible de servir les métriques sur { $addr } : { $error }
cli-no-forum-yet = la base de données ne contient encore aucun forum : lancez d'abord `urbis serve --demo`, `urbis demo` ou `urbis import FICHIER`
cli-cannot-index = impossible de construire l'index de recherche : { $error }
cli-indexed = { $count ->
        [one] { $count } enregistrement indexé
       *[other] { $count } enregistrements indexés
    } en { $seconds } s dans { $dir }

## urbis export, import, report

cli-cannot-write-export = impossible d'écrire l'export : { $error }
cli-cannot-write-report = impossible d'écrire le rapport : { $error }
cli-not-utf8 = ce n'est pas du texte UTF-8
cli-nothing-imported = { $file } : { $problem } ; rien n'a été importé
cli-imported = { $forums ->
        [one] { $forums } forum importé
       *[other] { $forums } forums importés
    } avec { $records ->
        [one] { $records } enregistrement
       *[other] { $records } enregistrements
    }

## urbis backup, restore

cli-file-storage = le stockage des fichiers : { $error }
cli-backed-up = { $rows ->
        [one] { $rows } ligne
       *[other] { $rows } lignes
    } et { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    } sauvegardés dans { $file }
cli-cannot-write-backup = impossible d'écrire la sauvegarde { $file } : { $error }
cli-cannot-list-files = impossible de lister les fichiers : { $error }
cli-cannot-read-file = impossible de lire le fichier { $key } : { $error }
cli-nothing-restored = { $file } : { $problem } ; rien n'a été restauré
cli-backup-not-zip = ce n'est pas une sauvegarde urbis (pas une archive zip complète : { $error })
cli-backup-no-manifest = l'archive ne contient pas de manifest.json
cli-backup-manifest-unreadable = le manifeste est illisible : { $error }
cli-backup-manifest-not-json = le manifeste n'est pas du JSON : { $error }
cli-backup-not-urbis = ce n'est pas une sauvegarde urbis (format du manifeste)
cli-backup-layout-version = la version d'archive { $version } n'est pas prise en charge (cet urbis lit la version { $supported })
cli-backup-no-schema-version = le manifeste n'indique pas de schema_version
cli-backup-tables-wrong = les tables du manifeste sont erronées : { $error }
cli-backup-unknown-table = l'archive contient une table `{ $table }` que cet urbis ne connaît pas
cli-backup-entry-missing = { $entry } est absent : { $error }
cli-backup-entry-empty = { $entry } est vide
cli-backup-entry-unreadable = { $entry } est illisible : { $error }
cli-backup-entry-no-columns = { $entry } ligne 1 : ce n'est pas une liste de colonnes : { $error }
cli-backup-entry-bad-line = { $entry } ligne { $line } : { $error }
cli-backup-entry-width = { $entry } ligne { $line } : { $values ->
        [one] { $values } valeur
       *[other] { $values } valeurs
    } pour { $columns ->
        [one] { $columns } colonne
       *[other] { $columns } colonnes
    }
cli-backup-entry-count = { $entry } compte { $count ->
        [one] { $count } ligne
       *[other] { $count } lignes
    }, son manifeste en annonce { $expected }
cli-restore-files-present = le stockage des fichiers ({ $place }) contient déjà { $count ->
        [one] { $count } fichier
       *[other] { $count } fichiers
    } : restaurez uniquement dans un stockage de fichiers vide
cli-restored = { $rows ->
        [one] { $rows } ligne
       *[other] { $rows } lignes
    } et { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    } restaurés depuis { $file } ; lancez `urbis reindex` avant `urbis serve` si le répertoire de recherche n'est pas vide
cli-restored-migrated = { $rows ->
        [one] { $rows } ligne
       *[other] { $rows } lignes
    } et { $files ->
        [one] { $files } fichier
       *[other] { $files } fichiers
    } restaurés depuis { $file } (migrés de la version de schéma { $from } à la version { $to }) ; lancez `urbis reindex` avant `urbis serve` si le répertoire de recherche n'est pas vide

## urbis user

cli-password-unreadable = impossible de lire le mot de passe sur l'entrée standard : { $error }
cli-password-missing = indiquez le mot de passe sur la première ligne de l'entrée standard
cli-unknown-role = rôle inconnu `{ $role }` (utilisez member, organisation_editor, staff, admin ou none)
cli-unknown-language = langue inconnue `{ $language }` (utilisez de ou en)
cli-account-active = le compte { $email } est actif
cli-account-invited = le compte { $email } est invité : définissez son mot de passe avec `urbis user passwd { $email }`
cli-password-set = le mot de passe de { $email } est défini ; toutes les sessions du compte sont fermées
cli-no-role = aucun rôle
cli-not-invited = { $email } n'attend pas d'invitation (statut : { $status }) ; utilisez plutôt `urbis user passwd`
cli-invitation-queued = l'invitation à { $email } est en attente d'envoi ; voici le lien :

## urbis forum

cli-forum-created = le forum { $forum } ({ $id }) est créé
cli-forum-changed = le forum { $forum } est modifié

## urbis person, retention

cli-person-or-account = indiquez l'identifiant d'une personne ou --account E-MAIL (pas les deux)
cli-erase-preview = effacer la personne { $id } aurait les effets suivants :
cli-erase-refused = rien n'a été effacé : ajoutez --yes pour effacer la personne { $id } (c'est irréversible)
cli-erased = la personne { $id } est effacée :
cli-given-or-withdrawn = indiquez soit --given, soit --withdrawn
cli-not-a-time = --at : `{ $text }` n'est pas un horodatage (écrivez par ex. 2026-05-03T09:00:00Z)
cli-consent-given = personne { $id } : consentement pour `{ $purpose }` donné ({ $count ->
        [one] { $count } enregistrement de consentement
       *[other] { $count } enregistrements de consentement
    } à ce jour)
cli-consent-withdrawn = personne { $id } : consentement pour `{ $purpose }` retiré ({ $count ->
        [one] { $count } enregistrement de consentement
       *[other] { $count } enregistrements de consentement
    } à ce jour)
cli-not-days = --days : `{ $text }` n'est pas un nombre entier de jours
cli-retention-anonymised = { $count ->
        [one] { $count } inscription d'invité anonymisée
       *[other] { $count } inscriptions d'invités anonymisées
    } pour des événements terminés depuis plus de { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    }
cli-retention-removed = { $count ->
        [one] { $count } inscription d'invité non confirmée supprimée
       *[other] { $count } inscriptions d'invités non confirmées supprimées
    }, car le lien de confirmation a expiré
cli-erasure-again = la personne a déjà été effacée ; seul ce qui a été ajouté depuis est anonymisé
cli-erasure-registrations = { $count ->
        [one] { $count } inscription devient anonyme et reste comptée
       *[other] { $count } inscriptions deviennent anonymes et restent comptées
    }
cli-erasure-guest-registrations = { $count ->
        [one] { $count } inscription d'invité avec l'adresse de la personne perd les données de l'invité
       *[other] { $count } inscriptions d'invités avec l'adresse de la personne perdent les données des invités
    }
cli-erasure-references = { $count ->
        [one] { $count } enregistrement continue de renvoyer à la personne anonyme
       *[other] { $count } enregistrements continuent de renvoyer à la personne anonyme
    }
cli-erasure-contributors = { $count ->
        [one] { $count } liste d'intervenants ou d'auteurs perd le nom indiqué à côté de la personne
       *[other] { $count } listes d'intervenants ou d'auteurs perdent le nom indiqué à côté de la personne
    }
cli-erasure-accounts = { $count ->
        [one] { $count } compte est désactivé, sans adresse, rôles ni mot de passe
       *[other] { $count } comptes sont désactivés, sans adresse, rôles ni mot de passe
    }
cli-erasure-audit = { $count ->
        [one] { $count } entrée du journal des modifications perd ses valeurs personnelles
       *[other] { $count } entrées du journal des modifications perdent leurs valeurs personnelles
    }
cli-erasure-mails = { $count ->
        [one] { $count } e-mail à la personne est retiré de la file d'envoi
       *[other] { $count } e-mails à la personne sont retirés de la file d'envoi
    }
cli-erasure-subscriptions = { $count ->
        [one] { $count } abonnement aux rappels d'échéance prend fin
       *[other] { $count } abonnements aux rappels d'échéance prennent fin
    }
cli-erasure-mention = { $kind } { $id } : le texte mentionne le nom de la personne ; modifiez-le à la main
