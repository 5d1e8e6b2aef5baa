# Sourced by the benchmark scripts. The first start on listings unchecked
# for six months emails their organisers "is this still correct?": a sweep
# and a mail queue that share the server's cores. Listings generated since
# 2026-12-04 are all confirmed within 150 days, so this normally finds
# nothing to wait for; folders generated earlier (about half their listings
# stale) would send tens of thousands. Benchmarks measure once both are
# done, as on a site that has been running a while.

# wait_for_start_up_mail DATABASE_URL (sqlite://PATH or postgres://…):
# returns once no reminder has been written for 3 s and nothing is left to
# send; fails after 45 minutes.
wait_for_start_up_mail() {
  local database="$1" before="" now left started=$SECONDS
  start_up_sql() {
    if [[ "$database" == sqlite://* ]]; then
      sqlite3 "${database#sqlite://}" "$1" 2>/dev/null || echo busy
    else
      psql "$database" -Atc "$1" 2>/dev/null || echo busy
    fi
  }
  for _ in $(seq 1 900); do
    now="$(start_up_sql "SELECT count(*) FROM freshness_reminders")"
    left="$(start_up_sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")"
    if [[ "$now" != busy && "$now" == "$before" && "$left" == 0 ]]; then
      echo "start-up reminders: $now listings reminded, all sent, after $((SECONDS - started)) s (checked every 3 s)"
      return 0
    fi
    before="$now"
    sleep 3
  done
  echo "start-up mail still going after 45 minutes" >&2
  return 1
}
