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
    /// Start a member-led group around an interest. Like listing an
    /// organisation, it needs a confirmed email address, so editors can
    /// reach the founder and a throwaway account cannot fill the queue.
    StartGroup,
    /// Edit an organisation's listings.
    Organise { organisation_id: i32 },
    /// The connecting team's shared queue of unallocated referrals, and
    /// one's own caseload.
    ReferralQueue,
    /// See or change one referral. `worker_id` is who it is allocated to;
    /// `open` is false once it is closed. Coaches and volunteers see the
    /// open unallocated ones (to triage them) and their own caseload, so
    /// nobody reads more health information than their work needs.
    Referral { worker_id: Option<i32>, open: bool },
    /// Run a group's membership (requests, co-organisers, how people join)
    /// or an event's places and attendee list. `organisation_id` is the
    /// organisation the group or event belongs to, whose organisers run
    /// it; `co_organiser` is whether this person was made a co-organiser of
    /// this one group, which gives no say over the organisation itself.
    RunCommunity {
        organisation_id: Option<i32>,
        co_organiser: bool,
    },
    /// Run the team: allocate, see every worker's caseload and every
    /// referral, export and erase records, read the audit trail.
    ManageReferrals,
    /// Read the impact report: figures over many people, small numbers
    /// hidden, nobody named. Commissioners may do this and nothing else of
    /// the team's.
    ViewReports,
    /// Moderate reports about one group: its posts, the group itself and
    /// its events. Hide a post, warn someone, ban them from the group or
    /// dismiss the report. The same people who run the group (see
    /// [`Action::RunCommunity`]), since they know its members best.
    Moderate {
        organisation_id: Option<i32>,
        co_organiser: bool,
    },
    /// The whole site's moderation queue and log, and the actions that
    /// reach beyond one group: suspending and banning accounts. Editors
    /// (and admins) only.
    ModerateSite,
    /// Send a direct message to another member (talking one to one). Only
    /// to someone one shares a group with, who takes messages from group
    /// members, and when neither has blocked the other: a stranger cannot
    /// reach a vulnerable member out of the blue.
    SendMessage {
        shares_group: bool,
        receiver_allows: bool,
        blocked: bool,
    },
}

/// The roles that moderate the whole site ([`Action::ModerateSite`]): also
/// who is emailed about every new report, so the two never disagree.
pub const SITE_MODERATORS: [Role; 2] = [Role::Admin, Role::Editor];

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
        Action::ListOrganisation | Action::StartGroup => a.verified,
        Action::Organise { organisation_id } => {
            admin || a.roles.has(Role::Editor) || a.organiser_of.contains(&organisation_id)
        }
        // Admins are deliberately not here: running the site is not a
        // reason to read people's referrals.
        Action::ReferralQueue => team_worker(a) || a.roles.has(Role::TeamManager),
        Action::Referral { worker_id, open } => {
            a.roles.has(Role::TeamManager)
                || (team_worker(a) && (worker_id == Some(a.person_id) || (worker_id.is_none() && open)))
        }
        Action::ManageReferrals => a.roles.has(Role::TeamManager),
        Action::ViewReports => a.roles.has(Role::TeamManager) || a.roles.has(Role::Commissioner),
        Action::RunCommunity {
            organisation_id,
            co_organiser,
        } => {
            admin
                || a.roles.has(Role::Editor)
                || co_organiser
                || organisation_id.is_some_and(|o| a.organiser_of.contains(&o))
        }
        Action::Moderate {
            organisation_id,
            co_organiser,
        } => {
            admin
                || a.roles.has(Role::Editor)
                || co_organiser
                || organisation_id.is_some_and(|o| a.organiser_of.contains(&o))
        }
        Action::ModerateSite => SITE_MODERATORS.iter().any(|r| a.roles.has(*r)),
        // Talking one to one: no role widens this, not even admin.
        Action::SendMessage {
            shares_group,
            receiver_allows,
            blocked,
        } => shares_group && receiver_allows && !blocked,
    }
}

/// A manager changing a case allocated to someone else: allowed, but the
/// audit log must say why, so the team can see when a worker's case was
/// changed over their head.
pub fn is_override(actor: &Actor, worker_id: Option<i32>) -> bool {
    actor.roles.has(Role::TeamManager) && worker_id.is_some_and(|w| w != actor.person_id)
}

/// Coaches and volunteers: the people who work one to one.
fn team_worker(a: &Actor) -> bool {
    a.roles.has(Role::Coach) || a.roles.has(Role::Volunteer)
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
            Action::StartGroup,
            Action::Organise { organisation_id: 1 },
            Action::ReferralQueue,
            Action::Referral {
                worker_id: None,
                open: true,
            },
            Action::ManageReferrals,
            Action::ViewReports,
            Action::RunCommunity {
                organisation_id: Some(1),
                co_organiser: true,
            },
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
        assert!(!permits(Some(&editor), Action::StartGroup), "unverified");
        assert!(permits(Some(&a), Action::StartGroup), "any confirmed member");
    }

    #[test]
    fn groups_are_run_by_their_organisations_organisers_and_their_own_co_organisers() {
        let organiser = Actor {
            person_id: 1,
            organiser_of: vec![7],
            ..Actor::default()
        };
        let run = |organisation_id, co_organiser| Action::RunCommunity {
            organisation_id,
            co_organiser,
        };
        assert!(permits(Some(&organiser), run(Some(7), false)));
        assert!(!permits(Some(&organiser), run(Some(8), false)));
        assert!(
            !permits(Some(&organiser), run(None, false)),
            "no organisation: editors only"
        );
        let member = Actor {
            person_id: 2,
            ..Actor::default()
        };
        assert!(
            permits(Some(&member), run(Some(8), true)),
            "a co-organiser of this group"
        );
        assert!(!permits(Some(&member), run(Some(8), false)));
        assert!(
            !permits(Some(&member), Action::Organise { organisation_id: 8 }),
            "a group's co-organiser does not run its organisation"
        );
        let editor = Actor {
            roles: Roles::of(&[Role::Editor]),
            ..Actor::default()
        };
        assert!(permits(Some(&editor), run(None, false)));
    }

    #[test]
    fn coaches_see_the_queue_and_their_own_caseload_and_managers_see_all() {
        let of = |id: i32, roles: &[Role]| Actor {
            person_id: id,
            roles: Roles::of(roles),
            verified: true,
            ..Actor::default()
        };
        let coach = of(1, &[Role::Coach]);
        let volunteer = of(2, &[Role::Volunteer]);
        let manager = of(3, &[Role::TeamManager]);
        let admin = of(4, &[Role::Admin, Role::Editor, Role::Professional]);
        let referral = |worker_id: Option<i32>, open: bool| Action::Referral { worker_id, open };
        for worker in [&coach, &volunteer] {
            assert!(permits(Some(worker), Action::ReferralQueue));
            assert!(permits(Some(worker), referral(None, true)), "the unallocated queue");
            assert!(
                permits(Some(worker), referral(Some(worker.person_id), true)),
                "own caseload"
            );
            assert!(
                permits(Some(worker), referral(Some(worker.person_id), false)),
                "own closed case"
            );
            assert!(!permits(Some(worker), referral(Some(99), true)), "someone else's case");
            assert!(!permits(Some(worker), referral(None, false)), "closed at triage");
            assert!(!permits(Some(worker), Action::ManageReferrals));
        }
        for action in [
            Action::ReferralQueue,
            referral(None, true),
            referral(Some(99), true),
            referral(None, false),
            Action::ManageReferrals,
        ] {
            assert!(permits(Some(&manager), action), "{action:?}");
            assert!(!permits(Some(&admin), action), "admins are not the team: {action:?}");
        }
    }

    #[test]
    fn reports_are_for_managers_and_commissioners_and_commissioners_see_nothing_else() {
        let of = |id: i32, roles: &[Role]| Actor {
            person_id: id,
            roles: Roles::of(roles),
            verified: true,
            ..Actor::default()
        };
        let commissioner = of(1, &[Role::Commissioner]);
        let manager = of(2, &[Role::TeamManager]);
        assert!(permits(Some(&commissioner), Action::ViewReports));
        assert!(permits(Some(&manager), Action::ViewReports));
        for nobody in [
            of(3, &[Role::Coach]),
            of(4, &[Role::Volunteer]),
            of(5, &[Role::Admin, Role::Editor, Role::Professional]),
            of(6, &[]),
        ] {
            assert!(!permits(Some(&nobody), Action::ViewReports), "{:?}", nobody.roles);
        }
        for action in [
            Action::ReferralQueue,
            Action::Referral {
                worker_id: None,
                open: true,
            },
            Action::Referral {
                worker_id: Some(1),
                open: true,
            },
            Action::Referral {
                worker_id: None,
                open: false,
            },
            Action::ManageReferrals,
            Action::ManagePeople,
            Action::ReviewListings,
        ] {
            assert!(!permits(Some(&commissioner), action), "aggregates only: {action:?}");
        }
    }

    #[test]
    fn groups_are_moderated_by_their_organisers_and_the_site_by_editors() {
        let organiser = Actor {
            person_id: 1,
            organiser_of: vec![7],
            ..Actor::default()
        };
        let member = Actor {
            person_id: 2,
            ..Actor::default()
        };
        let editor = Actor {
            person_id: 3,
            roles: Roles::of(&[Role::Editor]),
            ..Actor::default()
        };
        let moderate = |organisation_id, co_organiser| Action::Moderate {
            organisation_id,
            co_organiser,
        };
        assert!(permits(Some(&organiser), moderate(Some(7), false)));
        assert!(
            !permits(Some(&organiser), moderate(Some(8), false)),
            "another organisation's group"
        );
        assert!(!permits(Some(&organiser), moderate(None, false)));
        assert!(
            permits(Some(&member), moderate(Some(8), true)),
            "this group's co-organiser"
        );
        assert!(!permits(Some(&member), moderate(Some(8), false)));
        assert!(permits(Some(&editor), moderate(None, false)));
        assert!(permits(Some(&editor), Action::ModerateSite));
        for nobody in [&organiser, &member] {
            assert!(
                !permits(Some(nobody), Action::ModerateSite),
                "organisers do not suspend or ban"
            );
        }
        assert!(!permits(None, Action::ModerateSite));
        assert!(!permits(None, moderate(Some(7), true)));
    }
}
