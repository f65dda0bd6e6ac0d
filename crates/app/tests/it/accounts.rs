//! Accounts end to end on a real store: login, throttling, sessions, second factor, links.

use jiff::{SignedDuration, Timestamp};
use urbis_app::AppError;
use urbis_app::accounts::login::{self, SecondFactor, Stage};
use urbis_app::accounts::second_factor::{self, code_at, new_recovery_codes, new_secret};
use urbis_app::accounts::users;
use urbis_domain::Lang;
use urbis_domain::accounts::{ForumRole, UserStatus};
use urbis_store::{Store, TokenPurpose};
use urbis_testkit::TestDb;

use crate::common::{PASSWORD, forum};

urbis_testkit::on_both_databases!(
    login_answers_alike_for_every_failure,
    failed_logins_are_throttled_per_account_without_revealing_it,
    sessions_end_on_logout_and_on_a_new_password,
    kept_sessions_end_with_the_write_that_ends_them,
    the_office_must_give_a_second_factor_once_per_code,
    invitation_and_reset_links_work_once,
    reset_requests_are_throttled_alike_for_every_address,
);

async fn active_user(store: &Store, email: &str) -> urbis_domain::accounts::User {
    let mut user = users::add_user(
        &urbis_app::App::new(store.clone()),
        email,
        "Anna Rau",
        Lang::De,
    )
    .await
    .unwrap();
    users::set_password(&urbis_app::App::new(store.clone()), &mut user, PASSWORD)
        .await
        .unwrap();
    assert_eq!(user.status, UserStatus::Active);
    user
}

fn now() -> Timestamp {
    Timestamp::now()
}

async fn login_answers_alike_for_every_failure(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    active_user(&store, "anna@example.org").await;
    let ok = login::login(
        &urbis_app::App::new(store.clone()),
        "Anna@Example.org ",
        PASSWORD,
        Some("10.0.0.1"),
        None,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(ok.second_factor, SecondFactor::NotNeeded);
    let invited = users::add_user(
        &urbis_app::App::new(store.clone()),
        "invited@example.org",
        "I",
        Lang::En,
    )
    .await
    .unwrap();
    let mut disabled = active_user(&store, "gone@example.org").await;
    disabled.status = UserStatus::Disabled;
    store.update_user(&mut disabled).await.unwrap();
    for (email, password) in [
        ("anna@example.org", "wrong password here"),
        ("nobody@example.org", PASSWORD),
        (invited.email.as_str(), PASSWORD),
        ("gone@example.org", PASSWORD),
    ] {
        let error = login::login(
            &urbis_app::App::new(store.clone()),
            email,
            password,
            None,
            None,
            now(),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, AppError::WrongCredentials),
            "{email}: {error:?}"
        );
        assert_eq!(
            error.to_string(),
            "the email address or the password is wrong"
        );
    }
}

async fn failed_logins_are_throttled_per_account_without_revealing_it(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    active_user(&store, "anna@example.org").await;
    let at = now();
    for email in ["anna@example.org", "nobody@example.org"] {
        for _ in 0..5 {
            let error = login::login(
                &urbis_app::App::new(store.clone()),
                email,
                "wrong password!!",
                None,
                None,
                at,
            )
            .await
            .unwrap_err();
            assert!(matches!(error, AppError::WrongCredentials));
        }
        let error = login::login(
            &urbis_app::App::new(store.clone()),
            email,
            PASSWORD,
            None,
            None,
            at,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(error, AppError::Throttled { seconds: 1 }),
            "{email}: {error:?}"
        );
    }
    let later = at.checked_add(SignedDuration::from_secs(2)).unwrap();
    login::login(
        &urbis_app::App::new(store.clone()),
        "anna@example.org",
        PASSWORD,
        None,
        None,
        later,
    )
    .await
    .expect("after the wait the right password works");
    // A success clears the account's failures.
    let error = login::login(
        &urbis_app::App::new(store.clone()),
        "anna@example.org",
        "wrong password!!",
        None,
        None,
        later,
    )
    .await
    .unwrap_err();
    assert!(matches!(error, AppError::WrongCredentials));
}

/// One process keeps live sessions between writes (every page would look its session up
/// otherwise): a logout or a disabled account through it ends a kept session at once, a write
/// of another process (node) within a second, and an expired session is never served.
async fn kept_sessions_end_with_the_write_that_ends_them(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let mut user = active_user(&store, "anna@example.org").await;
    let app = urbis_app::App::new(store.clone());
    let session = || async {
        login::login(&app, "anna@example.org", PASSWORD, None, None, now())
            .await
            .unwrap()
            .token
    };
    let live = |token: String, at: Timestamp| {
        let app = app.clone();
        async move { login::session_user(&app, &token, at).await.unwrap() }
    };

    // A logout through this process: gone at once, however recently it was kept.
    let first = session().await;
    assert!(live(first.clone(), now()).await.is_some(), "live and kept");
    login::logout(&app, &first).await.unwrap();
    assert!(live(first, now()).await.is_none(), "ended at once");

    // Kept, but never past its expiry.
    let second = session().await;
    assert!(live(second.clone(), now()).await.is_some());
    let expired = now().checked_add(SignedDuration::from_hours(13)).unwrap();
    assert!(live(second.clone(), expired).await.is_none(), "expired");

    // A disabled account through this process: its kept session ends at once.
    user.status = UserStatus::Disabled;
    store.update_user(&mut user).await.unwrap();
    assert!(live(second, now()).await.is_none(), "disabled");
    user.status = UserStatus::Active;
    store.update_user(&mut user).await.unwrap();

    // Another node's logout: this one's kept copy serves a second at most.
    let third = session().await;
    assert!(live(third.clone(), now()).await.is_some());
    let other_node = urbis_app::App::new(Store::open(db.url()).await.unwrap());
    login::logout(&other_node, &third).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert!(live(third, now()).await.is_none(), "ended within a second");
}

async fn sessions_end_on_logout_and_on_a_new_password(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let mut user = active_user(&store, "anna@example.org").await;
    let first = login::login(
        &urbis_app::App::new(store.clone()),
        "anna@example.org",
        PASSWORD,
        None,
        None,
        now(),
    )
    .await
    .unwrap();
    let second = login::login(
        &urbis_app::App::new(store.clone()),
        "anna@example.org",
        PASSWORD,
        None,
        None,
        now(),
    )
    .await
    .unwrap();
    let (found, done) =
        login::session_user(&urbis_app::App::new(store.clone()), &first.token, now())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(found.id, user.id);
    assert_eq!(done, Stage::Complete);
    assert!(
        login::session_user(&urbis_app::App::new(store.clone()), "forged token", now())
            .await
            .unwrap()
            .is_none()
    );
    let expired = now().checked_add(SignedDuration::from_hours(13)).unwrap();
    assert!(
        login::session_user(&urbis_app::App::new(store.clone()), &first.token, expired)
            .await
            .unwrap()
            .is_none()
    );
    login::logout(&urbis_app::App::new(store.clone()), &first.token)
        .await
        .unwrap();
    assert!(
        login::session_user(&urbis_app::App::new(store.clone()), &first.token, now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        login::session_user(&urbis_app::App::new(store.clone()), &second.token, now())
            .await
            .unwrap()
            .is_some()
    );
    users::set_password(
        &urbis_app::App::new(store.clone()),
        &mut user,
        "another long password",
    )
    .await
    .unwrap();
    assert!(
        login::session_user(&urbis_app::App::new(store.clone()), &second.token, now())
            .await
            .unwrap()
            .is_none(),
        "a new password ends every session"
    );
    let error = users::set_password(&urbis_app::App::new(store.clone()), &mut user, "short")
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("at least 12 characters"),
        "{error}"
    );
}

async fn the_office_must_give_a_second_factor_once_per_code(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let forum = forum(&store).await;
    let mut user = active_user(&store, "office@example.org").await;
    users::set_role(
        &urbis_app::App::new(store.clone()),
        &mut user,
        &forum,
        Some(ForumRole::Staff),
        None,
    )
    .await
    .unwrap();
    let first = login::login(
        &urbis_app::App::new(store.clone()),
        "office@example.org",
        PASSWORD,
        None,
        None,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(first.second_factor, SecondFactor::SetupRequired);
    assert_eq!(
        login::session_user(&urbis_app::App::new(store.clone()), &first.token, now())
            .await
            .unwrap()
            .unwrap()
            .1,
        Stage::SetupOwed
    );

    let secret = new_secret();
    store
        .set_totp_secret(&user.id, Some(&secret))
        .await
        .unwrap();
    let (codes, hashes) = new_recovery_codes().unwrap();
    store.set_recovery_codes(&user.id, &hashes).await.unwrap();
    let session = login::login(
        &urbis_app::App::new(store.clone()),
        "office@example.org",
        PASSWORD,
        None,
        None,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(session.second_factor, SecondFactor::Required);
    assert_eq!(
        login::session_user(&urbis_app::App::new(store.clone()), &session.token, now())
            .await
            .unwrap()
            .unwrap()
            .1,
        Stage::CodeOwed
    );
    // The password alone never replaces the second factor: a session owing its code
    // cannot set up a new one, even with a right code of the new key.
    let intruder = new_secret();
    let intruder_at = now();
    let intruder_code = code_at(
        &intruder,
        &user.email,
        u64::try_from(intruder_at.as_second()).unwrap(),
    )
    .unwrap();
    let replaced = second_factor::set_up(
        &urbis_app::App::new(store.clone()),
        &session.token,
        &intruder,
        &intruder_code,
        intruder_at,
    )
    .await;
    assert!(matches!(replaced, Err(AppError::Forbidden)), "{replaced:?}");
    assert_eq!(
        store
            .secrets(&user.id)
            .await
            .unwrap()
            .totp_secret
            .as_deref(),
        Some(secret.as_str())
    );
    let at = now();
    let code = code_at(&secret, &user.email, u64::try_from(at.as_second()).unwrap()).unwrap();
    let wrong = login::give_second_factor(
        &urbis_app::App::new(store.clone()),
        &session.token,
        &user,
        "123456",
        None,
        at,
    )
    .await;
    assert!(matches!(wrong, Err(AppError::WrongCode)) || code == "123456");
    login::give_second_factor(
        &urbis_app::App::new(store.clone()),
        &session.token,
        &user,
        &code,
        None,
        at,
    )
    .await
    .unwrap();
    assert_eq!(
        login::session_user(&urbis_app::App::new(store.clone()), &session.token, at)
            .await
            .unwrap()
            .unwrap()
            .1,
        Stage::Complete
    );
    let replay = login::login(
        &urbis_app::App::new(store.clone()),
        "office@example.org",
        PASSWORD,
        None,
        None,
        at,
    )
    .await
    .unwrap();
    let again = login::give_second_factor(
        &urbis_app::App::new(store.clone()),
        &replay.token,
        &user,
        &code,
        None,
        at,
    )
    .await;
    assert!(
        matches!(again, Err(AppError::WrongCode)),
        "a code works only once: {again:?}"
    );
    login::give_second_factor(
        &urbis_app::App::new(store.clone()),
        &replay.token,
        &user,
        &codes[2],
        None,
        at,
    )
    .await
    .expect("a recovery code works");
    let third = login::login(
        &urbis_app::App::new(store.clone()),
        "office@example.org",
        PASSWORD,
        None,
        None,
        at,
    )
    .await
    .unwrap();
    let reused = login::give_second_factor(
        &urbis_app::App::new(store.clone()),
        &third.token,
        &user,
        &codes[2],
        None,
        at,
    )
    .await;
    assert!(
        matches!(reused, Err(AppError::WrongCode)),
        "a recovery code works only once"
    );
}

async fn invitation_and_reset_links_work_once(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    let invited = users::add_user(
        &urbis_app::App::new(store.clone()),
        "new@example.org",
        "New",
        Lang::En,
    )
    .await
    .unwrap();
    let at = now();
    let token = users::invite(&urbis_app::App::new(store.clone()), &invited, at)
        .await
        .unwrap();
    let short = users::redeem(
        &urbis_app::App::new(store.clone()),
        TokenPurpose::Invitation,
        &token,
        "short",
        at,
    )
    .await;
    assert!(matches!(short, Err(AppError::Invalid(_))));
    let user = users::redeem(
        &urbis_app::App::new(store.clone()),
        TokenPurpose::Invitation,
        &token,
        PASSWORD,
        at,
    )
    .await
    .expect("a too-short password does not use the link up");
    assert_eq!(user.status, UserStatus::Active);
    let twice = users::redeem(
        &urbis_app::App::new(store.clone()),
        TokenPurpose::Invitation,
        &token,
        PASSWORD,
        at,
    )
    .await;
    assert!(matches!(twice, Err(AppError::InvalidToken)));
    let reset = users::redeem(
        &urbis_app::App::new(store.clone()),
        TokenPurpose::PasswordReset,
        &token,
        PASSWORD,
        at,
    )
    .await;
    assert!(
        matches!(reset, Err(AppError::InvalidToken)),
        "a token works only for its purpose"
    );

    assert!(
        users::request_reset(
            &urbis_app::App::new(store.clone()),
            "unknown@example.org",
            None,
            at
        )
        .await
        .unwrap()
        .is_none()
    );
    let (_, reset) = users::request_reset(
        &urbis_app::App::new(store.clone()),
        "NEW@example.org",
        None,
        at,
    )
    .await
    .unwrap()
    .unwrap();
    let late = at.checked_add(SignedDuration::from_mins(61)).unwrap();
    assert!(matches!(
        users::redeem(
            &urbis_app::App::new(store.clone()),
            TokenPurpose::PasswordReset,
            &reset,
            "a new long password",
            late
        )
        .await,
        Err(AppError::InvalidToken)
    ));
    let (_, reset) = users::request_reset(
        &urbis_app::App::new(store.clone()),
        "new@example.org",
        None,
        at,
    )
    .await
    .unwrap()
    .unwrap();
    users::redeem(
        &urbis_app::App::new(store.clone()),
        TokenPurpose::PasswordReset,
        &reset,
        "a new long password",
        at,
    )
    .await
    .unwrap();
    assert!(
        login::login(
            &urbis_app::App::new(store.clone()),
            "new@example.org",
            PASSWORD,
            None,
            None,
            at
        )
        .await
        .is_err()
    );
    login::login(
        &urbis_app::App::new(store.clone()),
        "new@example.org",
        "a new long password",
        None,
        None,
        at,
    )
    .await
    .unwrap();
}

async fn reset_requests_are_throttled_alike_for_every_address(db: TestDb) {
    let store = Store::open(db.url()).await.unwrap();
    active_user(&store, "anna@example.org").await;
    let at = now();
    for email in ["anna@example.org", "nobody@example.org"] {
        for _ in 0..3 {
            users::request_reset(&urbis_app::App::new(store.clone()), email, None, at)
                .await
                .expect("the first requests pass");
        }
        let error = users::request_reset(&urbis_app::App::new(store.clone()), email, None, at)
            .await
            .unwrap_err();
        assert!(
            matches!(error, AppError::Throttled { seconds: 1 }),
            "{email}: {error:?}"
        );
    }
    for i in 0..21 {
        let email = format!("someone{i}@example.org");
        let result = users::request_reset(
            &urbis_app::App::new(store.clone()),
            &email,
            Some("10.0.0.9"),
            at,
        )
        .await;
        assert_eq!(
            result.is_err(),
            i >= 20,
            "one address cannot ask for links for everyone: {i}"
        );
        if result.is_err() {
            break;
        }
    }
}
