//! Forms in the GOV.UK pattern: labelled fields with hints, an error
//! summary at the top linking to each field, the message beside the field,
//! and everything typed kept (except passwords, which are never sent back).

use maud::{html, Markup};

use crate::csrf;
use crate::error::WebError;

/// A submitted (or empty) form: its values and its errors.
#[derive(Debug, Default, Clone)]
pub struct Form {
    values: Vec<(String, String)>,
    errors: Vec<(String, String)>,
}

/// How a text field is shown.
pub struct Field<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    /// `text`, `email`, `password`, `tel`…
    pub kind: &'a str,
    pub autocomplete: &'a str,
    /// CSS width class suffix, e.g. `20` for `kith-input--width-20`.
    pub width: Option<u8>,
}

impl<'a> Field<'a> {
    pub fn new(name: &'a str, label: &'a str) -> Field<'a> {
        Field {
            name,
            label,
            hint: None,
            kind: "text",
            autocomplete: "off",
            width: None,
        }
    }

    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = Some(hint);
        self
    }

    pub fn kind(mut self, kind: &'a str, autocomplete: &'a str) -> Self {
        self.kind = kind;
        self.autocomplete = autocomplete;
        self
    }

    pub fn width(mut self, width: u8) -> Self {
        self.width = Some(width);
        self
    }
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }

    /// A submitted form. Checks its CSRF token first: a form without a
    /// valid one changes nothing.
    pub fn submitted(req: &actix_web::HttpRequest, values: Vec<(String, String)>) -> Result<Form, WebError> {
        let form = Form {
            values,
            errors: Vec::new(),
        };
        csrf::verify(req, form.get(csrf::FIELD))?;
        Ok(form)
    }

    pub fn with(mut self, name: &str, value: &str) -> Form {
        self.values.retain(|(k, _)| k != name);
        self.values.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The first value for `name`, or "".
    pub fn value(&self, name: &str) -> &str {
        self.get(name).unwrap_or("")
    }

    /// Every value sent for `name` (checkboxes send one per ticked box).
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Replaces every value of `name`, for filling a form in from stored data.
    pub fn with_all(mut self, name: &str, values: &[&str]) -> Form {
        self.values.retain(|(k, _)| k != name);
        self.values
            .extend(values.iter().map(|v| (name.to_owned(), (*v).to_owned())));
        self
    }

    /// Every value as a hidden field (except the CSRF token and `step`),
    /// without the fields a page shows itself, so a journey of several
    /// pages can carry earlier answers in each form instead of storing a
    /// draft.
    pub fn hidden_fields_except(&self, shown: &[&str]) -> Markup {
        html! {
            @for (k, v) in self.values.iter().filter(|(k, _)| k != csrf::FIELD && k != "step" && !shown.contains(&k.as_str())) {
                input type="hidden" name=(k) value=(v);
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn error(&mut self, field: &str, message: impl Into<String>) {
        if self.error_for(field).is_none() {
            self.errors.push((field.to_owned(), message.into()));
        }
    }

    /// [`Form::error`] for a field above every other on the form, so the
    /// summary lists it first, as the form shows it, however late its
    /// check ran.
    pub fn error_first(&mut self, field: &str, message: impl Into<String>) {
        if self.error_for(field).is_none() {
            self.errors.insert(0, (field.to_owned(), message.into()));
        }
    }

    /// Keeps only the errors of `fields`: a page of a journey answers for
    /// the fields it shows, not for those of later pages.
    pub fn retain_errors(&mut self, fields: &[&str]) {
        self.errors.retain(|(k, _)| fields.contains(&k.as_str()));
    }

    /// 400 for a form sent back with errors, 200 otherwise.
    pub fn status(&self) -> actix_web::http::StatusCode {
        if self.has_errors() {
            actix_web::http::StatusCode::BAD_REQUEST
        } else {
            actix_web::http::StatusCode::OK
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    /// "Error: " before the page title when the form has errors, so screen
    /// reader users hear it first.
    pub fn title(&self, title: &str) -> String {
        if self.has_errors() {
            format!("Error: {title}")
        } else {
            title.to_owned()
        }
    }

    /// The error summary, or nothing. It takes the focus when the page
    /// loads (`autofocus`, so without JavaScript too), as in the GOV.UK
    /// pattern: screen readers read the problems first.
    pub fn summary(&self) -> Markup {
        error_summary(self.errors.iter().map(|(f, m)| (f.as_str(), m.as_str())))
    }

    /// A labelled text input with its hint and error, keeping what was typed.
    pub fn input(&self, f: Field<'_>) -> Markup {
        let error = self.error_for(f.name);
        let mut described = Vec::new();
        if f.hint.is_some() {
            described.push(format!("{}-hint", f.name));
        }
        if error.is_some() {
            described.push(format!("{}-error", f.name));
        }
        let class = match f.width {
            Some(w) => format!("kith-input kith-input--width-{w}"),
            None => "kith-input".to_owned(),
        };
        let value = if f.kind == "password" { "" } else { self.value(f.name) };
        html! {
            div class=(if error.is_some() { "kith-form-group kith-form-group--error" } else { "kith-form-group" }) {
                label class="kith-label" for=(f.name) { (f.label) }
                @if let Some(h) = f.hint {
                    div class="kith-hint" id={ (f.name) "-hint" } { (h) }
                }
                @if let Some(m) = error {
                    p class="kith-error-message" id={ (f.name) "-error" } { span class="kith-visually-hidden" { "Error: " } (m) }
                }
                input class=(class) id=(f.name) name=(f.name) type=(f.kind) value=(value)
                    autocomplete=(f.autocomplete) spellcheck="false"
                    aria-describedby=[(!described.is_empty()).then(|| described.join(" "))];
            }
        }
    }

    /// A labelled multi-line text box, keeping what was typed.
    pub fn textarea(&self, name: &str, label: &str, hint: Option<&str>) -> Markup {
        let error = self.error_for(name);
        html! {
            div class=(group_class(error)) {
                label class="kith-label" for=(name) { (label) }
                @if let Some(h) = hint {
                    div class="kith-hint" id={ (name) "-hint" } { (h) }
                }
                (error_message(name, error))
                textarea class="kith-textarea" id=(name) name=(name) rows="5"
                    aria-describedby=[described(name, hint.is_some(), error.is_some())] { (self.value(name)) }
            }
        }
    }

    /// One question answered by choosing one option: a fieldset of radios
    /// whose legend is the question. The first radio has the field's id so
    /// the error summary can link to it.
    pub fn radios(&self, name: &str, legend: &str, hint: Option<&str>, options: &[(&str, &str)]) -> Markup {
        self.choices("radio", name, legend, hint, options)
    }

    /// One question answered by ticking any number of options.
    pub fn checkboxes(&self, name: &str, legend: &str, hint: Option<&str>, options: &[(&str, &str)]) -> Markup {
        self.choices("checkbox", name, legend, hint, options)
    }

    fn choices(&self, kind: &str, name: &str, legend: &str, hint: Option<&str>, options: &[(&str, &str)]) -> Markup {
        let error = self.error_for(name);
        let chosen = self.values(name);
        let class = if kind == "radio" {
            "kith-radios"
        } else {
            "kith-checkboxes"
        };
        html! {
            div class=(group_class(error)) {
                fieldset class="kith-fieldset" aria-describedby=[described(name, hint.is_some(), error.is_some())] {
                    legend class="kith-fieldset__legend" { (legend) }
                    @if let Some(h) = hint {
                        div class="kith-hint" id={ (name) "-hint" } { (h) }
                    }
                    (error_message(name, error))
                    div class=(class) {
                        @for (i, (value, label)) in options.iter().enumerate() {
                            @let id = if i == 0 { name.to_owned() } else { format!("{name}-{i}") };
                            div class={ (class) "__item" } {
                                input class={ (class) "__input" } id=(id) name=(name) type=(kind) value=(value)
                                    checked[chosen.contains(value)];
                                label class={ "kith-label " (class) "__label" } for=(id) { (label) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One question answered by ticking any number of options sorted into
    /// groups (a long taxonomy), each group a fieldset with its own legend.
    /// Ids run on across the groups, so the first box still has the
    /// field's id for the error summary and no id repeats.
    pub fn checkbox_groups(
        &self,
        name: &str,
        legend: &str,
        hint: Option<&str>,
        groups: &[(&str, Vec<(String, &str)>)],
    ) -> Markup {
        let error = self.error_for(name);
        let chosen = self.values(name);
        let mut starts = Vec::with_capacity(groups.len());
        let mut n = 0;
        for (_, options) in groups {
            starts.push(n);
            n += options.len();
        }
        html! {
            div class=(group_class(error)) {
                fieldset class="kith-fieldset" aria-describedby=[described(name, hint.is_some(), error.is_some())] {
                    legend class="kith-fieldset__legend" { (legend) }
                    @if let Some(h) = hint {
                        div class="kith-hint" id={ (name) "-hint" } { (h) }
                    }
                    (error_message(name, error))
                    @for ((group, options), start) in groups.iter().zip(starts) {
                        fieldset class="kith-fieldset" {
                            legend class="kith-fieldset__legend kith-heading-s" { (group) }
                            div class="kith-checkboxes" {
                                @for (j, (value, label)) in options.iter().enumerate() {
                                    @let id = if start + j == 0 { name.to_owned() } else { format!("{name}-{}", start + j) };
                                    div class="kith-checkboxes__item" {
                                        input class="kith-checkboxes__input" id=(id) name=(name) type="checkbox" value=(value)
                                            checked[chosen.contains(&value.as_str())];
                                        label class="kith-label kith-checkboxes__label" for=(id) { (label) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A labelled drop-down, keeping what was chosen.
    pub fn select(&self, name: &str, label: &str, options: &[(&str, &str)]) -> Markup {
        let error = self.error_for(name);
        let chosen = self.value(name);
        html! {
            div class=(group_class(error)) {
                label class="kith-label" for=(name) { (label) }
                (error_message(name, error))
                select class="kith-select" id=(name) name=(name)
                    aria-describedby=[described(name, false, error.is_some())] {
                    @for (value, text) in options {
                        option value=(value) selected[*value == chosen] { (text) }
                    }
                }
            }
        }
    }
}

fn group_class(error: Option<&str>) -> &'static str {
    if error.is_some() {
        "kith-form-group kith-form-group--error"
    } else {
        "kith-form-group"
    }
}

fn error_message(name: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = error {
            p class="kith-error-message" id={ (name) "-error" } { span class="kith-visually-hidden" { "Error: " } (m) }
        }
    }
}

fn described(name: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{name}-hint"));
    }
    if error {
        ids.push(format!("{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The error summary for `(field id, message)` pairs, or nothing when there
/// are none; for forms that keep their errors elsewhere (the search page).
pub fn error_summary<'a>(errors: impl IntoIterator<Item = (&'a str, &'a str)>) -> Markup {
    let errors: Vec<(&str, &str)> = errors.into_iter().collect();
    html! {
        @if !errors.is_empty() {
            div class="kith-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus data-error-summary {
                h2 class="kith-error-summary__title" id="error-summary-title" { "There is a problem" }
                ul class="kith-error-summary__list" {
                    @for (field, message) in &errors {
                        li { a href={ "#" (field) } { (message) } }
                    }
                }
            }
        }
    }
}
