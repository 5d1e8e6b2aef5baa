//! Demo accounts for `kith serve --demo`, so a newcomer can try every role's
//! pages at once. They share one published password, printed at start; they
//! are made only in demo mode, never on a real site.

use accounts::Role;
use chrono::NaiveDateTime;
use store::diesel::prelude::*;
use store::schema::listings;
use store::AnyConnection;

/// The password of every demo account.
pub const PASSWORD: &str = "kith demo password";

/// (email, role, what it is for).
const ACCOUNTS: &[(&str, Option<Role>, &str)] = &[
    ("admin@demo.kith.test", Some(Role::Admin), "people and roles"),
    ("editor@demo.kith.test", Some(Role::Editor), "the editors' queue"),
    ("organiser@demo.kith.test", None, "runs the first demo organisation"),
    ("member@demo.kith.test", None, "an ordinary member"),
];

/// Makes the demo accounts when they are missing and returns lines that
/// say how to sign in as each.
pub fn accounts(
    conn: &mut AnyConnection,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let organisation: Option<(i32, String)> = listings::table
        .filter(listings::kind.eq("organisation"))
        .filter(listings::status.eq("published"))
        .order(listings::id)
        .select((listings::id, listings::name))
        .first(conn)
        .optional()?;
    let mut lines = Vec::new();
    let mut editor = None;
    for (email, role, what) in ACCOUNTS {
        let roles: Vec<Role> = role.iter().copied().collect();
        let (person, _) = accounts::flows::create_user(conn, email, None, &roles, Some(password_hash), now)?;
        if *role == Some(Role::Editor) {
            editor = Some(person.id);
        }
        let mut what = (*what).to_owned();
        if email.starts_with("organiser@") {
            if let (Some((org, name)), Some(editor)) = (&organisation, editor) {
                if !directory::publishing::is_organiser(conn, person.id, *org)? {
                    directory::publishing::add_organiser(conn, editor, *org, person.id, now)?;
                }
                what = format!("runs {name}");
            }
        }
        lines.push(format!("  {email:<26} {what}"));
    }
    Ok(lines)
}
