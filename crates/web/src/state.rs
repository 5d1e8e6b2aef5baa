//! What every handler can reach: the pool, the reference data, and short
//! caches for figures that many pages show and that may be a minute old.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use directory::listing::WhatsOn;
use directory::{DirectoryError, Reference};
use search::SearchIndex;
use store::{AnyConnection, Pool};

use crate::error::WebError;
use crate::hasher::Hasher;
use crate::remember::{Changes, Remembered};

/// Pages of discussions, as [`AppState::threads`] keeps them.
pub type RememberedThreads = Remembered<(i32, i64), Arc<community::discussions::SharedThread>>;
/// At most this many pages of discussions are remembered at once.
const THREADS_REMEMBERED: usize = 1_000;
/// New listings by the interests and borough members chose, as
/// [`AppState::nearby`] keeps them.
pub type RememberedNearby = Remembered<(Vec<i32>, Option<i32>), Arc<Vec<community::digest::NewListing>>>;
/// What a member chose and joined, as their home page uses it: their
/// interests and borough (what is new nearby) and the organisations that
/// run their groups (new events in their groups). It changes only when
/// they change their settings or groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberChoices {
    pub interests: Vec<i32>,
    pub borough: Option<i32>,
    pub organisations: Vec<i32>,
}

/// At most this many readers' accesses and facts are remembered.
const READERS_REMEMBERED: usize = 10_000;
/// At most this many choices of interests and borough are remembered.
const NEARBY_REMEMBERED: usize = 1_000;

/// How long counts and highlights may be reused. Listing pages themselves
/// are always read fresh.
const CACHE_FOR: Duration = Duration::from_secs(30);

/// How often a write transaction is tried again when SQLite says another
/// connection wrote first (see [`store::StoreError::is_busy`]). Generous:
/// with the waits of [`in_transaction`] it allows about two seconds, which
/// a burst of 200 simultaneous referrals on two cores needed (8 tries lost
/// one in 200, and a caseload page under 16 connections lost 45 views).
pub const BUSY_RETRIES: u32 = 40;

pub struct AppState {
    pub pool: Pool,
    pub accounts: AccountsConfig,
    pub hasher: Hasher,
    /// Wakes the mail worker after a commit that queued email; `None` when
    /// no worker runs in this process (tests that read the outbox table).
    pub mail: Option<mail::Notifier>,
    pub reference: Arc<Reference>,
    /// The search index; its writer thread is owned by whoever started it.
    pub search: SearchIndex,
    /// Where searches run (see [`crate::searchers`]).
    pub searchers: crate::searchers::Searchers,
    /// The licensed SWEMWBS statements from the configuration; `None`: the
    /// organisation has not entered them, so the form is not offered.
    pub swemwbs_items: Option<Arc<[String]>>,
    /// What holds or limits what people write (see [`community::safety`]).
    pub safety: Arc<community::safety::Rules>,
    /// Sessions resolved in the last few seconds (see
    /// [`crate::auth::RememberedSessions`]).
    pub sessions: Arc<crate::auth::RememberedSessions>,
    /// Pages of discussions read in the last few seconds, as they are for
    /// everyone (see [`community::discussions::SharedThread`]), by thread
    /// and page.
    pub threads: Arc<RememberedThreads>,
    /// What is new lately in some interests and borough, for members'
    /// home pages: the same for everyone who chose the same, so shared.
    pub nearby: Arc<RememberedNearby>,
    /// New events by the organisations that run some members' groups, for
    /// their home pages, by those organisations.
    pub group_events: Arc<Remembered<Vec<i32>, Arc<Vec<community::digest::NewListing>>>>,
    /// What members' home pages need of each member besides their answers
    /// (see [`MemberChoices`]), by person.
    pub members: Arc<Remembered<i32, Arc<MemberChoices>>>,
    /// Members' next few answers ("What's next for you" on their home
    /// page), by person: they change when the member answers, or an
    /// organiser moves or cancels, both through the site.
    pub answers: Arc<Remembered<i32, Arc<Vec<community::events::MyEvent>>>>,
    /// What readers may do with a group's discussions, by person (-1 for
    /// someone signed out) and group address.
    pub accesses: Arc<Remembered<(i32, String), community::discussions::Access>>,
    /// What discussion pages need of each signed-in reader, by person (see
    /// [`community::discussions::Reader`]).
    pub readers: Arc<Remembered<i32, Arc<community::discussions::Reader>>>,
    /// Counts the changes made through this process; any change forgets
    /// everything remembered above (see [`crate::remember`]).
    pub changes: Arc<Changes>,
    counts: Arc<Cached<Counts>>,
    week: Arc<Cached<Vec<WhatsOn>>>,
}

/// What account pages need: the key that signs sessions, how the site names
/// itself in emails, and who counts as a professional.
#[derive(Clone)]
pub struct AccountsConfig {
    pub keys: accounts::Keys,
    pub site: mail::Site,
    pub secure_cookies: bool,
    pub professional_domains: Vec<String>,
    /// Whether the client's address comes from the proxy's headers.
    pub behind_proxy: bool,
}

impl AccountsConfig {
    /// For tests and one-off commands: a random key, a local address.
    pub fn local() -> Result<AccountsConfig, WebError> {
        let secret = accounts::token::random_hex(32).map_err(|e| WebError::internal(&e))?;
        Ok(AccountsConfig {
            keys: accounts::Keys::new(secret.as_bytes()).map_err(|e| WebError::internal(&e))?,
            site: mail::Site {
                name: "Kith".into(),
                url: "http://127.0.0.1:8080/".into(),
            },
            secure_cookies: false,
            professional_domains: vec!["nhs.net".into()],
            behind_proxy: false,
        })
    }
}

/// Published listings per interest and per borough.
pub struct Counts {
    pub interests: HashMap<i32, i64>,
    pub boroughs: HashMap<i32, i64>,
}

/// A value many pages show, recomputed at most every [`CACHE_FOR`]. When it
/// goes stale, one request starts a refresh in the background and everyone
/// keeps getting the old value until the new one is ready, so no request
/// waits for the recount and a busy site never recounts in a stampede.
struct Cached<T> {
    slot: Mutex<Option<(Instant, Arc<T>)>>,
    refreshing: AtomicBool,
}

enum Lookup<T> {
    Fresh(Arc<T>),
    /// Stale; `true` when this caller should start the refresh.
    Stale(Arc<T>, bool),
    Missing,
}

impl<T> Cached<T> {
    fn new() -> Self {
        Cached {
            slot: Mutex::new(None),
            refreshing: AtomicBool::new(false),
        }
    }

    fn lookup(&self) -> Lookup<T> {
        let current = self.slot.lock().ok().and_then(|slot| slot.clone());
        match current {
            Some((at, v)) if at.elapsed() < CACHE_FOR => Lookup::Fresh(v),
            Some((_, v)) => {
                let mine = self
                    .refreshing
                    .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok();
                Lookup::Stale(v, mine)
            }
            None => Lookup::Missing,
        }
    }

    fn put(&self, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut slot) = self.slot.lock() {
            *slot = Some((Instant::now(), value.clone()));
        }
        self.refreshing.store(false, Ordering::Release);
        value
    }

    fn refresh_failed(&self) {
        self.refreshing.store(false, Ordering::Release);
    }
}

pub fn now() -> NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

impl AppState {
    pub fn new(
        pool: Pool,
        reference: Reference,
        search: SearchIndex,
        accounts: AccountsConfig,
        hasher: Hasher,
        mail: Option<mail::Notifier>,
    ) -> AppState {
        let changes = Arc::new(Changes::default());
        AppState {
            pool,
            accounts,
            hasher,
            mail,
            reference: Arc::new(reference),
            search,
            searchers: crate::searchers::Searchers::start(
                std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get),
            ),
            swemwbs_items: None,
            safety: Arc::new(community::safety::Rules::default()),
            sessions: Arc::new(Remembered::new(crate::auth::SESSIONS_REMEMBERED, &changes)),
            threads: Arc::new(Remembered::new(THREADS_REMEMBERED, &changes)),
            nearby: Arc::new(Remembered::new(NEARBY_REMEMBERED, &changes)),
            group_events: Arc::new(Remembered::new(NEARBY_REMEMBERED, &changes)),
            members: Arc::new(Remembered::new(READERS_REMEMBERED, &changes)),
            answers: Arc::new(Remembered::new(READERS_REMEMBERED, &changes)),
            accesses: Arc::new(Remembered::new(READERS_REMEMBERED, &changes)),
            readers: Arc::new(Remembered::new(READERS_REMEMBERED, &changes)),
            changes,
            counts: Arc::new(Cached::new()),
            week: Arc::new(Cached::new()),
        }
    }

    /// The state with the SWEMWBS statements the organisation entered (see
    /// [`crate::config::Settings::swemwbs_items`]).
    pub fn with_swemwbs_items(mut self, items: Option<Vec<String>>) -> AppState {
        self.swemwbs_items = items.map(Arc::from);
        self
    }

    /// The state with the site's safety rules.
    pub fn with_safety(mut self, rules: community::safety::Rules) -> AppState {
        self.safety = Arc::new(rules);
        self
    }

    /// Runs database work on the blocking pool, off the async workers.
    pub async fn db<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> Result<T, DirectoryError> + Send + 'static,
    {
        AppState::run(self.pool.clone(), work).await
    }

    /// Like [`AppState::db`], but all queries run in one transaction: a page
    /// built from several queries sees one consistent snapshot, and SQLite
    /// takes its read lock once instead of once per query.
    pub async fn read<T, F>(&self, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> Result<T, DirectoryError> + Send + 'static,
    {
        AppState::run(self.pool.clone(), move |conn| {
            use store::diesel::Connection;
            conn.transaction(work)
        })
        .await
    }

    /// Runs a journey (accounts, referrals) in one transaction, off the
    /// async workers. The outer error is the infrastructure (no
    /// connection); the inner one is the journey's answer, for the handler
    /// to show on its form. After a commit the mail worker is woken, since
    /// journeys queue email.
    pub async fn transact<T, E, F>(&self, work: F) -> Result<Result<T, E>, WebError>
    where
        T: Send + 'static,
        E: Journey,
        F: Fn(&mut AnyConnection) -> Result<T, E> + Send + 'static,
    {
        let result = self.transact_quietly(work).await;
        // A journey may have changed who someone is (a role, a sign-out)
        // or what a page shows, whatever its answer: both are worked out
        // afresh.
        self.forget_remembered();
        let result = result?;
        if result.is_ok() {
            self.wake_mail();
        }
        Ok(result)
    }

    /// [`AppState::transact`] for work that queues no email, so the mail
    /// worker is not woken: resolving the session cookie on every request
    /// would otherwise have it look at the outbox once per page.
    pub async fn transact_quietly<T, E, F>(&self, work: F) -> Result<Result<T, E>, WebError>
    where
        T: Send + 'static,
        E: Journey,
        F: Fn(&mut AnyConnection) -> Result<T, E> + Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || -> Result<Result<T, E>, WebError> {
            let mut pooled = pool.get().map_err(store::StoreError::from)?;
            Ok(in_transaction(
                &mut pooled,
                BUSY_RETRIES,
                Duration::from_millis(5),
                &work,
            ))
        })
        .await?
    }

    /// [`AppState::transact`] for accounts journeys.
    pub async fn accounts<T, F>(&self, work: F) -> Result<Result<T, accounts::AccountError>, WebError>
    where
        T: Send + 'static,
        F: Fn(&mut AnyConnection) -> Result<T, accounts::AccountError> + Send + 'static,
    {
        self.transact(work).await
    }

    /// Something may have changed: nothing remembered until now is reused
    /// (see [`crate::remember`]).
    pub fn forget_remembered(&self) {
        self.changes.happened();
    }

    /// Tells the mail worker there may be something to send.
    pub fn wake_mail(&self) {
        if let Some(n) = &self.mail {
            n.notify();
        }
    }

    async fn run<T, F>(pool: Pool, work: F) -> Result<T, WebError>
    where
        T: Send + 'static,
        F: FnOnce(&mut AnyConnection) -> Result<T, DirectoryError> + Send + 'static,
    {
        let result = actix_web::web::block(move || -> Result<T, WebError> {
            let mut conn = pool.get().map_err(store::StoreError::from)?;
            Ok(work(&mut conn)?)
        })
        .await?;
        result
    }

    pub async fn counts(&self) -> Result<Arc<Counts>, WebError> {
        self.cached(&self.counts, |conn| {
            let t = now();
            Ok(Counts {
                interests: directory::listing::interest_counts(conn, t)?,
                boroughs: directory::listing::borough_counts(conn, t)?,
            })
        })
        .await
    }

    /// Event sessions in the next seven days, for the home page.
    pub async fn this_week(&self) -> Result<Arc<Vec<WhatsOn>>, WebError> {
        self.cached(&self.week, |conn| {
            let t = now();
            directory::listing::whats_on(conn, t, t + chrono::Duration::days(7))
        })
        .await
    }

    async fn cached<T, F>(&self, cache: &Arc<Cached<T>>, compute: F) -> Result<Arc<T>, WebError>
    where
        T: Send + Sync + 'static,
        F: Fn(&mut AnyConnection) -> Result<T, DirectoryError> + Send + 'static,
    {
        match cache.lookup() {
            Lookup::Fresh(v) | Lookup::Stale(v, false) => Ok(v),
            Lookup::Stale(v, true) => {
                let (cache, pool) = (cache.clone(), self.pool.clone());
                actix_web::rt::spawn(async move {
                    let fresh = AppState::run(pool, compute).await;
                    match fresh {
                        Ok(value) => drop(cache.put(value)),
                        Err(e) => {
                            tracing::warn!("could not refresh cached figures: {e}");
                            cache.refresh_failed();
                        }
                    }
                });
                Ok(v)
            }
            Lookup::Missing => Ok(cache.put(self.db(compute).await?)),
        }
    }
}

/// A domain crate's error, as [`in_transaction`] needs to see it.
pub trait Journey: From<store::diesel::result::Error> + Send + 'static {
    /// A refusal that must still commit, such as a rate-limit count.
    fn commits_anyway(&self) -> bool;
    /// SQLite's "database is locked": the whole transaction is worth
    /// another try.
    fn is_busy(&self) -> bool;
}

impl Journey for accounts::AccountError {
    fn commits_anyway(&self) -> bool {
        self.keeps_writes()
    }
    fn is_busy(&self) -> bool {
        matches!(self, accounts::AccountError::Store(e) if e.is_busy())
    }
}

/// Publishing has no refusal that must commit.
impl Journey for DirectoryError {
    fn commits_anyway(&self) -> bool {
        false
    }
    fn is_busy(&self) -> bool {
        matches!(self, DirectoryError::Store(e) if e.is_busy())
    }
}

impl Journey for referral::ReferralError {
    fn commits_anyway(&self) -> bool {
        self.keeps_writes()
    }
    fn is_busy(&self) -> bool {
        matches!(self, referral::ReferralError::Store(e) if e.is_busy())
    }
}

/// Community journeys have no refusal that must commit.
impl Journey for community::CommunityError {
    fn commits_anyway(&self) -> bool {
        false
    }
    fn is_busy(&self) -> bool {
        community::CommunityError::is_busy(self)
    }
}

/// Runs `work` in one transaction on `conn`, trying again up to `tries`
/// times while SQLite says another connection is writing: waiting `pause`
/// longer each time up to ten `pause`s, plus up to one `pause` at random
/// so the losers of one race do not all meet again in the next. A refusal that counts against a rate limit still
/// commits, so the count is kept; other errors roll back.
pub fn in_transaction<T, E: Journey>(
    conn: &mut AnyConnection,
    tries: u32,
    pause: Duration,
    work: &dyn Fn(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E> {
    use store::diesel::Connection;
    let mut tried = 0;
    loop {
        let outcome = conn
            .transaction(|c| match work(c) {
                Err(e) if e.commits_anyway() => Ok(Err(e)),
                Err(e) => Err(e),
                Ok(v) => Ok(Ok(v)),
            })
            .unwrap_or_else(Err);
        match outcome {
            Err(e) if e.is_busy() && tried < tries => {
                tried += 1;
                std::thread::sleep(pause * tried.min(10) + jitter(pause));
            }
            other => return other,
        }
    }
}

/// Up to `most`, from the clock's nanoseconds: enough to spread retries,
/// with no random number generator to seed.
fn jitter(most: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_nanos()));
    let most = u64::try_from(most.as_nanos()).unwrap_or(u64::MAX).max(1);
    Duration::from_nanos(nanos % most)
}
