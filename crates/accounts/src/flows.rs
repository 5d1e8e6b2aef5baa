//! The journeys of an account, each one a function that runs inside the
//! caller's transaction: sign up, confirm an address, sign in by password
//! or by emailed link, reset a password, change email, become a
//! professional, delete. Every email a journey sends is queued in the same
//! transaction (the `mail` outbox), so it goes out if and only if the change
//! commits.
//!
//! Rate limits are counted before a journey writes anything else, so the
//! caller can commit a refused journey (see [`AccountError::keeps_writes`])
//! and keep the count without keeping anything half done.
//!
//! Answers never reveal whether an address has an account: asking for a
//! link, a reset or a sign-up gives the same reply either way, and the email
//! that arrives says what is true.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use store::schema::{consents, organisers, person_roles};
use store::AnyConnection;

use crate::person::{self, NewPerson, Person, ProfessionalStatus};
use crate::roles::{self, Role};
use crate::session::{self, Keys, Session};
use crate::throttle::{self, EMAILS_ACCOUNT, EMAILS_ADDRESS, SIGN_IN_ACCOUNT, SIGN_IN_ADDRESS};
use crate::token::{self, Purpose};
use crate::{audit, AccountError};

/// Where a request came from, for rate limits.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The client's IP address as text.
    pub address: &'a str,
    pub user_agent: &'a str,
}

/// The version of the privacy notice shown on the sign-up page; recorded
/// with each account so we know what each person was told.
pub const PRIVACY_NOTICE_VERSION: &str = "2026-12-01";

fn link(site: &mail::Site, path: &str) -> String {
    format!("{}{}", site.url.trim_end_matches('/'), path)
}

fn send(
    conn: &mut AnyConnection,
    site: &mail::Site,
    to: &str,
    name: &str,
    message: mail::Message,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let email = message.render(site, mail::EmailAddress::parse(to)?, name)?;
    mail::enqueue(conn, &email, now)?;
    Ok(())
}

/// Counts a request that sends an email against both the address and the
/// account, so nobody can use Kith to flood an inbox.
fn throttle_emails(
    conn: &mut AnyConnection,
    email: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    throttle::hit(conn, &format!("emails:address:{}", origin.address), EMAILS_ADDRESS, now)?;
    throttle::hit(conn, &format!("emails:account:{email}"), EMAILS_ACCOUNT, now)
}

/// Starts an account: checks the name and address, then emails a link that
/// confirms the address and signs the person in. A password, if they want
/// one, is chosen after that, so only someone who can read the inbox can
/// set it. If the address already has an account, its owner gets an email
/// saying so (with a sign-in link) instead.
pub fn sign_up(
    conn: &mut AnyConnection,
    site: &mail::Site,
    email: &str,
    display_name: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    let name = person::check_display_name(display_name);
    let email = person::normalise_email(email);
    let (name, email) = match (name, email) {
        (Ok(n), Ok(e)) => (n, e),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    throttle_emails(conn, &email, origin, now)?;
    match person::find_by_email(conn, &email)? {
        Some(existing) if existing.is_verified() => {
            let raw = token::issue(conn, Purpose::SignIn, existing.id, &email, now)?;
            let message = mail::Message::new("You already have an account")
                .greeting(&existing.display_name)
                .paragraph("Someone, probably you, tried to create an account with this email address. You already have one.")
                .action("Sign in", &link(site, &format!("/sign-in/link/{raw}")))
                .paragraph("The link works once, for 30 minutes. If it was not you, you can ignore this email: nothing has changed.");
            send(conn, site, &email, &existing.display_name, message, now)?;
        }
        existing => {
            let person = match existing {
                Some(p) => {
                    person::set_display_name(conn, p.id, &name, now)?;
                    p
                }
                None => {
                    let p = person::insert(conn, &NewPerson::new(email.clone(), name.clone(), now))?;
                    diesel::insert_into(consents::table)
                        .values((
                            consents::person_id.eq(p.id),
                            consents::purpose.eq("account"),
                            consents::wording_version.eq(PRIVACY_NOTICE_VERSION),
                            consents::given_at.eq(now),
                        ))
                        .execute(conn)?;
                    p
                }
            };
            let raw = token::issue(conn, Purpose::VerifyEmail, person.id, &email, now)?;
            let message = mail::Message::new("Confirm your email address")
                .greeting(&name)
                .paragraph("Thanks for joining. Confirm this is your email address to finish creating your account.")
                .action("Confirm my email address", &link(site, &format!("/verify/{raw}")))
                .paragraph("The link works for 24 hours. If you did not ask for an account, ignore this email and nothing will happen.");
            send(conn, site, &email, &name, message, now)?;
        }
    }
    Ok(email)
}

/// Confirms an address from its emailed link and signs the person in.
pub fn verify_email(
    conn: &mut AnyConnection,
    keys: &Keys,
    raw: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<(Person, Session, String), AccountError> {
    let token = token::consume(conn, raw, Purpose::VerifyEmail, now)?;
    let person_id = token.person_id.ok_or(AccountError::BadToken)?;
    person::mark_verified(conn, person_id, now)?;
    let (session, jwt) = session::start(conn, keys, person_id, origin.user_agent, now)?;
    Ok((person::get(conn, person_id)?, session, jwt))
}

/// Emails a sign-in link when the address has an account. Same answer
/// either way.
pub fn request_sign_in_link(
    conn: &mut AnyConnection,
    site: &mail::Site,
    email: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    let email = person::normalise_email(email)?;
    throttle_emails(conn, &email, origin, now)?;
    if let Some(p) = person::find_by_email(conn, &email)? {
        let raw = token::issue(conn, Purpose::SignIn, p.id, &email, now)?;
        let message = mail::Message::new("Your sign-in link")
            .greeting(&p.display_name)
            .paragraph("Use this link to sign in. It works once, for 30 minutes.")
            .action("Sign in", &link(site, &format!("/sign-in/link/{raw}")))
            .paragraph("If you did not ask to sign in, ignore this email. Nobody can sign in without the link.");
        send(conn, site, &email, &p.display_name, message, now)?;
    }
    Ok(email)
}

/// Signs in from an emailed link; opening it also proves the address.
pub fn sign_in_with_link(
    conn: &mut AnyConnection,
    keys: &Keys,
    raw: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<(Person, Session, String), AccountError> {
    let token = token::consume(conn, raw, Purpose::SignIn, now)?;
    let person_id = token.person_id.ok_or(AccountError::BadToken)?;
    person::mark_verified(conn, person_id, now)?;
    let (session, jwt) = session::start(conn, keys, person_id, origin.user_agent, now)?;
    Ok((person::get(conn, person_id)?, session, jwt))
}

/// The first half of a password sign-in: refuses at once while the account
/// or the address is locked, and returns the stored hash to check (off the
/// request threads) with [`crate::password::verify`].
pub fn sign_in_begin(
    conn: &mut AnyConnection,
    email: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<(String, Option<Person>), AccountError> {
    if email.trim().is_empty() {
        return Err(AccountError::invalid("email", "Enter your email address"));
    }
    let email = person::normalise_email(email).map_err(|_| AccountError::WrongCredentials)?;
    throttle::check(conn, &format!("sign-in:address:{}", origin.address), now)?;
    throttle::check(conn, &format!("sign-in:account:{email}"), now)?;
    Ok((email.clone(), person::find_by_email(conn, &email)?))
}

/// The second half: records the outcome of the password check. A wrong
/// password counts against the account and the address; a right one clears
/// the account's count and starts a session.
pub fn sign_in_finish(
    conn: &mut AnyConnection,
    keys: &Keys,
    email: &str,
    person: Option<&Person>,
    password_matched: bool,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<(Session, String), AccountError> {
    let account_key = format!("sign-in:account:{email}");
    match person {
        Some(p) if password_matched => {
            throttle::clear(conn, &account_key)?;
            session::start(conn, keys, p.id, origin.user_agent, now)
        }
        _ => {
            throttle::hit(
                conn,
                &format!("sign-in:address:{}", origin.address),
                SIGN_IN_ADDRESS,
                now,
            )?;
            throttle::hit(conn, &account_key, SIGN_IN_ACCOUNT, now)?;
            Err(AccountError::WrongCredentials)
        }
    }
}

/// Emails a password-reset link when the address has an account.
pub fn request_password_reset(
    conn: &mut AnyConnection,
    site: &mail::Site,
    email: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    let email = person::normalise_email(email)?;
    throttle_emails(conn, &email, origin, now)?;
    if let Some(p) = person::find_by_email(conn, &email)? {
        let raw = token::issue(conn, Purpose::ResetPassword, p.id, &email, now)?;
        let message = mail::Message::new("Reset your password")
            .greeting(&p.display_name)
            .paragraph("Use this link to choose a new password. It works once, for 1 hour.")
            .action("Choose a new password", &link(site, &format!("/reset-password/{raw}")))
            .paragraph("If you did not ask for this, ignore this email: your password has not changed.");
        send(conn, site, &email, &p.display_name, message, now)?;
    }
    Ok(email)
}

/// Sets a new password from a reset link (hash made by the caller, off the
/// request threads), signs every other browser out, and starts a session.
pub fn reset_password(
    conn: &mut AnyConnection,
    site: &mail::Site,
    keys: &Keys,
    raw: &str,
    new_hash: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<(Person, Session, String), AccountError> {
    let token = token::consume(conn, raw, Purpose::ResetPassword, now)?;
    let person_id = token.person_id.ok_or(AccountError::BadToken)?;
    person::set_password_hash(conn, person_id, Some(new_hash), now)?;
    person::mark_verified(conn, person_id, now)?;
    session::revoke_all(conn, person_id, now)?;
    throttle::clear(conn, &format!("sign-in:account:{}", token.email))?;
    let p = person::get(conn, person_id)?;
    password_changed_notice(conn, site, &p, now)?;
    let (session, jwt) = session::start(conn, keys, person_id, origin.user_agent, now)?;
    Ok((p, session, jwt))
}

/// Sets or changes the password of a signed-in person; their other
/// browsers are signed out, this one stays.
pub fn change_password(
    conn: &mut AnyConnection,
    site: &mail::Site,
    person_id: i32,
    current_session: &str,
    new_hash: &str,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    person::set_password_hash(conn, person_id, Some(new_hash), now)?;
    for s in session::active(conn, person_id, now)? {
        if s.id != current_session {
            session::revoke(conn, &s.id, now)?;
        }
    }
    let p = person::get(conn, person_id)?;
    password_changed_notice(conn, site, &p, now)
}

fn password_changed_notice(
    conn: &mut AnyConnection,
    site: &mail::Site,
    p: &Person,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let message = mail::Message::new("Your password has changed")
        .greeting(&p.display_name)
        .paragraph("The password for your account has just been changed, and any other browsers you were signed in on have been signed out.")
        .paragraph("If you did not do this, reset your password now:")
        .action("Reset my password", &link(site, "/reset-password"));
    send(conn, site, &p.email, &p.display_name, message, now)
}

/// Starts moving an account to a new address: a link goes to the new
/// address (which must be proven before anything changes) and a notice to
/// the old one.
pub fn request_email_change(
    conn: &mut AnyConnection,
    site: &mail::Site,
    person_id: i32,
    new_email: &str,
    origin: Origin<'_>,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    let p = person::get(conn, person_id)?;
    let new_email = person::normalise_email(new_email)?;
    if new_email == p.email {
        return Err(AccountError::invalid("email", "That is already your email address"));
    }
    if person::find_by_email(conn, &new_email)?.is_some() {
        return Err(AccountError::invalid(
            "email",
            "Another account already uses that email address",
        ));
    }
    throttle_emails(conn, &new_email, origin, now)?;
    let raw = token::issue(conn, Purpose::ChangeEmail, p.id, &new_email, now)?;
    let message = mail::Message::new("Confirm your new email address")
        .greeting(&p.display_name)
        .paragraph("You asked to use this email address for your account. Confirm it to make the change.")
        .action(
            "Use this email address",
            &link(site, &format!("/account/email/confirm/{raw}")),
        )
        .paragraph("The link works for 24 hours. Until then your account keeps its old address.");
    send(conn, site, &new_email, &p.display_name, message, now)?;
    let notice = mail::Message::new("Your email address is being changed")
        .greeting(&p.display_name)
        .paragraph(&format!(
            "Someone signed in to your account asked to change its email address to {new_email}. Nothing changes until the new address is confirmed."
        ))
        .paragraph("If this was not you, sign in and change your password, or reset it:")
        .action("Reset my password", &link(site, "/reset-password"));
    send(conn, site, &p.email, &p.display_name, notice, now)?;
    Ok(new_email)
}

/// Moves the account to the address its link was sent to.
pub fn confirm_email_change(conn: &mut AnyConnection, raw: &str, now: NaiveDateTime) -> Result<Person, AccountError> {
    let token = token::consume(conn, raw, Purpose::ChangeEmail, now)?;
    let person_id = token.person_id.ok_or(AccountError::BadToken)?;
    person::set_email(conn, person_id, &token.email, now)?;
    person::get(conn, person_id)
}

/// Asks to be treated as a professional. People whose confirmed address is
/// at an allow-listed work domain (e.g. `nhs.net`, or any subdomain of it)
/// are confirmed at once; others wait for an admin.
pub fn request_professional(
    conn: &mut AnyConnection,
    person_id: i32,
    job_title: &str,
    work_organisation: &str,
    allowed_domains: &[String],
    now: NaiveDateTime,
) -> Result<ProfessionalStatus, AccountError> {
    let title = person::check_short_text("job_title", "job title", job_title, 100);
    let org = person::check_short_text("work_organisation", "organisation", work_organisation, 150);
    let (title, org) = match (title, org) {
        (Ok(t), Ok(o)) => (t, o),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let p = person::get(conn, person_id)?;
    let domain = p.email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
    let allowed = p.is_verified()
        && allowed_domains.iter().any(|d| {
            let d = d.trim().trim_start_matches('@').to_ascii_lowercase();
            !d.is_empty() && (domain == d || domain.ends_with(&format!(".{d}")))
        });
    let status = if allowed {
        roles::grant(conn, person_id, Role::Professional, None, now)?;
        ProfessionalStatus::Confirmed
    } else {
        ProfessionalStatus::Pending
    };
    person::set_professional(conn, person_id, &title, &org, status, now)?;
    Ok(status)
}

/// An admin's decision on a pending professional, emailed to them.
pub fn decide_professional(
    conn: &mut AnyConnection,
    site: &mail::Site,
    admin_id: i32,
    person_id: i32,
    confirm: bool,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let p = person::get(conn, person_id)?;
    let status = if confirm {
        roles::grant(conn, person_id, Role::Professional, Some(admin_id), now)?;
        ProfessionalStatus::Confirmed
    } else {
        roles::revoke(conn, person_id, Role::Professional)?;
        ProfessionalStatus::Refused
    };
    person::set_professional(conn, person_id, &p.job_title, &p.work_organisation, status, now)?;
    audit::record(
        conn,
        &audit::Entry {
            actor_id: Some(admin_id),
            action: if confirm {
                "professional.confirmed"
            } else {
                "professional.refused"
            },
            subject: &format!("person:{person_id}"),
            subject_person_id: Some(person_id),
            reason: "",
        },
        now,
    )?;
    let message = if confirm {
        mail::Message::new("You are confirmed as a professional")
            .greeting(&p.display_name)
            .paragraph("You can now refer people to the connecting team from your account and hear back what happened.")
            .action("Go to your account", &link(site, "/account"))
    } else {
        mail::Message::new("About your professional account")
            .greeting(&p.display_name)
            .paragraph("We could not confirm you as a professional from the details you gave. You can still use everything else, and you can refer someone using the public form.")
            .paragraph("If you think this is a mistake, reply to this email with your work email address.")
    };
    send(conn, site, &p.email, &p.display_name, message, now)
}

/// Grants or removes a role, recorded in the audit log. Takes effect on the
/// person's next request, because roles are read on every request.
pub fn set_role(
    conn: &mut AnyConnection,
    admin_id: i32,
    person_id: i32,
    role: Role,
    granted: bool,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    person::get(conn, person_id)?;
    if granted {
        roles::grant(conn, person_id, role, Some(admin_id), now)?;
    } else {
        if role == Role::Admin && person_id == admin_id {
            return Err(AccountError::invalid("role", "You cannot remove your own admin role"));
        }
        roles::revoke(conn, person_id, role)?;
    }
    audit::record(
        conn,
        &audit::Entry {
            actor_id: Some(admin_id),
            action: if granted { "role.granted" } else { "role.removed" },
            subject: &format!("person:{person_id}:{}", role.code()),
            subject_person_id: Some(person_id),
            reason: "",
        },
        now,
    )
}

/// Everything Kith's accounts hold about a person, for them to download.
pub fn export(conn: &mut AnyConnection, person_id: i32, now: NaiveDateTime) -> Result<serde_json::Value, AccountError> {
    let p = person::get(conn, person_id)?;
    let roles: Vec<(String, NaiveDateTime)> = person_roles::table
        .filter(person_roles::person_id.eq(person_id))
        .select((person_roles::role, person_roles::granted_at))
        .load(conn)?;
    let organiser_of: Vec<i32> = organisers::table
        .filter(organisers::person_id.eq(person_id))
        .select(organisers::listing_id)
        .load(conn)?;
    let consent_rows: Vec<(String, String, NaiveDateTime, Option<NaiveDateTime>)> = consents::table
        .filter(consents::person_id.eq(person_id))
        .select((
            consents::purpose,
            consents::wording_version,
            consents::given_at,
            consents::withdrawn_at,
        ))
        .load(conn)?;
    let sessions = session::active(conn, person_id, now)?;
    let audit = audit::about(conn, person_id, 10_000)?;
    Ok(serde_json::json!({
        "exported_at": now,
        "account": p,
        "roles": roles.iter().map(|(r, at)| serde_json::json!({"role": r, "granted_at": at})).collect::<Vec<_>>(),
        "organiser_of_listing_ids": organiser_of,
        "consents": consent_rows.iter().map(|(purpose, version, given, withdrawn)| serde_json::json!({
            "purpose": purpose, "wording_version": version, "given_at": given, "withdrawn_at": withdrawn,
        })).collect::<Vec<_>>(),
        "signed_in_sessions": sessions,
        "audit_log_about_you": audit,
    }))
}

/// Deletes an account (see [`person::anonymise`]); the person is told.
pub fn delete_account(
    conn: &mut AnyConnection,
    site: &mail::Site,
    person_id: i32,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let p = person::get(conn, person_id)?;
    let message = mail::Message::new("Your account has been deleted")
        .greeting(&p.display_name)
        .paragraph("Your account and the details it held have been deleted. Anything you posted in public stays, shown as written by a former member.")
        .paragraph("You are welcome back at any time.");
    send(conn, site, &p.email, &p.display_name, message, now)?;
    person::anonymise(conn, person_id, now)?;
    audit::record(
        conn,
        &audit::Entry {
            actor_id: Some(person_id),
            action: "account.deleted",
            subject: &format!("person:{person_id}"),
            subject_person_id: Some(person_id),
            reason: "",
        },
        now,
    )
}

/// `kith user create`: an account that is confirmed at once (the operator
/// vouches for the address), with the given roles. Without a password it
/// returns a one-time sign-in token for the operator to pass on.
pub fn create_user(
    conn: &mut AnyConnection,
    email: &str,
    display_name: Option<&str>,
    roles: &[Role],
    password_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<(Person, Option<String>), AccountError> {
    let email = person::normalise_email(email)?;
    let default_name = email.split('@').next().unwrap_or("Admin").to_owned();
    let name = person::check_display_name(display_name.unwrap_or(&default_name))?;
    let p = match person::find_by_email(conn, &email)? {
        Some(p) => p,
        None => person::insert(conn, &NewPerson::new(email.clone(), name, now))?,
    };
    person::mark_verified(conn, p.id, now)?;
    for role in roles {
        roles::grant(conn, p.id, *role, None, now)?;
    }
    let link = match password_hash {
        Some(h) => {
            person::set_password_hash(conn, p.id, Some(h), now)?;
            None
        }
        None => Some(token::issue(conn, Purpose::SignIn, p.id, &email, now)?),
    };
    Ok((person::get(conn, p.id)?, link))
}
