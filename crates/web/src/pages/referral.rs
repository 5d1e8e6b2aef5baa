//! Asking the connecting team for help: a self-referral, one question per
//! page, and a professional referral on one page.
//!
//! Nothing is stored until the last "Send": each page carries the answers
//! so far in hidden fields of its form, so an abandoned referral leaves
//! nothing behind. The form token issued on the first page travels with
//! the answers, so sending twice (back button, double click, a retry)
//! finds the first referral and shows its confirmation again. Answers only
//! ever travel in POST bodies, never in addresses, and nothing here logs
//! them.

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
use crate::pages::{private, private_with_status};
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
fn interest_groups(reference: &Reference) -> Vec<(&str, Vec<(String, &str)>)> {
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
// Self-referral, one question per page

/// The pages of the self-referral, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    About,
    Where,
    Interests,
    GoingOut,
    Consent,
    Check,
}

impl Step {
    const ALL: [Step; 6] = [
        Step::About,
        Step::Where,
        Step::Interests,
        Step::GoingOut,
        Step::Consent,
        Step::Check,
    ];
    /// Pages with questions; the check page is not counted in "Step n of 5".
    const QUESTIONS: usize = 5;

    fn code(self) -> &'static str {
        match self {
            Step::About => "about",
            Step::Where => "where",
            Step::Interests => "interests",
            Step::GoingOut => "going-out",
            Step::Consent => "consent",
            Step::Check => "check",
        }
    }

    fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    fn next(self) -> Step {
        Step::ALL.get(self.index() + 1).copied().unwrap_or(Step::Check)
    }

    fn previous(self) -> Step {
        self.index()
            .checked_sub(1)
            .and_then(|i| Step::ALL.get(i).copied())
            .unwrap_or(Step::About)
    }

    fn title(self) -> &'static str {
        match self {
            Step::About => "About you",
            Step::Where => "Where do you live?",
            Step::Interests => "What do you enjoy, or would like to try?",
            Step::GoingOut => "Is there anything that makes going out hard?",
            Step::Consent => "Can we keep what you tell us?",
            Step::Check => "Check your answers before sending",
        }
    }

    /// The fields this page asks; their checks are answered on this page.
    fn fields(self) -> &'static [&'static str] {
        match self {
            Step::About => &[
                "name",
                "phone",
                "email",
                "contact_methods",
                "contact_times",
                "safe_to_leave_message",
                "website",
            ],
            Step::Where => &["postcode"],
            Step::Interests => &["interests", "interests_other"],
            Step::GoingOut => &["barriers", "access_needs"],
            Step::Consent => &["consent"],
            Step::Check => &[],
        }
    }
}

/// Fields never carried from page to page: the buttons pressed.
const NOT_CARRIED: &[&str] = &["go"];

fn questions(step: Step, form: &Form, reference: &Reference) -> Markup {
    match step {
        Step::About => html! {
            (form.input(Field::new("name", "Your name").hint("Or what you like to be called").kind("text", "name").width(20)))
            (form.input(Field::new("phone", "Phone number").hint("Optional if you give an email address").kind("tel", "tel").width(20)))
            (form.input(Field::new("email", "Email address").hint("Optional if you give a phone number").kind("email", "email")))
            (form.checkboxes("contact_methods", "How would you like us to get in touch?", Some("Tick all that suit you"), CONTACT_METHODS))
            (form.input(Field::new("contact_times", "When is best to get in touch?").hint("For example, weekday mornings. Optional")))
            (form.radios("safe_to_leave_message", "Is it all right to leave you a message?", Some("On your voicemail, or by text. Optional"), YES_NO))
            (honeypot(form))
        },
        Step::Where => html! {
            (form.input(Field::new("postcode", "Postcode").hint("So we can find things near you. Optional").kind("text", "postal-code").width(10)))
        },
        Step::Interests => html! {
            (form.checkbox_groups("interests", "Things you might like", Some("Tick any that interest you. Optional"), &interest_groups(reference)))
            (form.textarea("interests_other", "Anything else you enjoy or would like to try?", Some("Optional")))
        },
        Step::GoingOut => html! {
            (form.textarea("barriers", "What makes going out hard?", Some("For example, feeling anxious in crowds, or the cost of travel. Optional")))
            (form.textarea("access_needs", "Do you have any access or communication needs?", Some("For example, step-free access, large print or an interpreter. Optional")))
        },
        Step::Consent => html! {
            p class="kith-body" { (referral::CONSENT_WORDING) }
            (form.checkboxes("consent", "Do you agree?", None, &[("yes", "I agree that the connecting team may keep what I tell them")]))
        },
        Step::Check => check_answers(form, reference),
    }
}

fn step_page(reference: &Reference, step: Step, form: &Form, token: &Token) -> Markup {
    let number = step.index() + 1;
    let mut shown: Vec<&str> = step.fields().to_vec();
    shown.extend(NOT_CARRIED);
    page(
        &form.title(step.title()),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                form method="post" action=(SELF_PATH) novalidate {
                    (token.field())
                    input type="hidden" name="step" value=(step.code());
                    (form.hidden_fields_except(&shown))
                    @if number <= Step::QUESTIONS {
                        span class="kith-caption-m" { "Step " (number) " of " (Step::QUESTIONS) }
                    }
                    h1 class="kith-heading-l" { (step.title()) }
                    (questions(step, form, reference))
                    @if step == Step::Check {
                        h2 class="kith-heading-m" { "Now send your request" }
                        p class="kith-body" { "When you send it, the connecting team will see your answers." }
                        div id="send" {
                            button class="kith-button" id="form_token" type="submit" name="go" value="send" { "Send" }
                        }
                    } @else {
                        button class="kith-button" type="submit" name="go" value="continue" { "Continue" }
                    }
                    @if step != Step::About {
                        " "
                        button class="kith-button kith-button--secondary" type="submit" name="go" value="back" { "Back" }
                    }
                }
            } }
        },
    )
}

fn answer_row(id: &str, question: &str, answer: &str, change: Step) -> Markup {
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

fn check_answers(form: &Form, reference: &Reference) -> Markup {
    let methods: Vec<&str> = CONTACT_METHODS
        .iter()
        .filter(|(code, _)| form.values("contact_methods").contains(code))
        .map(|(_, label)| *label)
        .collect();
    let message = YES_NO
        .iter()
        .find(|(code, _)| *code == form.value("safe_to_leave_message"))
        .map_or("", |(_, label)| *label);
    let interests: Vec<&str> = form
        .values("interests")
        .into_iter()
        .filter_map(|v| v.parse::<i32>().ok())
        .filter_map(|id| reference.interest(id))
        .map(|i| i.name.as_str())
        .collect();
    let consent = if referral::form::ticked(form.value("consent")) {
        "Yes"
    } else {
        ""
    };
    html! {
        dl class="kith-summary-list" {
            (answer_row("name", "Name", form.value("name"), Step::About))
            (answer_row("phone", "Phone number", form.value("phone"), Step::About))
            (answer_row("email", "Email address", form.value("email"), Step::About))
            (answer_row("contact_methods", "How to get in touch", &methods.join(", "), Step::About))
            (answer_row("contact_times", "When is best", form.value("contact_times"), Step::About))
            (answer_row("safe_to_leave_message", "All right to leave a message", message, Step::About))
            (answer_row("postcode", "Postcode", form.value("postcode"), Step::Where))
            (answer_row("interests", "Things you might like", &interests.join(", "), Step::Interests))
            (answer_row("interests_other", "Anything else", form.value("interests_other"), Step::Interests))
            (answer_row("barriers", "What makes going out hard", form.value("barriers"), Step::GoingOut))
            (answer_row("access_needs", "Access or communication needs", form.value("access_needs"), Step::GoingOut))
            (answer_row("consent", "We may keep what you tell us", consent, Step::Consent))
        }
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

/// The first page. The form token is issued here and travels with the
/// answers to the last page.
pub async fn self_referral_start(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, WebError> {
    let token = Token::for_request(&req);
    let form = Form::new().with("form_token", &referral::new_form_token()?);
    Ok(private(
        step_page(&state.reference, Step::About, &form, &token),
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
    let step = Step::from_code(form.value("step")).unwrap_or(Step::About);
    let go = form.value("go").to_owned();
    let mut form = form.with_all("go", &[]);
    let show = |step: Step, form: &Form, status: StatusCode| {
        private_with_status(status, step_page(&state.reference, step, form, &token), &token, &req)
    };
    if let Some(target) = go.strip_prefix("change-").and_then(Step::from_code) {
        // Back to the check page once this page is answered again.
        let form = form.with("checking", "yes");
        return Ok(show(target, &form, StatusCode::OK));
    }
    if go == "back" {
        return Ok(show(step.previous(), &form, StatusCode::OK));
    }
    if step == Step::Check {
        return send_self(&req, &state, form, &token).await;
    }
    // The crate checks the whole referral; this page answers for its own
    // fields, and later pages for theirs.
    let typed = self_form_of(&form);
    let checked = run(&state, move |c| referral::form::check_self(c, &typed).map(drop)).await?;
    if let Err(e) = checked {
        for fe in e.field_errors() {
            if step.fields().contains(&fe.field) {
                form.error(fe.field, fe.message);
            }
        }
        if e.field_errors().is_empty() {
            return Err(e.into());
        }
    }
    if form.has_errors() {
        return Ok(show(step, &form, StatusCode::BAD_REQUEST));
    }
    let next = if form.value("checking") == "yes" {
        Step::Check
    } else {
        step.next()
    };
    Ok(show(next, &form, StatusCode::OK))
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
            return Ok(private(confirmation(&receipt, true), token, req));
        }
        Err(e) => refuse(&mut form, e)?,
    };
    Ok(private_with_status(
        status,
        step_page(&state.reference, Step::Check, &form, token),
        token,
        req,
    ))
}

// ---------------------------------------------------------------------------
// Professional referral, on one page

fn professional_page(reference: &Reference, form: &Form, token: &Token, signed_in: bool) -> Markup {
    let title = "Refer someone to the connecting team";
    page(
        &form.title(title),
        &crumbs(),
        html! {
            div class="kith-grid-row" { div class="kith-grid-column-two-thirds" {
                (form.summary())
                h1 class="kith-heading-l" { (title) }
                p class="kith-body" { "For GPs, social workers, housing officers and other professionals referring someone with their agreement." }
                @if !signed_in {
                    p class="kith-body" { "If you have an account, " a href={ "/sign-in?next=" (PROFESSIONAL_PATH) } { "sign in" } " and we will fill in your details." }
                }
                form method="post" action=(PROFESSIONAL_PATH) novalidate {
                    (token.field())
                    input type="hidden" name="form_token" value=(form.value("form_token"));
                    h2 class="kith-heading-m" { "About you" }
                    (form.input(Field::new("referrer_name", "Your name").kind("text", "name").width(20)))
                    (form.input(Field::new("referrer_role", "Your role").hint("For example, occupational therapist").kind("text", "organization-title").width(20)))
                    (form.input(Field::new("referrer_organisation", "Your organisation").kind("text", "organization")))
                    (form.input(Field::new("referrer_email", "Your work email address").kind("email", "email")))
                    (form.input(Field::new("referrer_phone", "Your work phone number").kind("tel", "tel").width(20)))
                    h2 class="kith-heading-m" { "The person you are referring" }
                    (form.input(Field::new("name", "Their name").kind("text", "off").width(20)))
                    (form.input(Field::new("phone", "Their phone number").hint("Optional if you give an email address").kind("tel", "off").width(20)))
                    (form.input(Field::new("email", "Their email address").hint("Optional if you give a phone number").kind("email", "off")))
                    (form.checkboxes("contact_methods", "How would they like us to get in touch?", Some("Tick all that suit them"), CONTACT_METHODS))
                    (form.input(Field::new("contact_times", "When is best to get in touch?").hint("Optional")))
                    (form.radios("safe_to_leave_message", "Is it all right to leave them a message?", Some("Optional"), YES_NO))
                    (form.input(Field::new("postcode", "Their postcode").hint("Optional").kind("text", "off").width(10)))
                    (form.checkbox_groups("interests", "Things they might like", Some("Tick any that interest them. Optional"), &interest_groups(reference)))
                    (form.textarea("interests_other", "Anything else they enjoy or would like to try?", Some("Optional")))
                    (form.textarea("barriers", "What makes going out hard for them?", Some("Optional")))
                    (form.textarea("access_needs", "Access or communication needs", Some("Optional")))
                    h2 class="kith-heading-m" { "Why you are referring them" }
                    (form.textarea("reason", "Reason for the referral", Some("Optional")))
                    (form.textarea("risks", "Any risks the team should know about", Some("For example, to a lone worker visiting. Optional")))
                    h2 class="kith-heading-m" { "Their agreement" }
                    p class="kith-body" { "Please tell them what we will do with what you send: " (referral::CONSENT_WORDING) }
                    (form.checkboxes("person_agreed", "Has the person agreed to this referral?", None, &[("yes", "They have agreed to be referred and to us keeping these details")]))
                    (form.checkboxes("wants_updates", "Would you like updates?", Some("We email you when we first speak to them, when a coach is allocated and when we finish"), &[("yes", "Send me updates")]))
                    (form.checkboxes("person_agreed_to_updates", "Has the person agreed that you may have updates?", None, &[("yes", "They agree that I may hear how it goes")]))
                    (honeypot(form))
                    div id="send" {
                        button class="kith-button" id="form_token" type="submit" { "Send referral" }
                    }
                }
            } }
        },
    )
}

/// The professional form; a signed-in person finds their details filled in.
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
    Ok(private(
        professional_page(&state.reference, &form, &token, viewer.is_some()),
        &token,
        &req,
    ))
}

pub async fn professional_send(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Option<Viewer>,
    fields: Fields,
) -> Result<HttpResponse, WebError> {
    let mut form = Form::submitted(&req, fields.into_inner())?;
    let token = Token::for_request(&req);
    let (site, client, t, typed) = (
        state.accounts.site.clone(),
        Client::of(&req),
        now(),
        professional_form_of(&form),
    );
    let referrer_id = viewer.as_ref().map(|v| v.person.id);
    let status = match run(&state, move |c| {
        referral::submit_professional(c, &site, &typed, referrer_id, client.origin(), t)
    })
    .await?
    {
        Ok(receipt) => {
            return Ok(private(confirmation(&receipt, false), &token, &req));
        }
        Err(e) => refuse(&mut form, e)?,
    };
    Ok(private_with_status(
        status,
        professional_page(&state.reference, &form, &token, viewer.is_some()),
        &token,
        &req,
    ))
}
