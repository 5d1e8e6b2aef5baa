//! Referral emails through a real SMTP server on loopback (Debian's
//! aiosmtpd), on both databases: a self-referral sent while the server is
//! down is kept and confirmed, and its acknowledgement arrives once the
//! server is up; a professional referral taken through first call,
//! assessment and allocation sends the referrer each update they asked for.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::time::Duration;

use accounts::{person, roles, Actor, Role, Roles};
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use referral::{Allocation, CallOutcome, Complexity, FirstCall, ProfessionalReferralForm, Staff};
use store::diesel::prelude::*;
use store::schema::{outbox, referral_events, referral_people, referrals};
use store::{db_test, AnyConnection};

#[macro_use]
mod common;

// The mail crate's own helpers for its SMTP tests: the aiosmtpd sink, a
// free port, retry times short enough for a test, and polling.
#[path = "../../mail/tests/common/mod.rs"]
mod mail_common;

use mail_common::{fast_options, free_port, unfold, wait_for, SmtpSink};

const SELF: &str = "/get-help/refer-yourself";

fn all_mail(conn: &mut AnyConnection) -> Vec<mail::OutboxMessage> {
    outbox::table
        .order(outbox::id)
        .select(mail::OutboxMessage::as_select())
        .load(conn)
        .unwrap()
}

fn smtp(port: u16) -> mail::Transport {
    mail::Transport::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap()
}

db_test!(fn a_self_referral_sent_while_smtp_is_down_is_kept_and_its_acknowledgement_arrives_later(db) {
    // Nothing listens on this port yet.
    let port = free_port();
    let worker = mail::Worker::start(db.pool().clone(), smtp(port), fast_options()).unwrap();
    let running = common::start_with_mail(db, Some(worker.notifier()));
    let state = running.state.clone();
    let reference = actix_web::rt::System::new().block_on(async move {
        let app = init_service(web::app!(state)).await;
        let resp = call_service(&app, TestRequest::get().uri(SELF).to_request()).await;
        let body = String::from_utf8(read_body(resp).await.to_vec()).unwrap();
        let csrf = common::csrf_in(&body);
        let marker = r#"name="form_token" value=""#;
        let at = body.find(marker).unwrap() + marker.len();
        let token = body[at..at + 32].to_owned();
        // The last page's Send, with every answer the pages before carried.
        let fields = [
            ("csrf", csrf.as_str()), ("step", "check"), ("form_token", &token), ("go", "send"),
            ("name", "Ann Lee"), ("phone", "020 7946 0000"), ("email", "ann@example.org"),
            ("contact_methods", "phone"), ("contact_methods", "email"), ("postcode", "SE11 5QY"),
            ("barriers", "Anxious on buses"), ("consent", "yes"), ("website", ""),
        ];
        let req = TestRequest::post().uri(SELF).cookie(Cookie::new("kith_csrf", csrf.clone())).set_form(fields).to_request();
        let resp = call_service(&app, req).await;
        assert_eq!(resp.status(), StatusCode::OK, "email trouble never blocks a referral");
        let body = String::from_utf8(read_body(resp).await.to_vec()).unwrap();
        assert!(body.contains("Request sent"), "{body}");
        let at = body.find("KC-").unwrap();
        body[at..at + 8].to_owned()
    });

    // Committed before the confirmation showed.
    let mut conn = db.conn();
    let id: i32 = referrals::table.filter(referrals::reference.eq(&reference)).select(referrals::id).first(&mut *conn).unwrap();
    let name: String = referral_people::table.find(id).select(referral_people::name).first(&mut *conn).unwrap();
    assert_eq!(name, "Ann Lee");

    // The worker tries, fails, and keeps the acknowledgement for later.
    assert!(
        wait_for(Duration::from_secs(10), || {
            let rows = all_mail(&mut conn);
            rows.len() == 1 && rows[0].attempts >= 1 && rows[0].last_error.is_some()
        }),
        "no failed attempt recorded: {:?}",
        all_mail(&mut conn)
    );
    let rows = all_mail(&mut conn);
    let row = &rows[0];
    assert_eq!(row.status(), mail::Status::Pending, "{row:?}");
    assert_eq!(row.to_address, "ann@example.org");

    // The server comes up: the next retry delivers it.
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(port, &dir.path().join("maildir"));
    assert!(
        wait_for(Duration::from_secs(15), || all_mail(&mut conn)[0].status() == mail::Status::Sent),
        "not sent after the server came up: {:?}",
        all_mail(&mut conn)
    );
    worker.stop();
    let received = sink.messages();
    assert_eq!(received.len(), 1, "sent once");
    let raw = unfold(&received[0]);
    assert!(raw.contains("X-RcptTo: ann@example.org"), "{raw}");
    assert!(raw.contains(&format!("We have your referral {reference}")), "{raw}");
    assert!(raw.contains("Hello Ann Lee,"), "{raw}");
    assert!(!raw.contains("Anxious on buses") && !raw.contains("SE11"), "no health or address details by email: {raw}");
    let sent: i64 = referral_events::table
        .filter(referral_events::referral_id.eq(id))
        .filter(referral_events::kind.eq("email_sent"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(sent, 1, "on the timeline");
});

fn staff(conn: &mut AnyConnection, email: &str, role: Role, now: chrono::NaiveDateTime) -> Actor {
    let p = person::insert(conn, &person::NewPerson::new(email.into(), email.into(), now)).unwrap();
    roles::grant(conn, p.id, role, None, now).unwrap();
    Actor {
        person_id: p.id,
        roles: Roles::of(&[role]),
        verified: true,
        organiser_of: Vec::new(),
    }
}

/// Runs one step of the workflow in its own transaction, as the pages do,
/// trying again while the mail worker holds SQLite's write lock.
fn step<T>(conn: &mut AnyConnection, work: impl Fn(&mut AnyConnection) -> Result<T, referral::ReferralError>) -> T {
    web::state::in_transaction(conn, 20, Duration::from_millis(50), &work).unwrap()
}

db_test!(fn a_professional_referral_to_allocation_sends_the_referrer_each_update(db) {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(free_port(), &dir.path().join("maildir"));
    let worker = mail::Worker::start(db.pool().clone(), smtp(sink.port), fast_options()).unwrap();
    let site = mail::Site { name: "Kith".into(), url: "https://kith.test/".into() };
    let origin = accounts::flows::Origin { address: "192.0.2.8", user_agent: "test" };
    let now = chrono::Utc::now().naive_utc();
    let mut conn = db.conn();
    let manager = staff(&mut conn, "manager@kith.test", Role::TeamManager, now);
    let coach = staff(&mut conn, "coach@kith.test", Role::Coach, now);
    let m = Staff::new(&manager);

    let form = ProfessionalReferralForm {
        person: referral::PersonForm {
            name: "Bo Diaz".into(),
            phone: "020 7946 0002".into(),
            contact_methods: vec!["phone".into()],
            barriers: "Anxious in crowds".into(),
            ..Default::default()
        },
        referrer_name: "Oti Okafor".into(),
        referrer_role: "Occupational therapist".into(),
        referrer_organisation: "Lambeth NHS".into(),
        referrer_email: "oti@lambeth.nhs.net".into(),
        reason: "Lonely since moving".into(),
        person_agreed: "yes".into(),
        wants_updates: "yes".into(),
        person_agreed_to_updates: "yes".into(),
        form_token: referral::new_form_token().unwrap(),
        ..Default::default()
    };
    let receipt = step(&mut conn, |c| referral::submit_professional(c, &site, &form, None, origin, now));
    let (id, reference) = (receipt.referral_id.unwrap(), receipt.reference);
    worker.notify();
    let reached = FirstCall { outcome: CallOutcome::Reached, suitable: Some(true), reason: "", note: "Bo is keen" };
    step(&mut conn, |c| referral::record_first_call(c, &site, &m, id, &reached, now));
    worker.notify();
    step(&mut conn, |c| referral::book_assessment(c, &m, id, now + chrono::Duration::days(3), "", now));
    step(&mut conn, |c| referral::record_assessment(c, &m, id, Complexity::Low, "", now));
    let allocation = Allocation { worker_id: coach.person_id, service_id: None, note: "" };
    step(&mut conn, |c| referral::allocate(c, &site, &m, id, &allocation, now));
    worker.notify();

    // Three emails to the referrer, all delivered.
    assert!(
        wait_for(Duration::from_secs(15), || {
            let rows = all_mail(&mut conn);
            rows.len() == 3 && rows.iter().all(|r| r.status() == mail::Status::Sent)
        }),
        "not all sent: {:?}",
        all_mail(&mut conn)
    );
    assert!(wait_for(Duration::from_secs(5), || sink.messages().len() == 3), "{} received", sink.messages().len());
    worker.stop();
    let received: Vec<String> = sink.messages().iter().map(|m| unfold(m)).collect();
    let subjects = [
        format!("We have received your referral {reference}"),
        format!("We have spoken to the person you referred ({reference})"),
        format!("The person you referred has a named worker ({reference})"),
    ];
    for subject in &subjects {
        let found: Vec<&String> = received.iter().filter(|raw| raw.contains(subject.as_str())).collect();
        assert_eq!(found.len(), 1, "{subject}: {received:?}");
        assert!(found[0].contains("X-RcptTo: oti@lambeth.nhs.net"), "{}", found[0]);
        assert!(found[0].contains("Hello Oti Okafor,"), "{}", found[0]);
    }
    for raw in &received {
        for private in ["Bo Diaz", "Anxious in crowds", "Lonely since moving", "keen"] {
            assert!(!raw.contains(private), "{private} in an email: {raw}");
        }
    }
    // Each one is on the timeline.
    let notes: Vec<String> = referral_events::table
        .filter(referral_events::referral_id.eq(id))
        .filter(referral_events::kind.eq("email_sent"))
        .order(referral_events::id)
        .select(referral_events::note)
        .load(&mut *conn)
        .unwrap();
    assert_eq!(
        notes,
        [
            "Acknowledgement to the referrer",
            "Update to the referrer: first contact made",
            "Update to the referrer: allocated",
        ]
    );
});
