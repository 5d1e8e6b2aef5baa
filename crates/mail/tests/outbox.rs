//! The outbox on both databases, with the memory and file transports.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{fast_options, listing_published, now, unfold, wait_for};
use diesel::{Connection, ExpressionMethods, RunQueryDsl};
use mail::{deliver_due, enqueue, get, pending, retry, Status, Transport, Worker};
use store::db_test;

db_test!(fn an_email_rolls_back_with_its_transaction(db) {
    let mut conn = db.conn();
    let email = listing_published("ann@example.org");
    let result: Result<(), mail::MailError> = conn.transaction(|conn| {
        enqueue(conn, &email, now())?;
        // The change that caused the email fails after it was queued.
        Err(mail::MailError::Incomplete("a reason to roll back"))
    });
    assert!(result.is_err());
    assert!(pending(&mut conn, 10).unwrap().is_empty(), "a rolled-back email was kept");

    let id = conn.transaction(|conn| enqueue(conn, &email, now())).unwrap();
    let queued = pending(&mut conn, 10).unwrap();
    assert_eq!(queued.len(), 1);
    let row = &queued[0];
    assert_eq!(row.id, id);
    assert_eq!(row.status(), Status::Pending);
    assert_eq!(row.to_address, "ann@example.org");
    assert_eq!(row.to_name, "Ann Lee");
    assert_eq!(row.subject, "Your listing is published - Kith");
    assert_eq!((row.attempts, row.sent_at, row.failed_at, row.last_error.as_deref()), (0, None, None, None));
});

db_test!(fn the_memory_transport_gets_both_parts_and_the_row_is_marked_sent(db) {
    let mut conn = db.conn();
    let id = enqueue(&mut conn, &listing_published("ann@example.org"), now()).unwrap();
    let (transport, inbox) = Transport::memory();
    let delivery = deliver_due(&mut conn, &transport, &fast_options()).unwrap();
    assert_eq!((delivery.claimed, delivery.sent), (1, 1));

    let sent = inbox.messages();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, vec!["ann@example.org".to_owned()]);
    let raw = unfold(&sent[0].raw);
    assert!(raw.contains("Subject: Your listing is published - Kith"), "{raw}");
    assert!(raw.contains("From: Kith <hello@kith.example.org>"), "{raw}");
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8"), "{raw}");
    assert!(raw.contains("Content-Type: text/html; charset=utf-8"), "{raw}");
    assert!(raw.contains("Coffee & Chat is now on the site."), "{raw}");
    assert!(raw.contains("Coffee &amp; Chat is now on the site."), "{raw}");
    assert!(raw.contains("https://kith.example.org/account/emails"), "{raw}");

    let row = get(&mut conn, id).unwrap().unwrap();
    assert_eq!(row.status(), Status::Sent);
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_some());
    // Sent messages are not sent again.
    assert_eq!(deliver_due(&mut conn, &transport, &fast_options()).unwrap().claimed, 0);
    assert_eq!(inbox.messages().len(), 1);
});

db_test!(fn the_file_transport_writes_eml_files(db) {
    let mut conn = db.conn();
    let dir = tempfile::tempdir().unwrap();
    let transport = Transport::from_settings(None, dir.path()).unwrap();
    enqueue(&mut conn, &listing_published("ann@example.org"), now()).unwrap();
    enqueue(&mut conn, &listing_published("bob@example.org"), now()).unwrap();
    assert_eq!(deliver_due(&mut conn, &transport, &fast_options()).unwrap().sent, 2);

    let mut files: Vec<_> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().all(|f| f.extension().is_some_and(|e| e == "eml")), "{files:?}");
    let first = unfold(&std::fs::read_to_string(&files[0]).unwrap());
    assert!(first.contains("<ann@example.org>"), "{first}");
    assert!(first.contains("text/plain") && first.contains("text/html"), "{first}");
    assert!(first.contains("Hello Ann,"), "{first}");
});

db_test!(fn failures_are_retried_with_back_off_then_given_up_and_can_be_retried(db) {
    let mut conn = db.conn();
    let id = enqueue(&mut conn, &listing_published("ann@example.org"), now()).unwrap();
    let (transport, inbox) = Transport::memory();
    let mut options = fast_options();
    options.first_retry = Duration::from_secs(60);
    options.max_retry = Duration::from_secs(60);
    options.max_attempts = 2;
    inbox.fail("421 Service not available, try later", false);

    let before = now();
    let d = deliver_due(&mut conn, &transport, &options).unwrap();
    assert_eq!((d.claimed, d.deferred), (1, 1));
    let row = get(&mut conn, id).unwrap().unwrap();
    assert_eq!(row.status(), Status::Pending);
    assert_eq!(row.attempts, 1);
    assert_eq!(row.last_error.as_deref(), Some("421 Service not available, try later"));
    assert!(row.next_attempt_at >= before + chrono::Duration::seconds(59), "{row:?}");
    // Not due yet, so not tried again.
    assert_eq!(deliver_due(&mut conn, &transport, &options).unwrap().claimed, 0);

    // Due now: the second failure is the last allowed.
    options.first_retry = Duration::ZERO;
    assert!(!retry(&mut conn, id, now()).unwrap(), "only failed messages are put back");
    diesel::update(store::schema::outbox::table)
        .set(store::schema::outbox::next_attempt_at.eq(now()))
        .execute(&mut *conn)
        .unwrap();
    let d = deliver_due(&mut conn, &transport, &options).unwrap();
    assert_eq!(d.failed, 1);
    let row = get(&mut conn, id).unwrap().unwrap();
    assert_eq!((row.status(), row.attempts), (Status::Failed, 2));
    assert!(row.failed_at.is_some());
    assert!(pending(&mut conn, 10).unwrap().is_empty());

    // Once the server is back, someone can put it back in the queue.
    inbox.succeed();
    assert!(retry(&mut conn, id, now()).unwrap());
    assert_eq!(deliver_due(&mut conn, &transport, &options).unwrap().sent, 1);
    assert_eq!(get(&mut conn, id).unwrap().unwrap().status(), Status::Sent);
    assert_eq!(inbox.messages().len(), 1);
});

db_test!(fn a_refused_recipient_fails_at_once(db) {
    let mut conn = db.conn();
    let id = enqueue(&mut conn, &listing_published("nobody@example.org"), now()).unwrap();
    let (transport, inbox) = Transport::memory();
    inbox.fail("550 No such user", true);
    assert_eq!(deliver_due(&mut conn, &transport, &fast_options()).unwrap().failed, 1);
    let row = get(&mut conn, id).unwrap().unwrap();
    assert_eq!((row.status(), row.attempts), (Status::Failed, 1));
    assert_eq!(row.last_error.as_deref(), Some("550 No such user"));
});

db_test!(fn two_workers_never_send_the_same_message(db) {
    let total = 30;
    {
        let mut conn = db.conn();
        for i in 0..total {
            enqueue(&mut conn, &listing_published(&format!("person{i}@example.org")), now()).unwrap();
        }
    }
    let (transport, inbox) = Transport::memory();
    let mut options = fast_options();
    options.batch_size = 3;
    std::thread::scope(|scope| {
        for _ in 0..3 {
            let transport = transport.clone();
            let options = options.clone();
            scope.spawn(move || {
                let mut conn = db.connect();
                while deliver_due(&mut conn, &transport, &options).unwrap().claimed > 0 {}
            });
        }
    });
    let sent = inbox.messages();
    let recipients: BTreeSet<_> = sent.iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(recipients.len(), total, "some messages were not sent");
    assert_eq!(sent.len(), total, "some messages were sent twice");
    let mut conn = db.conn();
    assert!(pending(&mut conn, 100).unwrap().is_empty());
});

db_test!(fn the_worker_sends_when_notified_and_sends_what_was_left_from_before(db) {
    let mut conn = db.conn();
    // Queued before the worker starts, as if left over from before a restart.
    let early = enqueue(&mut conn, &listing_published("ann@example.org"), now()).unwrap();
    let (transport, inbox) = Transport::memory();
    let mut options = fast_options();
    options.poll = Duration::from_secs(60); // only a notify can explain a quick send
    let worker = Worker::start(db.pool().clone(), transport, options).unwrap();
    assert!(wait_for(Duration::from_secs(5), || inbox.messages().len() == 1));

    let late = enqueue(&mut conn, &listing_published("bob@example.org"), now()).unwrap();
    worker.notify();
    assert!(wait_for(Duration::from_secs(5), || inbox.messages().len() == 2));
    worker.stop();
    for id in [early, late] {
        assert_eq!(get(&mut conn, id).unwrap().unwrap().status(), Status::Sent);
    }
});
