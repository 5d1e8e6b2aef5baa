//! Who may do what: the one place where roles are checked. Handlers name an
//! [`Action`]; [`permits`] answers. The route × role test in `web` walks
//! every route with every role against a table of expected answers.

use crate::roles::{Role, Roles};

/// The person asking, as far as permissions go.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub person_id: i32,
    pub roles: Roles,
    pub verified: bool,
    /// Organisations (listing ids) this person is an organiser of.
    pub organiser_of: Vec<i32>,
}

/// Something a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See and change one's own account.
    OwnAccount,
    /// Ask to be treated as a professional.
    RequestProfessional,
    /// List and read people's accounts, grant and remove roles.
    ManagePeople,
    /// Confirm or refuse professionals.
    ConfirmProfessionals,
    /// The editors' queue: review, approve, reject, unpublish.
    ReviewListings,
    /// Create a new organisation or claim an existing one.
    ListOrganisation,
    /// Edit an organisation's listings.
    Organise { organisation_id: i32 },
}

/// Whether `actor` (None: not signed in) may do `action`.
pub fn permits(actor: Option<&Actor>, action: Action) -> bool {
    let Some(a) = actor else {
        return false;
    };
    let admin = a.roles.has(Role::Admin);
    match action {
        Action::OwnAccount | Action::RequestProfessional => true,
        Action::ManagePeople | Action::ConfirmProfessionals => admin,
        Action::ReviewListings => admin || a.roles.has(Role::Editor),
        Action::ListOrganisation => a.verified,
        Action::Organise { organisation_id } => {
            admin || a.roles.has(Role::Editor) || a.organiser_of.contains(&organisation_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_signed_out_may_do_anything() {
        for action in [
            Action::OwnAccount,
            Action::ManagePeople,
            Action::ReviewListings,
            Action::ListOrganisation,
            Action::Organise { organisation_id: 1 },
        ] {
            assert!(!permits(None, action));
        }
    }

    #[test]
    fn organisers_run_only_their_own_organisations() {
        let a = Actor {
            person_id: 1,
            verified: true,
            organiser_of: vec![7],
            ..Actor::default()
        };
        assert!(permits(Some(&a), Action::Organise { organisation_id: 7 }));
        assert!(!permits(Some(&a), Action::Organise { organisation_id: 8 }));
        assert!(!permits(Some(&a), Action::ReviewListings));
        let editor = Actor {
            roles: Roles::of(&[Role::Editor]),
            ..Actor::default()
        };
        assert!(permits(Some(&editor), Action::Organise { organisation_id: 8 }));
        assert!(permits(Some(&editor), Action::ReviewListings));
        assert!(!permits(Some(&editor), Action::ManagePeople));
        assert!(!permits(Some(&editor), Action::ListOrganisation), "unverified");
    }
}
