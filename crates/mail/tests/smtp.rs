//! Delivery through a real SMTP server on loopback (Debian's aiosmtpd), on
//! both databases, including a server that is down when the email is queued.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use std::time::Duration;

use common::{fast_options, free_port, listing_published, now, unfold, wait_for, SmtpSink};
use mail::{enqueue, get, Status, Transport, Worker};
use store::db_test;

fn check_received(raw: &str) {
    let raw = unfold(raw);
    assert!(raw.contains("Subject: Your listing is published - Kith"), "{raw}");
    assert!(raw.contains("X-RcptTo: ann@example.org"), "{raw}");
    assert!(raw.contains("<ann@example.org>"), "{raw}");
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(raw.contains("Content-Type: text/plain"), "{raw}");
    assert!(raw.contains("Content-Type: text/html"), "{raw}");
    assert!(raw.contains("Hello Ann,"), "{raw}");
    assert!(raw.contains("Coffee &amp; Chat is now on the site."), "{raw}");
    assert!(raw.contains("Change which emails you get"), "{raw}");
}

db_test!(fn the_worker_delivers_through_smtp(db) {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(free_port(), &dir.path().join("maildir"));
    let transport = Transport::from_url(&format!("smtp://127.0.0.1:{}", sink.port)).unwrap();
    let worker = Worker::start(db.pool().clone(), transport, fast_options()).unwrap();

    let mut conn = db.conn();
    let id = enqueue(&mut conn, &listing_published("ann@example.org"), now()).unwrap();
    worker.notify();
    assert!(
        wait_for(Duration::from_secs(10), || get(&mut conn, id).unwrap().unwrap().status() == Status::Sent),
        "not sent: {:?}",
        get(&mut conn, id).unwrap()
    );
    worker.stop();
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    check_received(&received[0]);
    assert_eq!(get(&mut conn, id).unwrap().unwrap().attempts, 1);
});

db_test!(fn an_email_queued_while_the_server_is_down_arrives_when_it_is_up(db) {
    let port = free_port();
    let transport = Transport::from_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let worker = Worker::start(db.pool().clone(), transport, fast_options()).unwrap();

    let mut conn = db.conn();
    let id = enqueue(&mut conn, &listing_published("ann@example.org"), now()).unwrap();
    worker.notify();
    // Nothing listens yet: the worker fails, records why, and keeps the message.
    assert!(
        wait_for(Duration::from_secs(5), || {
            let row = get(&mut conn, id).unwrap().unwrap();
            row.attempts >= 1 && row.last_error.is_some()
        }),
        "no failed attempt recorded: {:?}",
        get(&mut conn, id).unwrap()
    );
    let row = get(&mut conn, id).unwrap().unwrap();
    assert_eq!(row.status(), Status::Pending, "{row:?}");
    assert!(row.sent_at.is_none() && row.failed_at.is_none(), "{row:?}");

    // The server comes up; the next retry delivers without any notify.
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(port, &dir.path().join("maildir"));
    assert!(
        wait_for(Duration::from_secs(10), || get(&mut conn, id).unwrap().unwrap().status() == Status::Sent),
        "not sent after the server came up: {:?}",
        get(&mut conn, id).unwrap()
    );
    worker.stop();
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    check_received(&received[0]);
    let row = get(&mut conn, id).unwrap().unwrap();
    assert!(row.attempts >= 2, "{row:?}");
    assert!(row.last_error.is_none(), "{row:?}");
});

db_test!(fn an_attachment_arrives_intact_through_smtp(db) {
    let dir = tempfile::tempdir().unwrap();
    let sink = SmtpSink::start(free_port(), &dir.path().join("maildir"));
    let transport = Transport::from_url(&format!("smtp://127.0.0.1:{}", sink.port)).unwrap();
    let worker = Worker::start(db.pool().clone(), transport, fast_options()).unwrap();

    // Long lines, CRLFs and a non-ASCII name: what an .ics has.
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Caf\u{e9} & chat\\, with a long description that goes past seventy-five o\r\n ctets\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let file = mail::Attachment::new("walk.ics", "text/calendar; charset=utf-8; method=REQUEST", calendar).unwrap();
    let email = listing_published("ann@example.org").with_attachment(file.clone());
    let mut conn = db.conn();
    let id = enqueue(&mut conn, &email, now()).unwrap();
    assert_eq!(mail::attachments(&mut conn, id).unwrap(), vec![file]);
    worker.notify();
    assert!(
        wait_for(Duration::from_secs(10), || get(&mut conn, id).unwrap().unwrap().status() == Status::Sent),
        "not sent: {:?}",
        get(&mut conn, id).unwrap()
    );
    worker.stop();
    let received = sink.messages();
    assert_eq!(received.len(), 1);
    check_received(&received[0]);
    let raw = &received[0];
    assert!(raw.contains("multipart/mixed"), "{raw}");
    assert!(raw.contains("Content-Type: text/calendar"), "{raw}");
    assert!(raw.contains("filename=\"walk.ics\""), "{raw}");
    assert_eq!(common::attachment_text(raw, "walk.ics"), calendar);
});
