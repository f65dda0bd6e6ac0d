//! The command speaks to people in German, English or French: `URBIS_LANG`, else the locale
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English. What scripts read stays the same in every
//! language, and errors from the store keep their own words.

use std::process::{Command, Output};

use urbis_testkit::TestDb;

use crate::common::stderr;

/// Runs `urbis` on `db` with only these language variables set.
fn run(db: &TestDb, vars: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_urbis"));
    command
        .args(args)
        .env("URBIS_DATABASE_URL", db.url())
        .env_remove("URBIS_FORUM");
    for name in ["URBIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command
        .envs(vars.iter().copied())
        .output()
        .expect("urbis runs")
}

#[test]
fn messages_speak_the_language_of_urbis_lang_or_the_locale() {
    let db = urbis_testkit::sqlite();

    // URBIS_LANG comes before the locale.
    let german = run(
        &db,
        &[("URBIS_LANG", "de"), ("LANG", "fr_FR.UTF-8")],
        &["demo"],
    );
    let said = stderr(&german);
    assert!(german.status.success(), "{said}");
    assert!(said.contains("das Demo-Netzwerk ist geladen"), "{said}");
    assert!(
        said.contains("Demo-Mitgliedskonto: mitglied@example.org mit dem Passwort "),
        "{said}"
    );

    // Without URBIS_LANG, the locale decides.
    let french = run(&db, &[("LANG", "fr_FR.UTF-8")], &["demo"]);
    assert!(!french.status.success());
    assert_eq!(
        stderr(&french).trim_end(),
        "erreur : la base de données n'est pas vide : le réseau de démonstration ne se charge \
         que dans une base de données vide"
    );
    let changed = run(
        &db,
        &[("LC_ALL", "de_DE.UTF-8"), ("LANG", "fr_FR.UTF-8")],
        &["forum", "set", "DEFUS", "--time-zone", "Europe/Berlin"],
    );
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert_eq!(
        String::from_utf8_lossy(&changed.stdout).trim_end(),
        "das Forum DEFUS ist geändert"
    );

    // The C locale, or none, is English.
    for vars in [&[("LANG", "C.UTF-8")][..], &[]] {
        let english = run(&db, vars, &["demo"]);
        assert!(
            stderr(&english).starts_with("error: the store is not empty"),
            "{vars:?}: {}",
            stderr(&english)
        );
    }

    // An error of the store keeps its words, in the command's frame.
    let unknown = run(
        &db,
        &[("URBIS_LANG", "de")],
        &["forum", "set", "NOPE", "--time-zone", "Europe/Berlin"],
    );
    assert!(
        stderr(&unknown).starts_with("Fehler: there is no forum `NOPE`"),
        "{}",
        stderr(&unknown)
    );

    // What scripts read is the same in every language.
    for (args, expected) in [
        (
            &["user", "list", "--forum", "DEFUS"][..],
            "mitglied@example.org\t",
        ),
        (&["forum", "list"][..], "DEFUS\t"),
    ] {
        let listed = run(&db, &[("URBIS_LANG", "en")], args).stdout;
        let text = String::from_utf8_lossy(&listed);
        assert!(text.contains(expected), "{args:?}: {text}");
        for vars in [&[("URBIS_LANG", "de")][..], &[("LANG", "fr_FR.UTF-8")]] {
            assert_eq!(run(&db, vars, args).stdout, listed, "{args:?} {vars:?}");
        }
    }
}

#[test]
fn counts_choose_the_plural_of_each_language() {
    let db = urbis_testkit::sqlite();
    let empty = tempfile::tempdir().expect("temp dir");
    let files = empty.path().join("files");
    let archive = empty.path().join("backup.zip");
    let archive = archive.to_str().expect("a UTF-8 path");
    let with_files = |vars: &[(&str, &str)], args: &[&str]| {
        let mut all: Vec<(&str, &str)> = vec![("URBIS_FILES_DIR", files.to_str().expect("UTF-8"))];
        all.extend_from_slice(vars);
        run(&db, &all, args)
    };
    let backed_up = with_files(&[("URBIS_LANG", "fr")], &["backup", archive]);
    let said = stderr(&backed_up);
    assert!(backed_up.status.success(), "{said}");
    // Nothing is uploaded: French counts zero as one, English and German as many.
    assert!(said.contains(" et 0 fichier sauvegardés dans "), "{said}");
    let retention = run(
        &db,
        &[("URBIS_LANG", "de")],
        &["retention", "run", "--days", "1"],
    );
    let said = String::from_utf8_lossy(&retention.stdout);
    assert!(retention.status.success(), "{}", stderr(&retention));
    assert!(
        said.starts_with(
            "0 Gastanmeldungen zu Veranstaltungen, die vor mehr als 1 Tag endeten, anonymisiert"
        ),
        "{said}"
    );
}
