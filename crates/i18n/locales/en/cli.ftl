# The messages of the `urbis` command for people (crates/cli), in the language of URBIS_LANG or
# the locale. What scripts read (the lists of `user list` and `forum list`, links, JSON) is no
# message; `--help` is written by clap from the doc comments, in English. Errors from the store
# and the app keep their own words and come in as $problem or $error.

## Every command

cli-error = error: { $message }
cli-cannot-start = cannot start: { $error }
cli-malloc-arenas = urbis: running without a limit on malloc arenas ({ $error })
cli-problems = { $count ->
        [one] { $count } problem, nothing was written:
       *[other] { $count } problems, nothing was written:
    }
cli-nothing-written = { $problem }; nothing was written
cli-no-such-file = no such file
cli-cannot-write = cannot write { $file }: { $error }
cli-no-account = there is no account for { $email }

## urbis demo, serve, reindex

cli-demo-broken = the demo data set is broken: { $error }
cli-demo-member = demo member account: { $email } with the password { $password }
cli-demo-loaded = the demo network is loaded
cli-demo-not-empty = the store is not empty: the demo network is only loaded into an empty store
cli-trusted-proxy-bad = --trusted-proxies: `{ $proxy }` is neither an address nor a network (e.g. 10.0.0.1 or 10.0.0.0/8)
cli-metrics-token-short = --metrics-token: use at least 16 characters
cli-cannot-serve = cannot serve on { $addr }: { $error }
cli-cannot-serve-metrics = cannot serve the metrics on { $addr }: { $error }
cli-no-forum-yet = the store holds no forum yet: run `urbis serve --demo`, `urbis demo` or `urbis import FILE` first
cli-cannot-index = cannot build the search index: { $error }
cli-indexed = indexed { $count ->
        [one] { $count } record
       *[other] { $count } records
    } in { $seconds } s into { $dir }

## urbis export, import, report

cli-cannot-write-export = cannot write the export: { $error }
cli-cannot-write-report = cannot write the report: { $error }
cli-not-utf8 = not UTF-8 text
cli-nothing-imported = { $file }: { $problem }; nothing was imported
cli-imported = imported { $forums ->
        [one] { $forums } forum
       *[other] { $forums } forums
    } with { $records ->
        [one] { $records } record
       *[other] { $records } records
    }

## urbis backup, restore

cli-file-storage = the file storage: { $error }
cli-backed-up = backed up { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } and { $files ->
        [one] { $files } file
       *[other] { $files } files
    } into { $file }
cli-cannot-write-backup = cannot write the backup { $file }: { $error }
cli-cannot-list-files = cannot list the files: { $error }
cli-cannot-read-file = cannot read the file { $key }: { $error }
cli-nothing-restored = { $file }: { $problem }; nothing was restored
cli-backup-not-zip = it is not an urbis backup (not a whole zip archive: { $error })
cli-backup-no-manifest = it has no manifest.json
cli-backup-manifest-unreadable = its manifest cannot be read: { $error }
cli-backup-manifest-not-json = its manifest is not JSON: { $error }
cli-backup-not-urbis = it is not an urbis backup (manifest format)
cli-backup-layout-version = its layout version { $version } is not supported (this urbis reads { $supported })
cli-backup-no-schema-version = its manifest has no schema_version
cli-backup-tables-wrong = its manifest's tables are wrong: { $error }
cli-backup-unknown-table = it holds a table `{ $table }` this urbis does not have
cli-backup-entry-missing = { $entry } is missing: { $error }
cli-backup-entry-empty = { $entry } is empty
cli-backup-entry-unreadable = { $entry } cannot be read: { $error }
cli-backup-entry-no-columns = { $entry } line 1: not a list of columns: { $error }
cli-backup-entry-bad-line = { $entry } line { $line }: { $error }
cli-backup-entry-width = { $entry } line { $line }: { $values ->
        [one] { $values } value
       *[other] { $values } values
    } for { $columns ->
        [one] { $columns } column
       *[other] { $columns } columns
    }
cli-backup-entry-count = { $entry } has { $count ->
        [one] { $count } row
       *[other] { $count } rows
    }, its manifest says { $expected }
cli-restore-files-present = the file storage ({ $place }) already holds { $count ->
        [one] { $count } file
       *[other] { $count } files
    }: restore only into empty file storage
cli-restored = restored { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } and { $files ->
        [one] { $files } file
       *[other] { $files } files
    } from { $file }; run `urbis reindex` before `urbis serve` if its search directory is not empty
cli-restored-migrated = restored { $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    } and { $files ->
        [one] { $files } file
       *[other] { $files } files
    } from { $file } (migrated from schema version { $from } to { $to }); run `urbis reindex` before `urbis serve` if its search directory is not empty

## urbis user

cli-password-unreadable = cannot read the password from standard input: { $error }
cli-password-missing = give the password on the first line of standard input
cli-unknown-role = unknown role `{ $role }` (use member, organisation_editor, staff, admin or none)
cli-unknown-language = unknown language `{ $language }` (use de or en)
cli-account-active = account { $email } is active
cli-account-invited = account { $email } is invited: set its password with `urbis user passwd { $email }`
cli-password-set = the password of { $email } is set; its sessions have ended
cli-no-role = no role
cli-not-invited = { $email } is not waiting for an invitation (it is { $status }); use `urbis user passwd` instead
cli-invitation-queued = the invitation to { $email } is queued; the link is:

## urbis forum

cli-forum-created = created the forum { $forum } ({ $id })
cli-forum-changed = changed the forum { $forum }

## urbis person, retention

cli-person-or-account = give the id of a person, or --account EMAIL (not both)
cli-erase-preview = erasing person { $id } would do this:
cli-erase-refused = nothing was erased: add --yes to erase person { $id } (this cannot be undone)
cli-erased = person { $id } is erased:
cli-given-or-withdrawn = say either --given or --withdrawn
cli-not-a-time = --at: `{ $text }` is not a time (write e.g. 2026-05-03T09:00:00Z)
cli-consent-given = person { $id }: consent for `{ $purpose }` given ({ $count ->
        [one] { $count } consent record
       *[other] { $count } consent records
    } so far)
cli-consent-withdrawn = person { $id }: consent for `{ $purpose }` withdrawn ({ $count ->
        [one] { $count } consent record
       *[other] { $count } consent records
    } so far)
cli-not-days = --days: `{ $text }` is not a whole number of days
cli-retention-anonymised = anonymised { $count ->
        [one] { $count } guest registration
       *[other] { $count } guest registrations
    } of events over more than { $days ->
        [one] { $days } day
       *[other] { $days } days
    } ago
cli-retention-removed = removed { $count ->
        [one] { $count } unconfirmed guest registration
       *[other] { $count } unconfirmed guest registrations
    } whose confirmation link expired
cli-erasure-again = the person was erased before; only what was added since is anonymised
cli-erasure-registrations = { $count ->
        [one] { $count } registration becomes anonymous and still counts
       *[other] { $count } registrations become anonymous and still count
    }
cli-erasure-guest-registrations = { $count ->
        [one] { $count } guest registration with the person's address loses the guest's data
       *[other] { $count } guest registrations with the person's address lose the guest's data
    }
cli-erasure-references = { $count ->
        [one] { $count } record keeps referring to the anonymous person
       *[other] { $count } records keep referring to the anonymous person
    }
cli-erasure-contributors = { $count ->
        [one] { $count } list of speakers or authors loses the name given beside the person
       *[other] { $count } lists of speakers or authors lose the name given beside the person
    }
cli-erasure-accounts = { $count ->
        [one] { $count } account is disabled, without address, roles or password
       *[other] { $count } accounts are disabled, without address, roles or password
    }
cli-erasure-audit = { $count ->
        [one] { $count } audit log entry loses its personal values
       *[other] { $count } audit log entries lose their personal values
    }
cli-erasure-mails = { $count ->
        [one] { $count } mail to the person leaves the outbox
       *[other] { $count } mails to the person leave the outbox
    }
cli-erasure-subscriptions = { $count ->
        [one] { $count } deadline reminder subscription ends
       *[other] { $count } deadline reminder subscriptions end
    }
cli-erasure-mention = the text of { $kind } { $id } mentions the person's name: edit it by hand
