//! The publishing workflow against real databases, on both backends:
//! edits, versions, the editors' queue and trust, organisers, freshness and
//! problem reports.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use directory::fixtures::listing;
use directory::listing::{self as l, ListingEdit, Tags};
use directory::publishing::{self as p, ReportForm, Snapshot, Submitted};
use directory::{Audience, DirectoryError, Kind, Listing, Reference, Status};
use store::schema::{people, person_roles};
use store::{db_test, AnyConnection};

const LAMBETH: i32 = 22;

fn now() -> NaiveDateTime {
    use chrono::Timelike;
    chrono::Utc::now().naive_utc().with_nanosecond(0).unwrap()
}

fn site() -> mail::Site {
    mail::Site {
        name: "Kith".into(),
        url: "https://kith.example.org/".into(),
    }
}

fn person(conn: &mut AnyConnection, name: &str, role: Option<&str>) -> i32 {
    let t = now();
    let email = format!("{}@example.org", name.to_lowercase());
    diesel::insert_into(people::table)
        .values((
            people::email.eq(&email),
            people::display_name.eq(name),
            people::job_title.eq(""),
            people::work_organisation.eq(""),
            people::professional_status.eq("none"),
            people::created_at.eq(t),
            people::updated_at.eq(t),
        ))
        .execute(conn)
        .unwrap();
    let id: i32 = people::table
        .filter(people::email.eq(&email))
        .select(people::id)
        .first(conn)
        .unwrap();
    if let Some(role) = role {
        diesel::insert_into(person_roles::table)
            .values((
                person_roles::person_id.eq(id),
                person_roles::role.eq(role),
                person_roles::granted_at.eq(t),
            ))
            .execute(conn)
            .unwrap();
    }
    id
}

/// A published organisation run by `organiser`, inserted directly (as the
/// demo loader and older data are: without history).
fn organisation(conn: &mut AnyConnection, name: &str, organiser: i32, t: NaiveDateTime) -> Listing {
    let org = l::insert(conn, &listing(Kind::Organisation, name, LAMBETH, t), &Tags::default()).unwrap();
    diesel::insert_into(store::schema::organisers::table)
        .values((
            store::schema::organisers::listing_id.eq(org.id),
            store::schema::organisers::person_id.eq(organiser),
            store::schema::organisers::added_at.eq(t),
        ))
        .execute(conn)
        .unwrap();
    org
}

fn group_of(conn: &mut AnyConnection, org: &Listing, name: &str, t: NaiveDateTime) -> Listing {
    let mut g = listing(Kind::Group, name, LAMBETH, t);
    g.organisation_id = Some(org.id);
    l::insert(conn, &g, &Tags::default()).unwrap()
}

fn snapshot_of(conn: &mut AnyConnection, id: i32) -> Snapshot {
    let live = l::get(conn, id).unwrap();
    Snapshot::of_listing(conn, &live).unwrap()
}

fn outbox(conn: &mut AnyConnection) -> Vec<mail::OutboxMessage> {
    mail::pending(conn, 1000).unwrap()
}

fn not_found<T: std::fmt::Debug>(r: Result<T, DirectoryError>) -> bool {
    matches!(r, Err(DirectoryError::NotFound { .. }))
}

fn invalid_field<T: std::fmt::Debug>(r: Result<T, DirectoryError>) -> &'static str {
    match r {
        Err(DirectoryError::Invalid { field, .. }) => field,
        other => panic!("expected invalid, got {other:?}"),
    }
}

db_test!(fn update_changes_fields_and_tags_and_tells_search(db) {
    let mut conn = db.conn();
    let t = now();
    let g = l::insert(&mut conn, &listing(Kind::Group, "Oval Pottery", LAMBETH, t), &Tags::default()).unwrap();
    let before = store::changes::latest(&mut conn).unwrap();
    let mut edit = ListingEdit::from(&g);
    edit.summary = "Clay on Tuesdays.".into();
    let tags = Tags { audiences: vec![Audience::Carers], ..Tags::default() };
    let later = t + Duration::minutes(5);
    let updated = l::update(&mut conn, g.id, &edit, &tags, later).unwrap();
    assert_eq!(updated.summary, "Clay on Tuesdays.");
    assert_eq!(updated.updated_at, later);
    assert_eq!(l::load_tags(&mut conn, g.id).unwrap().audiences, vec![Audience::Carers]);
    let changes = store::changes::since(&mut conn, before, 10).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].entity_id, changes[0].action.as_str()), (g.id, "updated"));

    edit.name = " ".into();
    assert_eq!(invalid_field(l::update(&mut conn, g.id, &edit, &tags, later)), "name");
    edit.name = "Oval Pottery".into();
    edit.kind = Kind::Event;
    assert_eq!(invalid_field(l::update(&mut conn, g.id, &edit, &tags, later)), "kind");
    assert!(not_found(l::update(&mut conn, 9999, &ListingEdit::from(&g), &tags, later)));
});

db_test!(fn trusted_organisations_publish_directly_and_every_version_is_kept(db) {
    let mut conn = db.conn();
    let t = now();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let org = organisation(&mut conn, "Kennington Friends", ann, t);
    let g = group_of(&mut conn, &org, "Oval Pottery", t);
    // Only editors decide trust.
    assert!(matches!(p::set_trusted(&mut conn, ann, org.id, true, t), Err(DirectoryError::Forbidden)));
    p::set_trusted(&mut conn, editor, org.id, true, t).unwrap();
    p::set_trusted(&mut conn, editor, org.id, true, t).unwrap(); // twice is harmless

    let original_phone = g.contact_phone.clone();
    let mut s = snapshot_of(&mut conn, g.id);
    s.fields.contact_phone = "020 7946 0999".into();
    let t1 = t + Duration::hours(1);
    let changes_before = store::changes::latest(&mut conn).unwrap();
    let Submitted::Published { listing: live, version } = p::submit(&mut conn, Some(g.id), &s, ann, t1).unwrap() else {
        panic!("a trusted organiser's change is published")
    };
    assert_eq!(version, 2, "version 1 keeps the state before history began");
    assert_eq!(live.contact_phone, "020 7946 0999");
    assert_eq!(live.last_checked_at, t1, "publishing confirms the listing");
    assert!(store::changes::since(&mut conn, changes_before, 10).unwrap().iter().any(|c| c.entity_id == g.id));

    let mut s2 = s.clone();
    s2.fields.summary = "Clay on Tuesdays.".into();
    s2.tags.audiences = vec![Audience::OlderPeople];
    p::submit(&mut conn, Some(g.id), &s2, ann, t1 + Duration::hours(1)).unwrap();

    let h = p::history(&mut conn, g.id).unwrap();
    assert_eq!(h.iter().map(|v| v.number).collect::<Vec<_>>(), vec![3, 2, 1]);
    assert_eq!(h[0].changed, vec!["Summary", "Especially for"]);
    assert_eq!(h[0].author_name.as_deref(), Some("Ann"));
    assert_eq!(h[1].changed, vec!["Contact phone"]);
    assert_eq!(h[2].author_id, None);
    assert_eq!(h[2].note, "Before version history began");
    let v1 = p::version(&mut conn, g.id, 1).unwrap();
    assert_eq!(v1.snapshot.fields.contact_phone, original_phone);
    assert!(not_found(p::version(&mut conn, g.id, 9)));

    // Restoring version 1 adds version 4; nothing earlier changes.
    let Submitted::Published { listing: restored, version } = p::restore(&mut conn, g.id, 1, ann, t1 + Duration::hours(2)).unwrap() else {
        panic!("restored at once")
    };
    assert_eq!(version, 4);
    assert_eq!(restored.contact_phone, original_phone);
    assert_eq!(restored.summary, g.summary);
    assert!(l::load_tags(&mut conn, g.id).unwrap().audiences.is_empty());
    let h = p::history(&mut conn, g.id).unwrap();
    assert_eq!(h.len(), 4);
    assert_eq!(h[0].note, "Restored version 1");
    assert_eq!(p::version(&mut conn, g.id, 3).unwrap().snapshot, s2);
});

db_test!(fn untrusted_changes_wait_for_an_editor(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let site = site();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let org = organisation(&mut conn, "Kennington Friends", ann, t);
    let g = group_of(&mut conn, &org, "Oval Pottery", t);

    let mut s = snapshot_of(&mut conn, g.id);
    s.fields.summary = "Clay on Tuesdays and Thursdays.".into();
    let Submitted::Proposed { proposal, .. } = p::submit(&mut conn, Some(g.id), &s, ann, t + Duration::minutes(1)).unwrap() else {
        panic!("an untrusted change is proposed")
    };
    assert_eq!(l::get(&mut conn, g.id).unwrap().summary, g.summary, "live listing unchanged");
    assert!(p::history(&mut conn, g.id).unwrap().is_empty());
    // A second change by the same author replaces the pending one.
    s.fields.contact_phone = "020 7946 0999".into();
    let Submitted::Proposed { proposal: again, .. } = p::submit(&mut conn, Some(g.id), &s, ann, t + Duration::minutes(2)).unwrap() else {
        panic!()
    };
    assert_eq!(again, proposal);

    // Meanwhile an editor changes the name directly.
    let mut by_editor = snapshot_of(&mut conn, g.id);
    by_editor.fields.name = "Oval Pottery Club".into();
    by_editor.fields.summary = "Clay, Tuesdays.".into();
    assert!(matches!(p::submit(&mut conn, Some(g.id), &by_editor, editor, t + Duration::minutes(3)).unwrap(), Submitted::Published { .. }));

    // Editors only, and the queue shows the author's changes against the live listing now.
    assert!(matches!(p::queue(&mut conn, ann, &r, t), Err(DirectoryError::Forbidden)));
    let q = p::queue(&mut conn, editor, &r, t + Duration::minutes(4)).unwrap();
    assert_eq!(q.proposals.len(), 1);
    let item = &q.proposals[0];
    assert_eq!((item.author_name.as_str(), item.listing_name.as_str(), item.is_new), ("Ann", "Oval Pottery Club", false));
    let lines: Vec<_> = item.changes.iter().map(|c| (c.field, c.before.as_str(), c.after.as_str(), c.moved_on)).collect();
    assert_eq!(lines, vec![
        ("summary", "Clay, Tuesdays.", "Clay on Tuesdays and Thursdays.", true),
        ("contact_phone", "020 7946 0123", "020 7946 0999", false),
    ]);

    assert!(matches!(p::approve(&mut conn, &site, proposal, ann, t), Err(DirectoryError::Forbidden)));
    let approved = p::approve(&mut conn, &site, proposal, editor, t + Duration::minutes(5)).unwrap();
    assert_eq!(approved.name, "Oval Pottery Club", "the editor's newer change is kept");
    assert_eq!(approved.summary, "Clay on Tuesdays and Thursdays.");
    assert_eq!(approved.contact_phone, "020 7946 0999");
    let h = p::history(&mut conn, g.id).unwrap();
    assert_eq!(h[0].note, "Approved by an editor");
    assert_eq!(h[0].author_id, Some(ann));
    assert!(p::queue(&mut conn, editor, &r, t).unwrap().proposals.is_empty());
    assert!(not_found(p::approve(&mut conn, &site, proposal, editor, t)), "decided once");
    let mails = outbox(&mut conn);
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_address, "ann@example.org");
    assert!(mails[0].subject.starts_with("Oval Pottery Club is updated"));
    assert!(mails[0].text_body.contains("https://kith.example.org/groups/oval-pottery"));

    // Rejected: the reason goes to the author; the listing is unchanged.
    let mut s = snapshot_of(&mut conn, g.id);
    s.fields.website = "https://example.org/pottery".into();
    let Submitted::Proposed { proposal, .. } = p::submit(&mut conn, Some(g.id), &s, ann, t + Duration::minutes(6)).unwrap() else { panic!() };
    assert_eq!(invalid_field(p::reject(&mut conn, &site, proposal, editor, "  ", t)), "reason");
    p::reject(&mut conn, &site, proposal, editor, "That website does not open.", t + Duration::minutes(7)).unwrap();
    assert_eq!(l::get(&mut conn, g.id).unwrap().website, g.website);
    let mails = outbox(&mut conn);
    assert!(mails[1].text_body.contains("That website does not open."));
    assert_eq!(mails[1].to_address, "ann@example.org");

    // Unpublished: archived, and the organisers are told why.
    p::unpublish(&mut conn, &site, g.id, editor, "It has moved to Brixton.", t + Duration::minutes(8)).unwrap();
    assert_eq!(l::get(&mut conn, g.id).unwrap().status, Status::Archived);
    let mails = outbox(&mut conn);
    assert_eq!(mails.len(), 3);
    assert!(mails[2].text_body.contains("It has moved to Brixton."));
    assert_eq!(mails[2].to_address, "ann@example.org");
});

db_test!(fn a_new_listing_from_an_untrusted_organiser_is_pending_until_approved(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let org = organisation(&mut conn, "Kennington Friends", ann, t);
    let mut new = listing(Kind::Group, "Knit and Natter", LAMBETH, t);
    new.organisation_id = Some(org.id);
    let edit = ListingEdit::from(&l::insert(&mut conn, &{ let mut x = new.clone(); x.slug = "template".into(); x }, &Tags::default()).unwrap());
    let mut edit = edit;
    edit.slug = "knit-and-natter".into();
    let s = Snapshot::new(edit, Tags { interests: vec![r.interest_by_slug("walking").unwrap().id], ..Tags::default() });
    // The organisation must be named, and the web address must be free.
    let mut orphan = s.clone();
    orphan.fields.organisation_id = None;
    assert_eq!(invalid_field(p::submit(&mut conn, None, &orphan, ann, t)), "organisation_id");
    let mut taken = s.clone();
    taken.fields.slug = "template".into();
    assert_eq!(invalid_field(p::submit(&mut conn, None, &taken, ann, t)), "slug");

    let Submitted::Proposed { listing_id, proposal } = p::submit(&mut conn, None, &s, ann, t).unwrap() else { panic!() };
    assert_eq!(l::get(&mut conn, listing_id).unwrap().status, Status::Pending);
    assert!(not_found(l::find_public(&mut conn, Kind::Group, "knit-and-natter", t)));
    let q = p::queue(&mut conn, editor, &r, t).unwrap();
    let item = q.proposals.iter().find(|i| i.id == proposal).unwrap();
    assert!(item.is_new);
    assert!(item.changes.iter().any(|c| c.label == "Interests" && c.after == "Walking"));
    assert!(item.changes.iter().any(|c| c.label == "Run by" && c.after == "Kennington Friends"));

    let site = site();
    let published = p::approve(&mut conn, &site, proposal, editor, t + Duration::minutes(1)).unwrap();
    assert_eq!(published.status, Status::Published);
    assert!(l::find_public(&mut conn, Kind::Group, "knit-and-natter", t).is_ok());
    let h = p::history(&mut conn, listing_id).unwrap();
    assert_eq!(h.len(), 1, "the pending state was never public");
    assert_eq!(h[0].changed, vec!["New listing"]);
    // Its author hears that it is on the site, not that it "is updated".
    let mails = outbox(&mut conn);
    let told = mails.iter().find(|m| m.to_address == "ann@example.org").expect("the author is told");
    assert!(told.subject.starts_with("Knit and Natter is on Kith"), "{}", told.subject);
    assert!(told.text_body.contains("your new listing, Knit and Natter"), "{}", told.text_body);
});

db_test!(fn organisers_never_see_or_change_another_organisations_work(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let ann = person(&mut conn, "Ann", None);
    let bob = person(&mut conn, "Bob", None);
    let org_a = organisation(&mut conn, "Kennington Friends", ann, t);
    let org_b = organisation(&mut conn, "Brixton Makers", bob, t);
    let g = group_of(&mut conn, &org_a, "Oval Pottery", t);
    let mut s = snapshot_of(&mut conn, g.id);
    s.fields.summary = "Ann's change.".into();
    let Submitted::Proposed { proposal, .. } = p::submit(&mut conn, Some(g.id), &s, ann, t).unwrap() else { panic!() };

    assert!(p::is_organiser(&mut conn, ann, g.id).unwrap(), "organisers of the organisation organise its groups");
    assert!(!p::is_organiser(&mut conn, bob, g.id).unwrap());
    assert!(!p::is_organiser(&mut conn, bob, 9999).unwrap());
    // Bob learns nothing: every answer is "not found", as for a listing that does not exist.
    assert!(not_found(p::proposal(&mut conn, bob, proposal, &r)));
    assert!(not_found(p::proposals_for(&mut conn, bob, g.id, &r)));
    assert!(not_found(p::withdraw(&mut conn, bob, proposal, t)));
    assert!(not_found(p::submit(&mut conn, Some(g.id), &s, bob, t)));
    assert!(not_found(p::restore(&mut conn, g.id, 1, bob, t)));
    assert!(not_found(p::mark_checked(&mut conn, bob, g.id, t)));
    assert!(not_found(p::add_organiser(&mut conn, bob, org_a.id, bob, t)));
    // …nor can he move his own group under Ann's organisation or start one there.
    let bobs = group_of(&mut conn, &org_b, "Brixton Knitting", t);
    let mut moved = snapshot_of(&mut conn, bobs.id);
    moved.fields.organisation_id = Some(org_a.id);
    assert!(not_found(p::submit(&mut conn, Some(bobs.id), &moved, bob, t)));
    moved.fields.slug = "brixton-knitting-2".into();
    assert!(not_found(p::submit(&mut conn, None, &moved, bob, t)));
    // Drafts too: Ann's pending new group is hers alone.
    let mut draft = snapshot_of(&mut conn, g.id);
    draft.fields.slug = "anns-draft".into();
    let Submitted::Proposed { listing_id: draft_id, .. } = p::submit(&mut conn, None, &draft, ann, t).unwrap() else { panic!() };
    assert!(not_found(p::for_editing(&mut conn, bob, draft_id)));
    assert!(not_found(p::organisation_listings(&mut conn, bob, org_a.id)));
    assert_eq!(p::for_editing(&mut conn, ann, draft_id).unwrap().0.status, Status::Pending);
    assert_eq!(p::organisation_listings(&mut conn, ann, org_a.id).unwrap().len(), 2);
    // Ann's proposal is untouched, and she can read and withdraw it.
    let view = p::proposal(&mut conn, ann, proposal, &r).unwrap();
    assert_eq!(view.changes.len(), 1);
    assert_eq!(p::proposals_for(&mut conn, ann, g.id, &r).unwrap().len(), 1);
    p::withdraw(&mut conn, ann, proposal, t).unwrap();
    assert!(not_found(p::withdraw(&mut conn, ann, proposal, t)));
});

db_test!(fn organisations_are_created_claimed_and_shared(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let site = site();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let bob = person(&mut conn, "Bob", None);
    let cat = person(&mut conn, "Cat", None);

    // Ann creates an organisation: pending, hers, and not public until approved.
    let template = l::insert(&mut conn, &listing(Kind::Organisation, "Template Org", LAMBETH, t), &Tags::default()).unwrap();
    let mut fields = ListingEdit::from(&template);
    fields.name = "Vauxhall Walkers".into();
    fields.slug = "vauxhall-walkers".into();
    let s = Snapshot::new(fields.clone(), Tags::default());
    let mut not_org = s.clone();
    not_org.fields.kind = Kind::Group;
    assert_eq!(invalid_field(p::create_organisation(&mut conn, ann, &not_org, t)), "kind");
    let Submitted::Proposed { listing_id: org, proposal } = p::create_organisation(&mut conn, ann, &s, t).unwrap() else { panic!() };
    assert_eq!(l::get(&mut conn, org).unwrap().status, Status::Pending);
    let mine = p::organisations_of(&mut conn, ann).unwrap();
    assert_eq!(mine.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), vec!["Vauxhall Walkers"]);
    assert!(p::is_organiser(&mut conn, ann, org).unwrap());
    // A pending organisation cannot be claimed (it is not public yet).
    assert!(not_found(p::claim_organisation(&mut conn, bob, org, "I run it too", t)));
    p::approve(&mut conn, &site, proposal, editor, t).unwrap();
    assert_eq!(l::get(&mut conn, org).unwrap().status, Status::Published);

    // Bob claims it; an editor approves; Cat claims it and is refused.
    assert_eq!(invalid_field(p::claim_organisation(&mut conn, bob, org, " ", t)), "message");
    let claim = p::claim_organisation(&mut conn, bob, org, "I lead the Tuesday walks.", t).unwrap();
    assert_eq!(p::claim_organisation(&mut conn, bob, org, "I lead the Tuesday walks (and Thursdays).", t).unwrap(), claim);
    let refused = p::claim_organisation(&mut conn, cat, org, "Let me in", t + Duration::seconds(1)).unwrap();
    let q = p::queue(&mut conn, editor, &r, t).unwrap();
    assert_eq!(q.claims.iter().map(|c| c.person_name.as_str()).collect::<Vec<_>>(), vec!["Bob", "Cat"]);
    assert_eq!(q.claims[0].claim.message, "I lead the Tuesday walks (and Thursdays).");
    assert!(matches!(p::approve_claim(&mut conn, &site, bob, claim, t), Err(DirectoryError::Forbidden)));
    p::approve_claim(&mut conn, &site, editor, claim, t).unwrap();
    assert!(p::is_organiser(&mut conn, bob, org).unwrap());
    assert_eq!(invalid_field(p::refuse_claim(&mut conn, &site, editor, refused, "", t)), "reason");
    p::refuse_claim(&mut conn, &site, editor, refused, "We could not confirm you work there.", t).unwrap();
    assert!(!p::is_organiser(&mut conn, cat, org).unwrap());
    assert!(p::queue(&mut conn, editor, &r, t).unwrap().claims.is_empty());
    let mails = outbox(&mut conn);
    let to_cat = mails.iter().find(|m| m.to_address == "cat@example.org").unwrap();
    assert!(to_cat.text_body.contains("We could not confirm you work there."));
    assert!(mails.iter().any(|m| m.to_address == "bob@example.org" && m.subject.starts_with("You can now update Vauxhall Walkers")));

    // Organisers add and remove each other, but never the last one.
    p::add_organiser(&mut conn, bob, org, cat, t).unwrap();
    p::remove_organiser(&mut conn, cat, org, ann).unwrap();
    p::remove_organiser(&mut conn, cat, org, bob).unwrap();
    assert_eq!(invalid_field(p::remove_organiser(&mut conn, cat, org, cat)), "organiser");
    assert!(p::organisations_of(&mut conn, ann).unwrap().is_empty());
    assert!(not_found(p::remove_organiser(&mut conn, ann, org, cat)), "Ann no longer runs it");
});

fn token_in(text: &str) -> String {
    let start = text.find("still-correct/").unwrap() + "still-correct/".len();
    text[start..].chars().take_while(char::is_ascii_hexdigit).collect()
}

db_test!(fn stale_listings_are_chased_once_and_confirmed_by_link(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let site = site();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let seven_months_ago = t - Duration::days(213);
    let org = organisation(&mut conn, "Kennington Friends", ann, seven_months_ago);
    // Fresh, and one with no organiser (its contact address is emailed), and one a year old.
    l::insert(&mut conn, &listing(Kind::Place, "Fresh Hall", LAMBETH, t), &Tags::default()).unwrap();
    let mut lone = listing(Kind::Place, "Oval Hall", LAMBETH, seven_months_ago);
    lone.contact_email = "hall@example.org".into();
    let lone = l::insert(&mut conn, &lone, &Tags::default()).unwrap();
    let ancient = l::insert(&mut conn, &listing(Kind::Place, "Old Hall", LAMBETH, t - Duration::days(400)), &Tags::default()).unwrap();

    assert_eq!(p::send_freshness_reminders(&mut conn, &site, t, 100).unwrap(), 3);
    let mails = outbox(&mut conn);
    assert_eq!(mails.len(), 3);
    let to_ann = mails.iter().find(|m| m.to_address == "ann@example.org").unwrap();
    assert!(to_ann.subject.starts_with("Is Kennington Friends still correct?"));
    assert!(mails.iter().any(|m| m.to_address == "hall@example.org"));
    // The next day's sweep sends nothing new.
    assert_eq!(p::send_freshness_reminders(&mut conn, &site, t + Duration::days(1), 100).unwrap(), 0);
    assert_eq!(outbox(&mut conn).len(), 3);

    // Only the hash of the token is stored.
    let token = token_in(&to_ann.text_body);
    assert_eq!(token.len(), 64);
    let stored: Vec<String> = store::schema::email_tokens::table.select(store::schema::email_tokens::token_hash).load(&mut conn).unwrap();
    assert!(!stored.contains(&token));

    assert!(p::is_out_of_date(&ancient, t));
    assert!(!p::is_out_of_date(&lone, t));
    let q = p::queue(&mut conn, editor, &r, t).unwrap();
    assert_eq!(q.out_of_date.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), vec!["Old Hall"]);

    let confirmed = p::confirm_fresh(&mut conn, &token, t + Duration::days(2)).unwrap();
    assert_eq!(confirmed.id, org.id);
    assert_eq!(confirmed.last_checked_at, t + Duration::days(2));
    p::confirm_fresh(&mut conn, &token, t + Duration::days(3)).unwrap(); // twice is fine
    assert!(not_found(p::confirm_fresh(&mut conn, "0123", t)));
    assert!(not_found(p::confirm_fresh(&mut conn, "", t)));
    assert_eq!(invalid_field(p::confirm_fresh(&mut conn, &token, t + Duration::days(61))), "token");
    // Six months after that confirmation, a new reminder goes out.
    assert_eq!(p::send_freshness_reminders(&mut conn, &site, t + Duration::days(3 + 190), 100).unwrap(), 2, "Kennington Friends again, and Fresh Hall for the first time");
});

db_test!(fn anyone_can_report_a_problem_until_an_editor_resolves_it(db) {
    let mut conn = db.conn();
    let r = Reference::load(&mut conn).unwrap();
    let t = now();
    let site = site();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let org = organisation(&mut conn, "Kennington Friends", ann, t);
    let g = group_of(&mut conn, &org, "Oval Pottery", t);
    let form = |kind: &str, details: &str, email: &str| ReportForm {
        kind: kind.into(),
        details: details.into(),
        reporter_email: email.into(),
        reporter: None,
    };
    assert_eq!(invalid_field(p::report_problem(&mut conn, &site, g.id, &form("", "", ""), t)), "kind");
    assert_eq!(invalid_field(p::report_problem(&mut conn, &site, g.id, &form("something_else", " ", ""), t)), "details");
    assert_eq!(invalid_field(p::report_problem(&mut conn, &site, g.id, &form("closed", &"x".repeat(2001), ""), t)), "details");
    assert_eq!(invalid_field(p::report_problem(&mut conn, &site, g.id, &form("closed", "", "not an email"), t)), "reporter_email");
    assert!(not_found(p::report_problem(&mut conn, &site, 9999, &form("closed", "", ""), t)));

    let report = p::report_problem(&mut conn, &site, g.id, &form("closed", "The hall is shut for good.", "me@example.org"), t).unwrap();
    assert_eq!(report.reporter_email.as_deref(), Some("me@example.org"));
    p::report_problem(&mut conn, &site, g.id, &form("something_else", "Wrong phone number", ""), t + Duration::seconds(1)).unwrap();
    let mails = outbox(&mut conn);
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].to_address, "ann@example.org");
    assert!(mails[0].text_body.contains("The hall is shut for good."));

    let q = p::queue(&mut conn, editor, &r, t).unwrap();
    assert_eq!(q.reports.len(), 2);
    assert_eq!(q.reports[0].report.id, report.id);
    assert_eq!(q.reports[0].listing.name, "Oval Pottery");
    assert!(matches!(p::resolve_report(&mut conn, ann, report.id, "done", t), Err(DirectoryError::Forbidden)));
    assert_eq!(invalid_field(p::resolve_report(&mut conn, editor, report.id, "", t)), "note");
    p::resolve_report(&mut conn, editor, report.id, "Archived the listing.", t).unwrap();
    assert!(not_found(p::resolve_report(&mut conn, editor, report.id, "again", t)));
    assert_eq!(p::queue(&mut conn, editor, &r, t).unwrap().reports.len(), 1);
});

db_test!(fn a_rolled_back_change_sends_no_email(db) {
    use diesel::Connection;
    let mut conn = db.conn();
    let t = now();
    let site = site();
    let editor = person(&mut conn, "Eve", Some("editor"));
    let ann = person(&mut conn, "Ann", None);
    let org = organisation(&mut conn, "Kennington Friends", ann, t);
    let conn: &mut AnyConnection = &mut conn;
    let result: Result<(), DirectoryError> = conn.transaction(|tx| {
        p::unpublish(tx, &site, org.id, editor, "Closed.", t)?;
        // Whatever the caller does next fails, so the whole change rolls back.
        Err(DirectoryError::invalid("later", "a later step failed"))
    });
    assert!(result.is_err());
    assert_eq!(l::get(conn, org.id).unwrap().status, Status::Published);
    assert!(outbox(conn).is_empty());
});

db_test!(fn organisers_see_withdraw_and_are_capped_in_pending_invitations(db) {
    let mut conn = db.conn();
    let (t, site) = (now(), site());
    let ann = person(&mut conn, "Ann", None);
    let bob = person(&mut conn, "Bob", None);
    let editor = person(&mut conn, "Eve", Some("editor"));
    let org = organisation(&mut conn, "Stockwell Singers", ann, t).id;
    let other = organisation(&mut conn, "Brixton Bakers", bob, t).id;
    let address = |n: usize| mail::EmailAddress::parse(&format!("guest{n}@example.org")).unwrap();

    let first = p::invite_organiser(&mut conn, &site, ann, org, &address(0), t).unwrap();
    p::invite_organiser(&mut conn, &site, ann, org, &address(1), t + Duration::seconds(1)).unwrap();
    let waiting = p::pending_invitations(&mut conn, ann, org, t).unwrap();
    assert_eq!(waiting.iter().map(|i| i.email.as_str()).collect::<Vec<_>>(), vec!["guest1@example.org", "guest0@example.org"], "newest first");
    assert_eq!(waiting[1].expires_at, t + Duration::days(p::INVITATION_DAYS));
    assert_eq!(p::pending_invitations(&mut conn, editor, org, t).unwrap().len(), 2, "editors see them too");
    assert!(not_found(p::pending_invitations(&mut conn, bob, org, t)), "Bob does not run it");

    // Withdrawing: only the organisation's own, once; the link stops working.
    let id = waiting[1].id;
    assert!(not_found(p::withdraw_invitation(&mut conn, bob, org, id, t)));
    assert!(not_found(p::withdraw_invitation(&mut conn, bob, other, id, t)), "not Brixton's invitation");
    assert_eq!(p::withdraw_invitation(&mut conn, ann, org, id, t).unwrap(), "guest0@example.org");
    assert!(not_found(p::withdraw_invitation(&mut conn, ann, org, id, t)), "already withdrawn");
    assert!(not_found(p::invitation(&mut conn, &first, t)));
    assert!(not_found(p::accept_invitation(&mut conn, &first, bob, t)));
    assert_eq!(p::pending_invitations(&mut conn, ann, org, t).unwrap().len(), 1);

    // Accepted and expired invitations are not waiting, and cannot be withdrawn.
    let accepted = p::invite_organiser(&mut conn, &site, ann, org, &address(2), t).unwrap();
    p::accept_invitation(&mut conn, &accepted, bob, t).unwrap();
    assert_eq!(p::pending_invitations(&mut conn, ann, org, t).unwrap().len(), 1);
    let later = t + Duration::days(p::INVITATION_DAYS) + Duration::seconds(2);
    assert!(p::pending_invitations(&mut conn, ann, org, later).unwrap().is_empty());
    let expired = p::pending_invitations(&mut conn, ann, org, t).unwrap()[0].id;
    assert!(not_found(p::withdraw_invitation(&mut conn, ann, org, expired, later)));

    // At most MAX_PENDING_INVITATIONS wait at once, refused on the email field.
    let cap = usize::try_from(p::MAX_PENDING_INVITATIONS).unwrap();
    for n in 3..cap + 2 {
        p::invite_organiser(&mut conn, &site, ann, org, &address(n), t).unwrap();
    }
    assert_eq!(p::pending_invitations(&mut conn, ann, org, t).unwrap().len(), cap);
    let before = outbox(&mut conn).len();
    assert_eq!(invalid_field(p::invite_organiser(&mut conn, &site, ann, org, &address(99), t)), "email");
    assert_eq!(outbox(&mut conn).len(), before, "nothing sent");
    // Withdrawing one makes room again; the other organisation is not affected.
    let one = p::pending_invitations(&mut conn, ann, org, t).unwrap()[0].id;
    p::withdraw_invitation(&mut conn, ann, org, one, t).unwrap();
    p::invite_organiser(&mut conn, &site, ann, org, &address(99), t).unwrap();
    p::invite_organiser(&mut conn, &site, bob, other, &address(99), t).unwrap();
});
