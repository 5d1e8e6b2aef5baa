"""Fills a Kith SQLite database with N made-up referrals for the referral
benchmark (scripts/bench-referrals): 90% closed over the last two years,
5% on caseloads (30 of them on WORKER's, a usual caseload, the rest on
OTHER's) and 5% waiting in the queue, each with its person row, as the
referral crate would have written them. Usage:
seed-referrals.py DB N WORKER_ID OTHER_ID"""
import datetime
import random
import sqlite3
import sys

db, n, worker, other = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
on_caseload = 0
random.seed(7)
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
now = datetime.datetime.utcnow()


def ts(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.%f")


conn = sqlite3.connect(db)
conn.execute("PRAGMA foreign_keys = ON")
seen = set(r[0] for r in conn.execute("SELECT reference FROM referrals"))
rows = 0
with conn:
    for i in range(n):
        while True:
            ref = "KB-" + "".join(random.choice(ALPHABET) for _ in range(5))
            if ref not in seen:
                seen.add(ref)
                break
        created = now - datetime.timedelta(minutes=random.randint(60, 2 * 365 * 24 * 60))
        kind = "self" if i % 3 else "professional"
        share = i % 20
        status, worker_id, closed, outcome = "closed", None, ts(created + datetime.timedelta(days=90)), "completed"
        if share == 0:
            status, worker_id, closed, outcome = "active", worker if on_caseload < 30 else other, None, None
            on_caseload += 1
        elif share == 1:
            status, worker_id, closed, outcome = "new", None, None, None
            created = now - datetime.timedelta(minutes=random.randint(10, 30 * 24 * 60))
        cur = conn.execute(
            """INSERT INTO referrals (reference, idempotency_key, kind, status, consent_wording_version,
               consent_given_at, person_agreed, referrer_wants_updates, updates_consent, suitability_reason,
               worker_id, allocated_at, started_at, sessions_held, closed_at, outcome, referred_to,
               closing_summary, created_at, updated_at)
               VALUES (?, ?, ?, ?, '2026-12-01', ?, 1, 0, 0, '', ?, ?, ?, 0, ?, ?, '', '', ?, ?)""",
            (
                ref,
                f"seed-{ref}",
                kind,
                status,
                ts(created),
                worker_id,
                ts(created) if worker_id else None,
                ts(created) if worker_id else None,
                closed,
                outcome,
                ts(created),
                ts(created),
            ),
        )
        conn.execute(
            """INSERT INTO referral_people (referral_id, name, phone, email, contact_by_phone, contact_by_text,
               contact_by_email, contact_times, safe_to_leave_message, postcode, interests_other, barriers,
               access_needs) VALUES (?, ?, '020 7946 0999', '', 1, 0, 0, '', NULL, NULL, '', '', '')""",
            (cur.lastrowid, f"Seed Person {i}"),
        )
        rows += 1
print(f"seeded {rows} referrals")
