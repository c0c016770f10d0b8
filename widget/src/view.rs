//! What the visitor sees and does: answer, thanked at once, then (optionally) say more.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use feedback_core::ask::answer::{click, next_revision, Click, KIOSK_RESET_SECONDS};
use feedback_core::intake::submission::{is_email, MAX_COMMENT_CHARS};
use feedback_core::{Contact, Mode, Placement, Polarity, Rating, Reason, Strings, Submission};
use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::memory::{self, Answer};
use crate::options::Config;
use crate::{host, outbox, results};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The question, with the earlier answer selected if there was one.
    Ask,
    /// Thanked; reasons, comment and contact may follow.
    More,
    /// Everything sent.
    Done,
}

/// What a widget knows that is not on screen.
struct Session {
    config: Config,
    host: HtmlElement,
    /// The item this visitor's answers on this page belong to, once there is one.
    answer: RefCell<Option<Answer>>,
    /// Bumped by every kiosk answer, so only the latest one's timer resets the kiosk.
    kiosk_turn: Cell<u32>,
}

/// The widget's state, copied into every handler.
#[derive(Clone, Copy)]
struct Ui {
    session: StoredValue<Session, LocalStorage>,
    strings: &'static Strings,
    mode: Mode,
    contact: bool,
    rating: RwSignal<Option<Rating>>,
    stage: RwSignal<Stage>,
    /// The line screen readers announce; empty until there is something to say.
    status: RwSignal<Option<&'static str>>,
    reasons: RwSignal<Vec<Reason>>,
    consent: RwSignal<bool>,
    /// What to fix, and in which field.
    error: RwSignal<Option<(Field, &'static str)>>,
    comment: NodeRef<html::Textarea>,
    email: NodeRef<html::Input>,
    /// What the site publishes about the page, once fetched: the results line (`data-results`),
    /// its note and a known-issue notice (`data-notes`), whose id every answer given under it carries.
    page: RwSignal<Option<&'static results::Page>>,
}

impl Ui {
    /// Records the next revision of this visitor's item and sends it.
    fn post(self, comment: Option<String>, contact: Option<Contact>) {
        let rating = self.rating.get_untracked();
        let reasons = self.reasons.get_untracked();
        let status = self.status;
        let refused = self.strings.refused();
        self.session.with_value(|session| {
            let config = &session.config;
            let mut slot = session.answer.borrow_mut();
            let previous = slot.take();
            let answer = match (
                next_revision(config.mode, previous.as_ref().map(|p| p.revision)),
                previous,
            ) {
                (Some(revision), Some(previous)) => Answer {
                    revision,
                    rating,
                    ..previous
                },
                _ => Answer {
                    key: outbox::new_key(),
                    revision: 0,
                    rating,
                },
            };
            let page = config.page_now();
            let submission = Submission {
                site: config.site.clone(),
                page: page.clone(),
                rating,
                comment,
                locale: Some(config.strings.lang.to_owned()),
                title: Some(config.title.clone()).filter(|t| !t.trim().is_empty()),
                channel: config.mode.channel(),
                reasons,
                contact,
                website: None,
                notice: self
                    .page
                    .get_untracked()
                    .and_then(|p| p.notice.as_ref())
                    .map(|(id, ..)| id.clone()),
                idempotency_key: answer.key.clone(),
                revision: answer.revision,
            };
            let body = submission.to_json();
            let url = format!("{}/v1/feedback", config.api);
            outbox::put(
                &url,
                &answer.key,
                &body,
                Box::new(move || status.set(Some(refused))),
            );
            host::announce(&session.host, &body);
            if config.mode.follows_up() {
                memory::remember(&config.site, &page, &answer);
            }
            *slot = Some(answer);
        });
    }

    fn vote(self, rating: Rating) {
        match click(self.mode, self.rating.get_untracked(), rating) {
            Click::SendAndReset => {
                self.rating.set(Some(rating));
                self.post(None, None);
                self.status.set(Some(self.strings.thanks()));
                let turn = self.session.with_value(|s| {
                    s.kiosk_turn.set(s.kiosk_turn.get() + 1);
                    s.kiosk_turn.get()
                });
                set_timeout(
                    move || {
                        // Only the latest answer's timer resets, and none once the widget is gone.
                        if self.session.try_with_value(|s| s.kiosk_turn.get()) == Some(turn) {
                            self.rating.set(None);
                            self.status.set(None);
                        }
                    },
                    Duration::from_secs(KIOSK_RESET_SECONDS),
                );
                return;
            }
            Click::OfferMore => {
                if self.stage.get_untracked() == Stage::Ask {
                    self.stage.set(Stage::More);
                }
                return;
            }
            Click::Send => {}
        }
        // Reasons explain one side: a change of side starts them afresh.
        if self.rating.get_untracked().map(Rating::polarity) != Some(rating.polarity()) {
            self.reasons.set(Vec::new());
        }
        self.rating.set(Some(rating));
        self.post(None, None);
        self.status.set(Some(self.strings.thanks()));
        self.stage.set(Stage::More);
    }

    fn toggle(self, reason: Reason) {
        self.reasons.update(|chosen| {
            if let Some(at) = chosen.iter().position(|r| *r == reason) {
                chosen.remove(at);
            } else {
                chosen.push(reason);
            }
        });
    }

    /// Sends the follow-up, or says what to fix.
    fn send_more(self) {
        let comment = self
            .comment
            .get_untracked()
            .map(|c| c.value().trim().to_owned())
            .filter(|c| !c.is_empty());
        if self.mode == Mode::Text && comment.is_none() {
            self.refuse(self.strings.comment_missing(), Field::Comment);
            return;
        }
        let contact = if self.consent.get_untracked() {
            let email = self
                .email
                .get_untracked()
                .map(|e| e.value().trim().to_owned())
                .unwrap_or_default();
            if !is_email(&email) {
                self.refuse(self.strings.email_invalid(), Field::Email);
                return;
            }
            Some(Contact {
                email,
                consent: true,
            })
        } else {
            None
        };
        self.error.set(None);
        let reasons_given = !self.reasons.with_untracked(Vec::is_empty);
        if comment.is_some() || contact.is_some() || reasons_given {
            self.post(comment, contact);
            self.status.set(Some(self.strings.thanks_more()));
        }
        self.stage.set(Stage::Done);
    }

    fn refuse(self, message: &'static str, field: Field) {
        self.error.set(Some((field, message)));
        let focused = match field {
            Field::Comment => self.comment.get_untracked().map(|e| e.focus()),
            Field::Email => self.email.get_untracked().map(|e| e.focus()),
        };
        drop(focused);
    }
}

/// The fields a follow-up can be refused for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Comment,
    Email,
}

/// The whole widget for one host element.
pub fn widget(config: Config, host: HtmlElement) -> impl IntoView {
    let recalled = if config.mode.follows_up() {
        memory::recall(&config.site, &config.page)
    } else {
        None
    };
    let strings = config.strings;
    let ui = Ui {
        strings,
        mode: config.mode,
        contact: config.contact,
        rating: RwSignal::new(recalled.as_ref().and_then(|a| a.rating)),
        stage: RwSignal::new(if config.mode == Mode::Text {
            Stage::More
        } else {
            Stage::Ask
        }),
        status: RwSignal::new(
            recalled
                .as_ref()
                .and_then(|a| a.rating)
                .map(|_| strings.earlier()),
        ),
        reasons: RwSignal::new(Vec::new()),
        consent: RwSignal::new(false),
        error: RwSignal::new(None),
        comment: NodeRef::new(),
        email: NodeRef::new(),
        page: RwSignal::new(None),
        session: StoredValue::new_local(Session {
            answer: RefCell::new(recalled),
            kiosk_turn: Cell::new(0),
            host,
            config,
        }),
    };
    let (question, placement) = ui
        .session
        .with_value(|s| (s.config.question(), s.config.placement));
    ui.session.with_value(|s| {
        let c = &s.config;
        if (c.results || c.notes) && c.mode != Mode::Kiosk {
            let (results, notes) = (c.results, c.notes);
            results::fetch(&c.api, &c.site, &c.page, c.strings.lang, move |mut page| {
                // Only what the tag asked for.
                if !results {
                    page.line = None;
                }
                if !notes {
                    (page.note, page.notice) = (None, None);
                }
                // Once per widget and page view: leaked, the texts are read as plain `&str`
                // wherever they are shown, which saves the widget's bytes.
                ui.page.set(Some(Box::leak(Box::new(page))));
            });
        }
    });
    let body = move || card(ui, question.clone());
    // `Either`, not `into_any()`: an erased view drags in the code to rebuild and re-own the whole
    // tree, which a widget built once never runs (6.8 KB of brotli wasm, BENCHMARKS.md).
    match placement {
        Placement::Inline => leptos::either::Either::Left(body()),
        Placement::Floating => leptos::either::Either::Right(floating(ui, body())),
    }
}

fn card(ui: Ui, question: String) -> impl IntoView {
    let ratings = ui.mode.ratings();
    let kind = match ui.mode {
        Mode::Thumbs => "fb thumbs",
        Mode::Smileys => "fb smileys",
        Mode::Text => "fb text",
        Mode::Kiosk => "fb kiosk",
    };
    view! {
        <div class=kind lang=ui.strings.lang dir=ui.strings.dir.as_str()>
            // Before the question, in reading order, and not a live region: it arrives with the
            // widget, and a shout would interrupt whatever the visitor was reading. The answers
            // name it as their description, so a visitor who tabs straight to them hears it.
            {published(ui, (ui.strings.notice_label(), "notice", "fb-notice"), |p| p.notice.as_ref(), false)}
            <p class="question" id="fb-question">{question}</p>
            {(!ratings.is_empty()).then(|| view! {
                <div class="choices" role="group" aria-labelledby="fb-question" aria-describedby="fb-notice">
                    {ratings.iter().map(|rating| choice(ui, *rating)).collect_view()}
                </div>
            })}
            // Present (empty) from the start, so screen readers announce the thank-you when it appears.
            <p class="status" role="status">{move || ui.status.get()}</p>
            // Only after an answer: seeing the share first would sway the vote, and a line that
            // appears after the visitor's own click shifts nothing unexpectedly. Empty (and hidden)
            // otherwise; one plain text binding keeps the cost to the widget's bytes small.
            <p class="results">
                {move || if answered(ui) { ui.page.get().and_then(|p| p.line.as_deref()).unwrap_or_default() } else { "" }}
            </p>
            // The site's own words on what it changed, after the visitor's answer (never before:
            // it would sway the vote), in the note's language.
            {published(ui, (ui.strings.note_label(), "note", "fb-note"), |p| p.note.as_ref(), true)}
            // Built once and hidden until asked, with its reasons and e-mail field: a second answer
            // finds what the visitor typed still there, and hiding costs the wasm 1.5 KB less
            // than building the form anew.
            {more(ui)}
        </div>
    }
}

/// Whether the visitor has answered, so what follows an answer may show.
fn answered(ui: Ui) -> bool {
    match ui.mode {
        Mode::Text => ui.stage.get() == Stage::Done,
        _ => ui.stage.get() != Stage::Ask,
    }
}

/// A note or notice the site published: its heading in the widget's language, then the site's
/// text in its own; once there is one, and (`after_answer`) once the visitor has answered.
fn published(
    ui: Ui,
    (heading, class, id): (&'static str, &'static str, &'static str),
    pick: fn(&results::Page) -> Option<&results::Published>,
    after_answer: bool,
) -> impl IntoView {
    let item = move || ui.page.get().and_then(pick);
    view! {
        <p class=class id=id hidden=move || (after_answer && !answered(ui)) || item().is_none()>
            <strong>{heading}</strong>
            " "
            <span lang=move || item().map_or("", |(_, _, lang)| lang.as_str()) dir="auto">{move || item().map_or("", |(_, text, _)| text.as_str())}</span>
        </p>
    }
}

fn choice(ui: Ui, rating: Rating) -> impl IntoView {
    view! {
        <button
            type="button"
            class="choice"
            data-rating=rating.as_str()
            aria-pressed=move || aria(ui.rating.get() == Some(rating))
            on:click=move |_| ui.vote(rating)
        >
            {icon(rating)}
            <span>{ui.strings.rating(rating)}</span>
        </button>
    }
}

fn more(ui: Ui) -> impl IntoView {
    let strings = ui.strings;
    let side = move || ui.rating.get().map(Rating::polarity);
    let negative = move || side() == Some(Polarity::Negative);
    let label = move || match (ui.mode, negative()) {
        (Mode::Text, _) => strings.comment_text(),
        (_, true) => strings.comment_negative(),
        (_, false) => strings.comment_positive(),
    };
    let invalid =
        move |field: Field| move || aria(ui.error.get().is_some_and(|(wrong, _)| wrong == field));
    view! {
        <form class="more" novalidate hidden=move || ui.stage.get() != Stage::More on:submit=move |event| {
            event.prevent_default();
            ui.send_more();
        }>
            // The chips of the answer's side show (the stylesheet reads `data-side`): one binding
            // for the group instead of one per chip.
            <div class="reasons" role="group" aria-labelledby="fb-reasons" data-side=move || match side() {
                Some(Polarity::Negative) => "negative",
                Some(Polarity::Positive) => "positive",
                _ => "",
            }>
                <p class="label" id="fb-reasons">{move || if negative() { strings.reasons_label() } else { strings.positive_reasons_label() }}</p>
                {Reason::ALL.map(|reason| view! {
                    <button
                        type="button"
                        class="chip"
                        data-side=if reason.polarity() == Polarity::Negative { "negative" } else { "positive" }
                        data-reason=reason.as_str()
                        aria-pressed=move || aria(ui.reasons.with(|r| r.contains(&reason)))
                        on:click=move |_| ui.toggle(reason)
                    >
                        {strings.reason(reason)}
                    </button>
                })}
            </div>
            <label class="label" for="fb-comment">{label}</label>
            <textarea
                id="fb-comment"
                rows="3"
                maxlength=MAX_COMMENT_CHARS
                aria-required=aria(ui.mode == Mode::Text)
                aria-invalid=invalid(Field::Comment)
                aria-describedby="fb-error"
                node_ref=ui.comment
            ></textarea>
            {ui.contact.then(|| view! {
                <label class="consent">
                    <input
                        type="checkbox"
                        id="fb-consent"
                        on:change=move |event| ui.consent.set(event_target_checked(&event))
                    />
                    <span>{strings.contact_consent()}</span>
                </label>
                <label class="label" for="fb-email" hidden=move || !ui.consent.get()>{strings.email_label()}</label>
                <input
                    id="fb-email"
                    type="email"
                    autocomplete="email"
                    hidden=move || !ui.consent.get()
                    aria-invalid=invalid(Field::Email)
                    aria-describedby="fb-error"
                    node_ref=ui.email
                />
            })}
            <p class="error" id="fb-error" aria-live="assertive">{move || ui.error.get().map(|(_, message)| message)}</p>
            <button type="submit" class="send">{strings.send()}</button>
        </form>
    }
}

fn floating(ui: Ui, card: impl IntoView + 'static) -> impl IntoView {
    let open = RwSignal::new(false);
    let launcher = NodeRef::<html::Button>::new();
    let panel = NodeRef::<html::Div>::new();
    let close = move || {
        open.set(false);
        if let Some(button) = launcher.get_untracked() {
            let _ = button.focus();
        }
    };
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        if open.get_untracked() {
            // After the panel is shown, its first control takes the focus.
            request_animation_frame(move || {
                let first = panel
                    .get_untracked()
                    .and_then(|p| p.query_selector("button.choice, textarea").ok().flatten());
                if let Some(first) =
                    first.and_then(|f| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(f).ok())
                {
                    let _ = first.focus();
                }
            });
        }
    };
    view! {
        <div class="floating" popover="manual" dir=ui.strings.dir.as_str() lang=ui.strings.lang>
            <div
                class="panel"
                id="fb-panel"
                role="dialog"
                aria-label=ui.strings.widget_label()
                hidden=move || !open.get()
                node_ref=panel
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        close();
                    }
                }
            >
                <button type="button" class="close" aria-label=ui.strings.close() on:click=move |_| close()>
                    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path class="stroke" d=CROSS></path></svg>
                </button>
                {card}
            </div>
            <button
                type="button"
                class="launcher"
                aria-expanded=move || aria(open.get())
                aria-controls="fb-panel"
                node_ref=launcher
                on:click=toggle
            >
                {ui.strings.open()}
            </button>
        </div>
    }
}

/// An ARIA state attribute's value.
fn aria(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

fn icon(rating: Rating) -> impl IntoView {
    let (class, path) = match rating {
        Rating::Up => ("fill", THUMB_UP),
        Rating::Down => ("fill", THUMB_DOWN),
        Rating::Sad => ("stroke", FACE_SAD),
        Rating::Neutral => ("stroke", FACE_NEUTRAL),
        Rating::Happy => ("stroke", FACE_HAPPY),
    };
    view! {
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path class=class d=path></path></svg>
    }
}

const THUMB_UP: &str = "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z";
const THUMB_DOWN: &str = "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z";
/// A face: its outline and eyes, then the mouth that tells the faces apart.
macro_rules! face {
    ($mouth:literal) => {
        concat!(
            "M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20M9 9.5v.01M15 9.5v.01",
            $mouth
        )
    };
}
const FACE_SAD: &str = face!("M8 16.5c2.4-2.4 5.6-2.4 8 0");
const FACE_NEUTRAL: &str = face!("M8.5 15h7");
const FACE_HAPPY: &str = face!("M8 14c2.4 3 5.6 3 8 0");
const CROSS: &str = "M6 6l12 12M18 6L6 18";
