//! Asking the connecting team for help: a self-referral and a professional
//! referral, each one topic per page with a progress indicator, then a
//! page to check the answers (with a Change button for each), then Send.
//!
//! Nothing is stored until the last "Send": each page carries the answers
//! so far in hidden fields of its form, so an abandoned referral leaves
//! nothing behind. The form token issued on the first page travels with
//! the answers, so sending twice (back button, double click, a retry)
//! finds the first referral and shows its confirmation again. Answers only
//! ever travel in POST bodies, never in addresses, and nothing here logs
//! them; the pages that show them are sent `no-store`, so a shared
//! computer keeps no copy.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use directory::Reference;
use maud::{html, Markup};
use referral::{PersonForm, ProfessionalReferralForm, Receipt, ReferralError, SelfReferralForm};
use store::AnyConnection;

use crate::auth::Viewer;
use crate::csrf::Token;
use crate::error::WebError;
use crate::forms::{Field, Form};
use crate::layout::{page, Crumb};
use crate::pages::account::{Client, Fields};
use crate::pages::sensitive;
use crate::state::{now, AppState};

const SELF_PATH: &str = "/get-help/refer-yourself";
const PROFESSIONAL_PATH: &str = "/get-help/refer-someone";

/// Runs referral work in one transaction, off the async workers: see
/// [`AppState::transact`].
pub(crate) async fn run<T, F>(state: &AppState, work: F) -> Result<Result<T, ReferralError>, WebError>
where
    T: Send + 'static,
    F: Fn(&mut AnyConnection) -> Result<T, ReferralError> + Send + 'static,
{
    state.transact(work).await
}

/// Puts a refused submission on its form. Returns the status to answer with.
fn refuse(form: &mut Form, error: ReferralError) -> Result<StatusCode, WebError> {
    match error {
        ReferralError::Throttled { .. } => {
            form.error("send", error.to_string());
            Ok(StatusCode::TOO_MANY_REQUESTS)
        }
        ReferralError::Form(_) | ReferralError::Invalid { .. } => {
            for e in error.field_errors() {
                form.error(e.field, e.message);
            }
            Ok(StatusCode::BAD_REQUEST)
        }
        other => Err(other.into()),
    }
}

fn strings(form: &Form, name: &str) -> Vec<String> {
    form.values(name).into_iter().map(str::to_owned).collect()
}

fn person_of(form: &Form) -> PersonForm {
    PersonForm {
        name: form.value("name").to_owned(),
        phone: form.value("phone").to_owned(),
        email: form.value("email").to_owned(),
        contact_methods: strings(form, "contact_methods"),
        contact_times: form.value("contact_times").to_owned(),
        safe_to_leave_message: form.value("safe_to_leave_message").to_owned(),
        postcode: form.value("postcode").to_owned(),
        interests: strings(form, "interests"),
        interests_other: form.value("interests_other").to_owned(),
        barriers: form.value("barriers").to_owned(),
        access_needs: form.value("access_needs").to_owned(),
    }
}

fn self_form_of(form: &Form) -> SelfReferralForm {
    SelfReferralForm {
        person: person_of(form),
        consent: form.value("consent").to_owned(),
        form_token: form.value("form_token").to_owned(),
        website: form.value("website").to_owned(),
    }
}

fn professional_form_of(form: &Form) -> ProfessionalReferralForm {
    ProfessionalReferralForm {
        person: person_of(form),
        referrer_name: form.value("referrer_name").to_owned(),
        referrer_role: form.value("referrer_role").to_owned(),
        referrer_organisation: form.value("referrer_organisation").to_owned(),
        referrer_email: form.value("referrer_email").to_owned(),
        referrer_phone: form.value("referrer_phone").to_owned(),
        reason: form.value("reason").to_owned(),
        risks: form.value("risks").to_owned(),
        person_agreed: form.value("person_agreed").to_owned(),
        wants_updates: form.value("wants_updates").to_owned(),
        person_agreed_to_updates: form.value("person_agreed_to_updates").to_owned(),
        form_token: form.value("form_token").to_owned(),
        website: form.value("website").to_owned(),
    }
}

/// The honeypot: invisible and unreachable for people (and their screen
/// readers), but bots that fill in every field fill it in too.
fn honeypot(form: &Form) -> Markup {
    html! {
        div class="kith-visually-hidden" aria-hidden="true" {
            label for="website" { "Leave this empty" }
            input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value=(form.value("website"));
        }
    }
}

/// The taxonomy's terms as checkboxes grouped under their top-level term;
/// a top-level term without children is its own only box.
pub(crate) fn interest_groups(reference: &Reference) -> Vec<(&str, Vec<(String, &str)>)> {
    reference
        .interests
        .iter()
        .filter(|top| top.parent_id.is_none())
        .map(|top| {
            let children: Vec<(String, &str)> = reference
                .interests
                .iter()
                .filter(|c| c.parent_id == Some(top.id))
                .map(|c| (c.id.to_string(), c.name.as_str()))
                .collect();
            let options = if children.is_empty() {
                vec![(top.id.to_string(), top.name.as_str())]
            } else {
                children
            };
            (top.name.as_str(), options)
        })
        .collect()
}

const CONTACT_METHODS: &[(&str, &str)] = &[("phone", "Phone call"), ("text", "Text message"), ("email", "Email")];
const YES_NO: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No")];

fn crumbs() -> [Crumb<'static>; 2] {
    [
        Crumb {
            text: "Home",
            href: "/",
        },
        Crumb {
            text: "Get help",
            href: "/get-help",
        },
    ]
}

// ---------------------------------------------------------------------------
// What both journeys share: pages in order, the last one a check page

/// The pages of one referral journey, in order, the last being the page
/// to check the answers. Both journeys move between their pages the same
/// way; only their questions differ.
trait Steps: Copy + Eq + Sized + 'static {
    /// Every page, the check page last.
    const ALL: &'static [Self];
    /// Where the journey's forms post.
    const PATH: &'static str;

    fn code(self) -> &'static str;
    fn title(self) -> &'static str;
    /// The fields this page asks; their checks are answered on this page.
    fn fields(self) -> &'static [&'static str];

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.code() == code)
    }

    fn first() -> Self {
        Self::ALL[0]
    }

    fn check() -> Self {
        Self::ALL[Self::ALL.len() - 1]
    }

    /// Pages with questions; the check page is not counted in "Step n of m".
    fn questions() -> usize {
        Self::ALL.len() - 1
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn next(self) -> Self {
        Self::ALL.get(self.index() + 1).copied().unwrap_or_else(Self::check)
    }

    fn previous(self) -> Self {
        self.index()
            .checked_sub(1)
            .and_then(|i| Self::ALL.get(i).copied())
            .unwrap_or_else(Self::first)
    }
}

/// Fields never carried from page to page: the buttons pressed.
const NOT_CARRIED: &[&str] = &["go"];

/// What a page's buttons ask for.
enum Go<S> {
    /// Show this page as it is (back, or change an answer).
    Show(S),
    /// Check this page's answers, then go on.
    Answer(S),
    /// Send the whole referral.
    Send,
}

/// Reads `step` (the page answered) and `go` (the button pressed) from a
/// submitted form, and drops the button so it is not carried on.
fn route<S: Steps>(form: Form) -> (Go<S>, Form) {
    let step = S::from_code(form.value("step")).unwrap_or_else(S::first);
    let go = form.value("go").to_owned();
    let form = form.with_all("go", &[]);
    if let Some(target) = go.strip_prefix("change-").and_then(S::from_code) {
        // Back to the check page once this page is answered again.
        return (Go::Show(target), form.with("checking", "yes"));
    }
    if go == "back" {
        return (Go::Show(step.previous()), form);
    }
    if step == S::check() {
        return (Go::Send, form);
    }
    (Go::Answer(step), form)
}

/// Puts the errors that belong to `step` on the form and chooses the page
/// to show next: `step` again when it has errors, the check page when the
/// person came from there to change an answer, the next page otherwise.
/// The crate checks the whole referral; later pages answer for their own
/// fields when they come.
fn answered<S: Steps>(
    step: S,
    form: &mut Form,
    checked: Result<(), ReferralError>,
) -> Result<(S, StatusCode), WebError> {
    if let Err(e) = checked {
        let errors = e.field_errors();
        if errors.is_empty() {
            return Err(e.into());
        }
        for fe in errors {
            if step.fields().contains(&fe.field) {
                form.error(fe.field, fe.message);
            }
        }
    }
    if form.has_errors() {
        return Ok((step, StatusCode::BAD_REQUEST));
    }
    let next = if form.value("checking") == "yes" {
        S::check()
    } else {
        step.next()
    };
    Ok((next, StatusCode::OK))
}

/// One page of a journey: the error summary, the progress, the page's
/// questions, the answers so far as hidden fields, and its buttons.
fn step_page<S: Steps>(step: S, form: &Form, token: &Token, intro: Markup, questions: Markup) -> Markup {
    let number = step.index() + 1;
    let mut shown: Vec<&str> = step.fields().to_vec();
    shown.extend(NOT_CARRIED);
    page(
        &form.title(step.title()),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                form method="post" action=(S::PATH) novalidate {
                    (token.field())
                    input type="hidden" name="step" value=(step.code());
                    (form.hidden_fields_except(&shown))
                    @if step != S::check() {
                        span class="kith-caption-m" { "Step " (number) " of " (S::questions()) }
                    }
                    h1 class="kith-heading-l" { (step.title()) }
                    (intro)
                    (questions)
                    @if step == S::check() {
                        h2 class="kith-heading-m" { "Now send your request" }
                        p class="kith-body" { "When you send it, the connecting team will see your answers." }
                        div id="send" {
                            button class="kith-button" id="form_token" type="submit" name="go" value="send" { "Send" }
                        }
                    } @else {
                        button class="kith-button" type="submit" name="go" value="continue" { "Continue" }
                    }
                    @if step != S::first() {
                        " "
                        button class="kith-button kith-button--secondary" type="submit" name="go" value="back" { "Back" }
                    }
                }
            } }
        },
    )
}

/// One answer on a check page, with a button back to the page that asked
/// it. The row has the field's id, so the error summary of a refused Send
/// links to it.
fn answer_row<S: Steps>(id: &str, question: &str, answer: &str, change: S) -> Markup {
    html! {
        div class="kith-summary-list__row" id=(id) {
            dt class="kith-summary-list__key" { (question) }
            dd class="kith-summary-list__value" {
                @if answer.trim().is_empty() { span class="kith-hint" { "Not given" } } @else { (answer) }
            }
            dd class="kith-summary-list__actions" {
                button class="kith-button kith-button--secondary" type="submit" name="go" value={ "change-" (change.code()) } {
                    "Change" span class="kith-visually-hidden" { " " (question.to_lowercase()) }
                }
            }
        }
    }
}

/// The labels of the options ticked for `name`, joined for a check page.
fn chosen(form: &Form, name: &str, options: &[(&str, &str)]) -> String {
    let values = form.values(name);
    options
        .iter()
        .filter(|(code, _)| values.contains(code))
        .map(|(_, label)| *label)
        .collect::<Vec<_>>()
        .join(", ")
}

fn interest_names(form: &Form, reference: &Reference) -> String {
    form.values("interests")
        .into_iter()
        .filter_map(|v| v.parse::<i32>().ok())
        .filter_map(|id| reference.interest(id))
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn yes_if_ticked(form: &Form, name: &str) -> &'static str {
    if referral::form::ticked(form.value(name)) {
        "Yes"
    } else {
        ""
    }
}

/// What the sender sees once the referral is committed. `by_self` says
/// whether it speaks to the person or to the professional who referred them.
fn confirmation(receipt: &Receipt, by_self: bool) -> Markup {
    page(
        "Request sent",
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                h1 class="kith-heading-xl" { "Request sent" }
                p class="kith-body-l" { "Your reference is " strong { (receipt.reference) } }
                p class="kith-body" { "Quote it if you call us, so we can find your request quickly." }
                h2 class="kith-heading-m" { "What happens next" }
                ol class="kith-list kith-list--bullet" {
                    @if by_self {
                        li { "Someone from the connecting team will get in touch within " (referral::tasks::FIRST_CALL_WORKING_DAYS) " working days, in the way you asked." }
                        li { "They will have a first chat about what you enjoy and what gets in the way, and arrange to meet." }
                        li { "If you gave an email address, we have sent you the reference." }
                    } @else {
                        li { "Someone from the connecting team will get in touch with the person within " (referral::tasks::FIRST_CALL_WORKING_DAYS) " working days." }
                        li { "We have emailed you the reference, and will email you as it goes if you asked for updates and the person agreed." }
                    }
                }
                p class="kith-body" { "If you need to talk to us sooner, call " a href="tel:02079460000" { "020 7946 0000" } ", Monday to Friday, 9am to 5pm." }
                div class="kith-warning-text" {
                    strong { span class="kith-visually-hidden" { "Warning" } "If you are in crisis or feel unsafe, call 999 or NHS 111 and choose the mental health option." }
                }
                p class="kith-body" { a href="/" { "Back to the home page" } }
            } }
        },
    )
}

// ---------------------------------------------------------------------------
// Self-referral

/// The pages of the self-referral, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SelfStep {
    About,
    Where,
    Interests,
    GoingOut,
    Consent,
    Check,
}

impl Steps for SelfStep {
    const ALL: &'static [SelfStep] = &[
        SelfStep::About,
        SelfStep::Where,
        SelfStep::Interests,
        SelfStep::GoingOut,
        SelfStep::Consent,
        SelfStep::Check,
    ];
    const PATH: &'static str = SELF_PATH;

    fn code(self) -> &'static str {
        match self {
            SelfStep::About => "about",
            SelfStep::Where => "where",
            SelfStep::Interests => "interests",
            SelfStep::GoingOut => "going-out",
            SelfStep::Consent => "consent",
            SelfStep::Check => "check",
        }
    }

    fn title(self) -> &'static str {
        match self {
            SelfStep::About => "About you",
            SelfStep::Where => "Where do you live?",
            SelfStep::Interests => "What do you enjoy, or would like to try?",
            SelfStep::GoingOut => "Is there anything that makes going out hard?",
            SelfStep::Consent => "Can we keep what you tell us?",
            SelfStep::Check => "Check your answers before sending",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            SelfStep::About => &[
                "name",
                "phone",
                "email",
                "contact_methods",
                "contact_times",
                "safe_to_leave_message",
                "website",
            ],
            SelfStep::Where => &["postcode"],
            SelfStep::Interests => &["interests", "interests_other"],
            SelfStep::GoingOut => &["barriers", "access_needs"],
            SelfStep::Consent => &["consent"],
            SelfStep::Check => &[],
        }
    }
}

fn self_questions(step: SelfStep, form: &Form, reference: &Reference) -> Markup {
    match step {
        SelfStep::About => html! {
            (form.input(Field::new("name", "Your name").hint("Or what you like to be called").kind("text", "name").width(20)))
            (form.input(Field::new("phone", "Phone number").hint("Optional if you give an email address").kind("tel", "tel").width(20)))
            (form.input(Field::new("email", "Email address").hint("Optional if you give a phone number").kind("email", "email")))
            (form.checkboxes("contact_methods", "How would you like us to get in touch?", Some("Tick all that suit you"), CONTACT_METHODS))
            (form.input(Field::new("contact_times", "When is best to get in touch?").hint("For example, weekday mornings. Optional")))
            (form.radios("safe_to_leave_message", "Is it all right to leave you a message?", Some("On your voicemail, or by text. Optional"), YES_NO))
            (honeypot(form))
        },
        SelfStep::Where => html! {
            (form.input(Field::new("postcode", "Postcode").hint("So we can find things near you. Optional").kind("text", "postal-code").width(10)))
        },
        SelfStep::Interests => html! {
            (form.checkbox_groups("interests", "Things you might like", Some("Tick any that interest you. Optional"), &interest_groups(reference)))
            (form.textarea("interests_other", "Anything else you enjoy or would like to try?", Some("Optional")))
        },
        SelfStep::GoingOut => html! {
            (form.textarea("barriers", "What makes going out hard?", Some("For example, feeling anxious in crowds, or the cost of travel. Optional")))
            (form.textarea("access_needs", "Do you have any access or communication needs?", Some("For example, step-free access, large print or an interpreter. Optional")))
        },
        SelfStep::Consent => html! {
            p class="kith-body" { (referral::CONSENT_WORDING) }
            (form.checkboxes("consent", "Do you agree?", None, &[("yes", "I agree that the connecting team may keep what I tell them")]))
        },
        SelfStep::Check => self_check_answers(form, reference),
    }
}

fn self_check_answers(form: &Form, reference: &Reference) -> Markup {
    let message = chosen(form, "safe_to_leave_message", YES_NO);
    html! {
        dl class="kith-summary-list" {
            (answer_row("name", "Name", form.value("name"), SelfStep::About))
            (answer_row("phone", "Phone number", form.value("phone"), SelfStep::About))
            (answer_row("email", "Email address", form.value("email"), SelfStep::About))
            (answer_row("contact_methods", "How to get in touch", &chosen(form, "contact_methods", CONTACT_METHODS), SelfStep::About))
            (answer_row("contact_times", "When is best", form.value("contact_times"), SelfStep::About))
            (answer_row("safe_to_leave_message", "All right to leave a message", &message, SelfStep::About))
            (answer_row("postcode", "Postcode", form.value("postcode"), SelfStep::Where))
            (answer_row("interests", "Things you might like", &interest_names(form, reference), SelfStep::Interests))
            (answer_row("interests_other", "Anything else", form.value("interests_other"), SelfStep::Interests))
            (answer_row("barriers", "What makes going out hard", form.value("barriers"), SelfStep::GoingOut))
            (answer_row("access_needs", "Access or communication needs", form.value("access_needs"), SelfStep::GoingOut))
            (answer_row("consent", "We may keep what you tell us", yes_if_ticked(form, "consent"), SelfStep::Consent))
        }
    }
}

fn self_page(reference: &Reference, step: SelfStep, form: &Form, token: &Token) -> Markup {
    step_page(step, form, token, html! {}, self_questions(step, form, reference))
}

/// The first page. The form token is issued here and travels with the
/// answers to the last page.
pub async fn self_referral_start(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(&req);
    let form = Form::new().with("form_token", &referral::new_form_token()?);
    Ok(sensitive(
        StatusCode::OK,
        self_page(&state.reference, SelfStep::About, &form, &token),
        &token,
        &req,
    ))
}

/// Every page posts here: `step` says which page was answered and `go`
/// which button was pressed (continue, back, change a page, send).
pub async fn self_referral_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (go, mut form) = route::<SelfStep>(form);
    let (step, status) = match go {
        Go::Show(step) => (step, StatusCode::OK),
        Go::Send => return send_self(&req, &state, form, &token).await,
        Go::Answer(step) => {
            let typed = self_form_of(&form);
            let checked = run(&state, move |c| referral::form::check_self(c, &typed).map(drop)).await?;
            answered(step, &mut form, checked)?
        }
    };
    Ok(sensitive(
        status,
        self_page(&state.reference, step, &form, &token),
        &token,
        &req,
    ))
}

async fn send_self(
    req: &HttpRequest,
    state: &AppState,
    mut form: Form,
    token: &Token,
) -> Result<HttpResponse, WebError> {
    let (site, client, t, typed) = (state.accounts.site.clone(), Client::of(req), now(), self_form_of(&form));
    let status = match run(state, move |c| {
        referral::submit_self(c, &site, &typed, client.origin(), t)
    })
    .await?
    {
        Ok(receipt) => {
            return Ok(sensitive(StatusCode::OK, confirmation(&receipt, true), token, req));
        }
        Err(e) => refuse(&mut form, e)?,
    };
    Ok(sensitive(
        status,
        self_page(&state.reference, SelfStep::Check, &form, token),
        token,
        req,
    ))
}

// ---------------------------------------------------------------------------
// Professional referral

/// The pages of the professional referral, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProStep {
    Referrer,
    Person,
    Contact,
    Interests,
    Needs,
    Reason,
    Agreement,
    Check,
}

impl Steps for ProStep {
    const ALL: &'static [ProStep] = &[
        ProStep::Referrer,
        ProStep::Person,
        ProStep::Contact,
        ProStep::Interests,
        ProStep::Needs,
        ProStep::Reason,
        ProStep::Agreement,
        ProStep::Check,
    ];
    const PATH: &'static str = PROFESSIONAL_PATH;

    fn code(self) -> &'static str {
        match self {
            ProStep::Referrer => "referrer",
            ProStep::Person => "person",
            ProStep::Contact => "contact",
            ProStep::Interests => "interests",
            ProStep::Needs => "needs",
            ProStep::Reason => "reason",
            ProStep::Agreement => "agreement",
            ProStep::Check => "check",
        }
    }

    fn title(self) -> &'static str {
        match self {
            ProStep::Referrer => "About you",
            ProStep::Person => "The person you are referring",
            ProStep::Contact => "How can we get in touch with them?",
            ProStep::Interests => "What do they enjoy, or would like to try?",
            ProStep::Needs => "Is there anything that makes going out hard for them?",
            ProStep::Reason => "Why are you referring them?",
            ProStep::Agreement => "Their agreement, and updates for you",
            ProStep::Check => "Check the referral before sending",
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            ProStep::Referrer => &[
                "referrer_name",
                "referrer_role",
                "referrer_organisation",
                "referrer_email",
                "referrer_phone",
                "website",
            ],
            ProStep::Person => &["name", "postcode"],
            ProStep::Contact => &[
                "phone",
                "email",
                "contact_methods",
                "contact_times",
                "safe_to_leave_message",
            ],
            ProStep::Interests => &["interests", "interests_other"],
            ProStep::Needs => &["barriers", "access_needs"],
            ProStep::Reason => &["reason", "risks"],
            ProStep::Agreement => &["person_agreed", "wants_updates", "person_agreed_to_updates"],
            ProStep::Check => &[],
        }
    }
}

fn professional_questions(step: ProStep, form: &Form, reference: &Reference) -> Markup {
    match step {
        ProStep::Referrer => html! {
            (form.input(Field::new("referrer_name", "Your name").kind("text", "name").width(20)))
            (form.input(Field::new("referrer_role", "Your role").hint("For example, occupational therapist. Optional").kind("text", "organization-title").width(20)))
            (form.input(Field::new("referrer_organisation", "Your organisation").hint("Optional").kind("text", "organization")))
            (form.input(Field::new("referrer_email", "Your work email address").hint("We send the reference here, and updates if you ask for them").kind("email", "email")))
            (form.input(Field::new("referrer_phone", "Your work phone number").hint("Optional if you give an email address").kind("tel", "tel").width(20)))
            (honeypot(form))
        },
        ProStep::Person => html! {
            (form.input(Field::new("name", "Their name").hint("Or what they like to be called").kind("text", "off").width(20)))
            (form.input(Field::new("postcode", "Their postcode").hint("So we can find things near them. Optional").kind("text", "off").width(10)))
        },
        ProStep::Contact => html! {
            (form.input(Field::new("phone", "Their phone number").hint("Optional if you give an email address").kind("tel", "off").width(20)))
            (form.input(Field::new("email", "Their email address").hint("Optional if you give a phone number").kind("email", "off")))
            (form.checkboxes("contact_methods", "How would they like us to get in touch?", Some("Tick all that suit them"), CONTACT_METHODS))
            (form.input(Field::new("contact_times", "When is best to get in touch?").hint("For example, weekday mornings. Optional")))
            (form.radios("safe_to_leave_message", "Is it all right to leave them a message?", Some("On their voicemail, or by text. Optional"), YES_NO))
        },
        ProStep::Interests => html! {
            (form.checkbox_groups("interests", "Things they might like", Some("Tick any that interest them. Optional"), &interest_groups(reference)))
            (form.textarea("interests_other", "Anything else they enjoy or would like to try?", Some("Optional")))
        },
        ProStep::Needs => html! {
            (form.textarea("barriers", "What makes going out hard for them?", Some("For example, feeling anxious in crowds, or the cost of travel. Optional")))
            (form.textarea("access_needs", "Do they have any access or communication needs?", Some("For example, step-free access, large print or an interpreter. Optional")))
        },
        ProStep::Reason => html! {
            (form.textarea("reason", "Reason for the referral", Some("What would they like help with? Optional")))
            (form.textarea("risks", "Any risks the team should know about", Some("For example, to a lone worker visiting. Optional")))
        },
        ProStep::Agreement => html! {
            p class="kith-body" { "Please tell them what we will do with what you send: " (referral::CONSENT_WORDING) }
            (form.checkboxes("person_agreed", "Has the person agreed to this referral?", None, &[("yes", "They have agreed to be referred and to us keeping these details")]))
            (form.checkboxes("wants_updates", "Would you like updates?", Some("We email you when we first speak to them, when a coach is allocated and when we finish"), &[("yes", "Send me updates")]))
            (form.checkboxes("person_agreed_to_updates", "Has the person agreed that you may have updates?", None, &[("yes", "They agree that I may hear how it goes")]))
        },
        ProStep::Check => professional_check_answers(form, reference),
    }
}

fn professional_check_answers(form: &Form, reference: &Reference) -> Markup {
    let message = chosen(form, "safe_to_leave_message", YES_NO);
    let section = |title: &str, rows: Markup| {
        html! {
            h2 class="kith-heading-m" { (title) }
            dl class="kith-summary-list" { (rows) }
        }
    };
    html! {
        (section("About you", html! {
            (answer_row("referrer_name", "Your name", form.value("referrer_name"), ProStep::Referrer))
            (answer_row("referrer_role", "Your role", form.value("referrer_role"), ProStep::Referrer))
            (answer_row("referrer_organisation", "Your organisation", form.value("referrer_organisation"), ProStep::Referrer))
            (answer_row("referrer_email", "Your work email address", form.value("referrer_email"), ProStep::Referrer))
            (answer_row("referrer_phone", "Your work phone number", form.value("referrer_phone"), ProStep::Referrer))
        }))
        (section("The person", html! {
            (answer_row("name", "Their name", form.value("name"), ProStep::Person))
            (answer_row("postcode", "Their postcode", form.value("postcode"), ProStep::Person))
            (answer_row("phone", "Their phone number", form.value("phone"), ProStep::Contact))
            (answer_row("email", "Their email address", form.value("email"), ProStep::Contact))
            (answer_row("contact_methods", "How to get in touch", &chosen(form, "contact_methods", CONTACT_METHODS), ProStep::Contact))
            (answer_row("contact_times", "When is best", form.value("contact_times"), ProStep::Contact))
            (answer_row("safe_to_leave_message", "All right to leave a message", &message, ProStep::Contact))
            (answer_row("interests", "Things they might like", &interest_names(form, reference), ProStep::Interests))
            (answer_row("interests_other", "Anything else", form.value("interests_other"), ProStep::Interests))
            (answer_row("barriers", "What makes going out hard", form.value("barriers"), ProStep::Needs))
            (answer_row("access_needs", "Access or communication needs", form.value("access_needs"), ProStep::Needs))
        }))
        (section("The referral", html! {
            (answer_row("reason", "Reason for the referral", form.value("reason"), ProStep::Reason))
            (answer_row("risks", "Risks the team should know about", form.value("risks"), ProStep::Reason))
            (answer_row("person_agreed", "The person has agreed", yes_if_ticked(form, "person_agreed"), ProStep::Agreement))
            (answer_row("wants_updates", "Send me updates", yes_if_ticked(form, "wants_updates"), ProStep::Agreement))
            (answer_row("person_agreed_to_updates", "The person agrees to updates", yes_if_ticked(form, "person_agreed_to_updates"), ProStep::Agreement))
        }))
    }
}

fn professional_page(reference: &Reference, step: ProStep, form: &Form, token: &Token, signed_in: bool) -> Markup {
    let intro = html! {
        @if step == ProStep::Referrer {
            p class="kith-body" { "For GPs, social workers, housing officers and other professionals referring someone with their agreement." }
            @if !signed_in {
                p class="kith-body" { "If you have an account, " a href={ "/sign-in?next=" (PROFESSIONAL_PATH) } { "sign in" } " and we will fill in your details." }
            }
        }
    };
    step_page(step, form, token, intro, professional_questions(step, form, reference))
}

/// The first page; a signed-in person finds their details filled in. The
/// form token is issued here and travels with the answers to the last page.
pub async fn professional_start(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(&req);
    let mut form = Form::new().with("form_token", &referral::new_form_token()?);
    if let Some(v) = &viewer {
        form = form
            .with("referrer_name", &v.person.display_name)
            .with("referrer_role", &v.person.job_title)
            .with("referrer_organisation", &v.person.work_organisation)
            .with("referrer_email", &v.person.email);
    }
    Ok(sensitive(
        StatusCode::OK,
        professional_page(&state.reference, ProStep::Referrer, &form, &token, viewer.is_some()),
        &token,
        &req,
    ))
}

/// Every page posts here, as for the self-referral.
pub async fn professional_step(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let signed_in = viewer.is_some();
    let (go, mut form) = route::<ProStep>(form);
    let (step, status) = match go {
        Go::Show(step) => (step, StatusCode::OK),
        Go::Send => return send_professional(&req, &state, viewer, form, &token).await,
        Go::Answer(step) => {
            let typed = professional_form_of(&form);
            let checked = run(&state, move |c| referral::form::check_professional(c, &typed).map(drop)).await?;
            answered(step, &mut form, checked)?
        }
    };
    Ok(sensitive(
        status,
        professional_page(&state.reference, step, &form, &token, signed_in),
        &token,
        &req,
    ))
}

async fn send_professional(
    req: &HttpRequest,
    state: &AppState,
    viewer: Option<Viewer>,
    mut form: Form,
    token: &Token,
) -> Result<HttpResponse, WebError> {
    let (site, client, t, typed) = (
        state.accounts.site.clone(),
        Client::of(req),
        now(),
        professional_form_of(&form),
    );
    let referrer_id = viewer.as_ref().map(|v| v.person.id);
    let status = match run(state, move |c| {
        referral::submit_professional(c, &site, &typed, referrer_id, client.origin(), t)
    })
    .await?
    {
        Ok(receipt) => {
            return Ok(sensitive(StatusCode::OK, confirmation(&receipt, false), token, req));
        }
        Err(e) => refuse(&mut form, e)?,
    };
    Ok(sensitive(
        status,
        professional_page(&state.reference, ProStep::Check, &form, token, viewer.is_some()),
        token,
        req,
    ))
}
