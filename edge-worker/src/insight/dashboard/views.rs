//! The dashboard's HTML. maud escapes every value it is given, so nothing a visitor wrote can become
//! markup; the only unescaped text is our own constants.

use feedback_core::follow_up::page_note::{
    draft_notice, NoteKind, PageNote, DEFAULT_NOTICE_DAYS, MAX_NOTE_CHARS, MAX_NOTICE_DAYS,
};
use feedback_core::follow_up::status::{
    is_overdue, minutes_between, waiting_since, HistoryEntry, ACKNOWLEDGE_WITHIN_MINUTES,
};
use feedback_core::insight::dashboard::{
    arrange, format_count, format_share, screens, DashboardQuery, Granularity, OwnerFilter,
    SortKey, LIST_SIZE, PRESETS,
};
use feedback_core::insight::handling::Handling;
use feedback_core::insight::stats::Votes;
use feedback_core::intake::mood::feeling;
use feedback_core::language::Language;
use feedback_core::{strings_for, Channel, FieldError, Item, ItemStatus, Polarity, Rating, Reason};
use maud::{html, Markup, DOCTYPE};

use super::chart;
use crate::follow_up::links::make::ResolutionMessage;
use crate::store::page_alerts::Fired;
use crate::store::screens::{Figures, Inbox, Overview, PageDetail};

/// Which screen a page belongs to, for the navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Overview and pages table (page details belong here too).
    Overview,
    /// The urgent inbox.
    Inbox,
}

/// What every screen of one site shares.
pub struct Frame<'a> {
    /// The site's id.
    pub site: &'a str,
    /// The site's name.
    pub site_name: &'a str,
    /// Urgent items nobody has looked at.
    pub inbox_new: u64,
    /// Seconds between refreshes while the page is open.
    pub refresh_seconds: u32,
    /// When the figures were read (ISO 8601, UTC): shown to the second, and the clock new items wait by.
    pub read_at: &'a str,
    /// A message to confirm what just happened (after a status change).
    pub notice: Option<String>,
}

fn head(title: &str) -> Markup {
    html! {
        meta charset="utf-8";
        meta name="viewport" content="width=device-width, initial-scale=1";
        meta name="color-scheme" content="light dark";
        meta name="referrer" content="same-origin";
        title { (title) " · Feedback dashboard" }
        link rel="icon" href="/favicon.svg";
        link rel="stylesheet" href="/dashboard-assets/dashboard.css";
        script src="/dashboard-assets/dashboard.js" defer {}
    }
}

/// A whole page of one site's dashboard.
fn page(frame: &Frame, screen: Screen, title: &str, body: &Markup) -> Markup {
    let base = format!("/dashboard/{}", frame.site);
    html! {
        (DOCTYPE)
        html lang="en" {
            head { (head(&format!("{title} · {}", frame.site_name))) }
            body data-refresh-seconds=(frame.refresh_seconds) {
                a.skip href="#main" { "Skip to content" }
                header.top {
                    p.brand { span aria-hidden="true" { "◐ " } "Feedback · " (frame.site_name) }
                    nav aria-label="Dashboard" {
                        ul {
                            li { a href=(base) aria-current=[(screen == Screen::Overview).then_some("page")] { "Overview" } }
                            li {
                                a href=(format!("{base}/inbox")) aria-current=[(screen == Screen::Inbox).then_some("page")] {
                                    "Urgent inbox"
                                    span data-live="badge" {
                                        @if frame.inbox_new > 0 { " " span.badge { (format_count(frame.inbox_new)) span.visually-hidden { " new" } } }
                                    }
                                }
                            }
                        }
                    }
                    form method="post" action=(format!("{base}/logout")) aria-label="Sign out" { button.quiet type="submit" { "Sign out" } }
                }
                main #main tabindex="-1" {
                    @if let Some(notice) = &frame.notice { p.notice role="status" { (notice) } }
                    (body)
                }
                footer {
                    p { "Figures as of " span #read-at data-live="read-at" { (frame.read_at.get(11..19).unwrap_or(frame.read_at)) } " UTC; this page refreshes itself every " (frame.refresh_seconds) " seconds while it is open." }
                }
            }
        }
    }
}

/// The sign-in screen; `problem` says why the last attempt (or the visit) was refused.
pub fn sign_in(site: &str, problem: Option<&str>) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { (head("Sign in")) }
            body.signin {
                main #main {
                    h1 { "Feedback dashboard" }
                    p { "Sign in with your site's id and its read token (the " code { "fbr_…" } " token you got when the site was registered)." }
                    @if let Some(problem) = problem { p.error role="alert" #signin-error { (problem) } }
                    form method="post" action="/dashboard/login" {
                        p {
                            label for="site" { "Site id" }
                            input #site name="site" required autocomplete="username" value=(site) pattern="[a-z0-9-]{1,64}" spellcheck="false";
                        }
                        p {
                            label for="token" { "Read token" }
                            input #token name="token" type="password" required autocomplete="current-password" aria-describedby=[problem.map(|_| "signin-error")];
                        }
                        p { button type="submit" { "Sign in" } }
                    }
                }
            }
        }
    }
}

/// A refusal or a mistake, as a page with a way back.
pub fn message(title: &str, text: &str, back: &str, errors: &[FieldError]) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head { (head(title)) }
            body.signin {
                main #main {
                    h1 { (title) }
                    p role="alert" { (text) }
                    @if !errors.is_empty() {
                        ul { @for e in errors { li { code { (e.field) } ": " (e.message) } } }
                    }
                    p { a href=(back) { "Go back" } }
                }
            }
        }
    }
}

fn rating_label(rating: Option<Rating>) -> &'static str {
    rating.map_or("No rating", |r| strings_for("en").rating(r))
}

/// The word beside a mood figure; the reading itself is `feedback-core`'s.
fn mood_word(mood: Option<f64>) -> &'static str {
    mood.map_or("no comments", feeling)
}

fn mood_text(mood: Option<f64>) -> String {
    mood.map_or_else(|| "–".to_owned(), |m| format!("{m:+.2} ({})", feeling(m)))
}

fn figure_cards(figures: &Figures, urgent_link: &str) -> Markup {
    let votes = figures.votes;
    #[allow(clippy::cast_precision_loss)] // counts stay far below 2^52
    let solved_share =
        (figures.answered > 0).then(|| figures.solved as f64 / figures.answered as f64);
    html! {
        dl.figures {
            div { dt { "Answers" } dd { (format_count(votes.total())) } }
            div {
                dt { "Helpful" }
                dd { (format_share(votes.helpful_share())) }
                dd.small { (format_count(votes.positive)) " yes · " (format_count(votes.negative)) " no" }
            }
            div { dt { "Urgent" } dd { a href=(urgent_link) { (format_count(figures.urgent)) } } }
            div {
                dt { "Solved, say customers" }
                dd { (format_share(solved_share)) }
                dd.small { "of " (format_count(figures.answered)) " answers" }
            }
            div {
                dt { "Mood of comments" }
                dd { (figures.mood.map_or_else(|| "–".to_owned(), |m| format!("{m:+.2}"))) }
                dd.small { (mood_word(figures.mood)) " · over " (format_count(figures.moods)) " comments" }
            }
        }
    }
}

/// The range, grouping and channel controls; a plain GET form that keeps the other settings.
fn controls(query: &DashboardQuery, action: &str) -> Markup {
    html! {
        form.controls method="get" action=(action) aria-label="What to show" {
            @for (key, value) in query.pairs_except(&["days", "from", "to", "by", "channel", "p"]) { input type="hidden" name=(key) value=(value); }
            label {
                "Range "
                select name="days" {
                    @for days in PRESETS {
                        option value=(days) selected[query.preset == Some(days)] { "Last " (days) " days" }
                    }
                    @if query.preset.is_none() {
                        option value="" selected disabled { (chart::short_day(&feedback_core::insight::query::format_day(query.range.from))) " – " (chart::short_day(&feedback_core::insight::query::format_day(query.range.to))) }
                    }
                }
            }
            label {
                "Group by "
                select name="by" {
                    option value="day" selected[query.granularity == Granularity::Day] { "Day" }
                    option value="week" selected[query.granularity == Granularity::Week] { "Week" }
                }
            }
            label {
                "Channel "
                select name="channel" {
                    option value="" selected[query.channel.is_none()] { "All channels" }
                    @for channel in Channel::ALL {
                        option value=(channel.as_str()) selected[query.channel == Some(channel)] { (channel_label(channel)) }
                    }
                }
            }
            button type="submit" { "Show" }
        }
    }
}

fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::Web => "Web pages",
        Channel::Email => "E-mail",
        Channel::Kiosk => "Kiosk",
    }
}

fn column_label(key: SortKey) -> &'static str {
    match key {
        SortKey::Page => "Page",
        SortKey::Votes => "Answers",
        SortKey::Helpful => "Helpful",
        SortKey::Negative => "Not helpful",
        SortKey::Score => "Score",
    }
}

/// The overview: figures, trend, channels and the pages table.
pub fn overview(frame: &Frame, query: &DashboardQuery, data: Overview) -> Markup {
    let base = format!("/dashboard/{}", frame.site);
    let table = arrange(data.pages, query);
    let channel_total: u64 = data.channels.iter().map(|(_, v)| v.total()).sum();
    let body = html! {
        h1 { "Results" }
        (controls(query, &base))
        h2.visually-hidden { "Key figures" }
        div data-live="figures" {
            (figure_cards(&data.figures, &format!("{base}/inbox")))
            (under_notice_line(&data.under_notice))
        }
        (alerts(frame.site, &data.alerts))
        div.columns {
            section.wide aria-labelledby="trend-h" {
                h2 #trend-h { "Answers per " (query.granularity.as_str()) }
                div data-live="trend" { (chart::trend(&data.trend, "trend")) }
            }
            section aria-labelledby="channels-h" {
                h2 #channels-h { "Channels" }
                ul.bars data-live="channels" {
                    @for (channel, votes) in &data.channels {
                        li {
                            span.label { (channel_label(*channel)) }
                            span.value { (format_count(votes.total())) " · " (format_share(votes.helpful_share())) " helpful" }
                            (chart::share_bar(votes.total(), channel_total, "pos"))
                        }
                    }
                }
            }
        }
        (handling(&data.handling))
        section aria-labelledby="pages-h" {
            h2 #pages-h { "Pages" }
            form.filter method="get" action=(base) role="search" {
                @for (key, value) in query.pairs_except(&["q", "p", "status", "page"]) { input type="hidden" name=(key) value=(value); }
                label for="q" { "Find a page" }
                input #q type="search" name="q" value=[query.filter.as_deref()] placeholder="part of the address or title";
                button type="submit" { "Find" }
                @if query.filter.is_some() { a href=(format!("{base}{}", query.link(&[("q", "")]))) { "Show all pages" } }
            }
            div data-live="pages" {
                p.count { (format_count(table.matching as u64)) " pages" @if query.filter.is_some() { " match" } ". Ranked by score: the helpful share we are 95 % sure of, so three votes do not outrank three hundred." }
                @if table.rows.is_empty() {
                    p.empty { "No page has answers in this range" @if query.filter.is_some() { " that matches" } "." }
                } @else {
                    div.scroll {
                        table.pages {
                            caption.visually-hidden { "Pages, sorted by " (column_label(query.sort)) }
                            thead { tr {
                                @for key in SortKey::ALL {
                                    th scope="col" aria-sort=[(query.sort == key).then_some(if query.descending { "descending" } else { "ascending" })] {
                                        a href=(format!("{base}{}", query.sort_link(key))) {
                                            (column_label(key))
                                            @if query.sort == key { span aria-hidden="true" { @if query.descending { " ↓" } @else { " ↑" } } }
                                        }
                                    }
                                }
                                th scope="col" { "Trend" }
                            } }
                            tbody {
                                @for row in &table.rows {
                                    tr {
                                        th scope="row" {
                                            a href=(format!("{base}/page{}", query.link(&[("page", &row.stats.page), ("q", ""), ("sort", ""), ("order", "")]))) {
                                                @if let Some(title) = &row.title { span.title { (title) } }
                                                span.url { (row.stats.page) }
                                            }
                                        }
                                        td { (format_count(row.stats.votes)) }
                                        td { (format_share(row.stats.helpful_share)) }
                                        td { (format_count(row.stats.negative)) }
                                        td { (format!("{:.2}", row.stats.wilson_lower_bound)) }
                                        td { (chart::sparkline(&row.daily)) }
                                    }
                                }
                            }
                        }
                    }
                    (pager("Pages table", &base, query, table.screens, ("← Previous", "Next →")))
                }
            }
        }
    };
    page(frame, Screen::Overview, "Results", &body)
}

/// Previous and next links for a list cut into `screens` (none when one screen holds it all).
fn pager(
    label: &str,
    path: &str,
    query: &DashboardQuery,
    screens: u32,
    (back, forward): (&str, &str),
) -> Markup {
    let screen = query.screen.min(screens);
    let to = |n: u32| format!("{path}{}", query.link(&[("p", &n.to_string())]));
    html! {
        @if screens > 1 {
            nav.pager aria-label=(label) {
                @if screen > 1 { a href=(to(screen - 1)) rel="prev" { (back) } }
                span { "Screen " (screen) " of " (screens) }
                @if screen < screens { a href=(to(screen + 1)) rel="next" { (forward) } }
            }
        }
    }
}

fn history(entries: &[HistoryEntry]) -> Markup {
    html! {
        @if !entries.is_empty() {
            details.history {
                summary { "History (" (entries.len()) ")" }
                ol {
                    @for entry in entries {
                        li {
                            time datetime=(entry.at) { (entry.at.get(..16).unwrap_or(&entry.at).replace('T', " ")) }
                            @if entry.from != entry.to { " · " (entry.from.label()) " → " (entry.to.label()) }
                            @if let Some(moved) = &entry.owner {
                                " · owner " (moved.from.as_deref().unwrap_or("nobody")) " → " (moved.to.as_deref().unwrap_or("nobody"))
                            }
                            " · by " (entry.by.as_str())
                            @if let Some(note) = &entry.note { blockquote { (note) } }
                        }
                    }
                }
            }
        }
    }
}

/// One item as a card: what the visitor said, why it is urgent, where it stands, and a form to move it.
fn item_card(
    site: &str,
    item: &Item,
    entries: &[HistoryEntry],
    (back, now): (&str, &str),
    show_page: bool,
) -> Markup {
    let strings = strings_for("en");
    let form_id = format!("status-{}", item.id);
    html! {
        // Named by its heading (and page): with many items on screen, a screen-reader user moving
        // from one to the next hears which one it is, never the same name twice (the short id
        // tells apart two answers of the same second).
        article.item id=(format!("item-{}", item.id)) aria-labelledby=(if show_page { format!("{form_id}-h {form_id}-page") } else { format!("{form_id}-h") }) {
            header {
                h3 id=(format!("{form_id}-h")) {
                    span class=(format!("rating {}", item.rating.map_or("none", Rating::as_str))) { (rating_label(item.rating)) }
                    " · "
                    time datetime=(item.created_at) { (item.created_at.get(..19).unwrap_or(&item.created_at).replace('T', " ")) }
                    " · " (channel_label(item.channel))
                    span.visually-hidden { " · item " (item.id.get(..8).unwrap_or(&item.id)) }
                }
                span class=(format!("status {}", item.status.as_str())) { (item.status.label()) }
            }
            p.owner {
                @if let Some(team) = &item.team { "Team: " strong { (team) } " · " }
                @if let Some(owner) = &item.owner { "Owner: " strong { (owner) } } @else { "Unassigned" }
                @if let Some((minutes, overdue)) = waited(item, entries, now) {
                    " · waiting " (duration(minutes))
                    @if overdue { " " span.badge.overdue { "Overdue" } }
                }
            }
            @if show_page {
                p.page id=(format!("{form_id}-page")) { "On " a href=(format!("/dashboard/{site}/page?page={}", crate::web::url_encode(&item.page))) { (item.page) } }
            }
            @if !item.reasons.is_empty() {
                ul.chips aria-label="Reasons" { @for reason in &item.reasons { li { (strings.reason(*reason)) } } }
            }
            @if let Some(comment) = &item.comment { blockquote.comment { (comment) } }
            @if !item.urgent.is_empty() {
                p.urgent { strong { "Urgent: " } (item.urgent.iter().map(feedback_core::intake::urgency::UrgentReason::describe).collect::<Vec<_>>().join("; ")) }
            }
            @if let Some(email) = &item.contact_email {
                p.contact { "Agreed to be contacted at " a href=(format!("mailto:{email}")) { (email) } }
            }
            @if item.mood.is_some() { p.small { "Mood " (mood_text(item.mood)) } }
            @if let Some(answer) = &item.customer_answer {
                p.customer { strong { "Customer says: " } (if answer == "solved" { "it solved their problem" } else { "it did not solve their problem" }) }
            } @else if item.status == ItemStatus::Resolved && item.contact_email.is_some() {
                p.ask {
                    a href=(format!("/dashboard/{site}/items/{}/ask?back={}", item.id, crate::web::url_encode(back))) aria-describedby=(format!("{form_id}-h")) { "Ask the customer whether this solved their problem" }
                }
            }
            (history(entries))
            @if show_page {
                (status_form(site, item, back))
            } @else {
                details.triage {
                    summary { "Change status" }
                    (status_form(site, item, back))
                }
            }
        }
    }
}

/// How long a new item has waited for the team, in minutes, and whether that is overdue; `None`
/// for an item someone has acknowledged (its clock stopped).
fn waited(item: &Item, entries: &[HistoryEntry], now: &str) -> Option<(i64, bool)> {
    if item.status != ItemStatus::New {
        return None;
    }
    let since = waiting_since(&item.created_at, entries);
    let minutes = minutes_between(since, now)?.max(0);
    Some((minutes, is_overdue(item.status, minutes)))
}

/// `3 d 4 h`, `5 h 12 min`, `7 min`.
fn duration(minutes: i64) -> String {
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// How the range's urgent items were handled, for the site and each team: a table, the same
/// figures the read API's summary and the digest give.
fn handling((site, teams): &(Handling, Vec<Handling>)) -> Markup {
    let minutes = |m: Option<i64>| m.map_or_else(|| "–".to_owned(), duration);
    let row = |name: &str, h: &Handling| {
        html! {
            tr {
                th scope="row" { (name) }
                td { (format_count(h.urgent)) }
                td { (minutes(h.acknowledge_median_minutes)) }
                td { (minutes(h.acknowledge_p90_minutes)) }
                td { (minutes(h.resolve_median_minutes)) }
                td { (minutes(h.resolve_p90_minutes)) }
                td { (format_share(h.acknowledged_in_time_share)) @if let Some(s) = h.acknowledged_in_time_share { (chart::bar(s, "pos")) } }
                td { (format_share(h.solved_share)) " " span.small { "(" (format_count(h.customers_answered)) " answered)" } @if let Some(s) = h.solved_share { (chart::bar(s, "pos")) } }
            }
        }
    };
    html! {
        section aria-labelledby="handling-h" {
            h2 #handling-h { "How urgent feedback was handled" }
            div.table-wrap data-live="handling" {
                table {
                    caption { "Urgent items of the range: how long until someone acknowledged them and until they were resolved (median and the slowest tenth), the share acknowledged within the team's escalation window, and how many customers said the fix solved their problem." }
                    thead { tr {
                        th scope="col" { "Who" } th scope="col" { "Urgent" }
                        th scope="col" { "Acknowledged, median" } th scope="col" { "Acknowledged, 90th percentile" }
                        th scope="col" { "Resolved, median" } th scope="col" { "Resolved, 90th percentile" }
                        th scope="col" { "Acknowledged in time" } th scope="col" { "Solved, say customers" }
                    } }
                    tbody {
                        (row("Whole site", site))
                        @for team in teams { (row(&format!("Team {}", team.team.as_deref().unwrap_or_default()), team)) }
                    }
                }
            }
            @if site.timed < site.urgent {
                p.small { "Times and the share in time are measured on the newest " (format_count(site.timed)) " urgent items of the range; the counts are of all " (format_count(site.urgent)) "." }
            }
        }
    }
}

/// Moves an item to a status with a note: one compact row.
fn status_form(site: &str, item: &Item, back: &str) -> Markup {
    let form_id = format!("status-{}", item.id);
    html! {
        form.status-form method="post" action=(format!("/dashboard/{site}/items/{}/status", item.id)) aria-labelledby=(format!("{form_id}-move {form_id}-h")) {
            span.visually-hidden id=(format!("{form_id}-move")) { "Move along:" }
            input type="hidden" name="back" value=(back);
            p {
                label for=(format!("{form_id}-to")) { "Status" }
                select id=(format!("{form_id}-to")) name="status" {
                    @for status in ItemStatus::ALL {
                        option value=(status.as_str()) selected[status == item.status] { (status.label()) }
                    }
                }
            }
            p {
                label for=(format!("{form_id}-owner")) { "Owner" }
                input id=(format!("{form_id}-owner")) name="owner" type="text" maxlength="120" autocomplete="off" list="owners" value=[item.owner.as_deref()];
            }
            p.note {
                label for=(format!("{form_id}-note")) { "Note (optional)" }
                input id=(format!("{form_id}-note")) name="note" type="text" maxlength="1000" autocomplete="off";
            }
            p.note {
                input type="hidden" name="page" value=(item.page);
                label for=(format!("{form_id}-visitors")) { "When resolving: tell this page's visitors what you did (optional)" }
                input id=(format!("{form_id}-visitors")) name="visitor_note" type="text" maxlength=(MAX_NOTE_CHARS) autocomplete="off" aria-describedby=(format!("{form_id}-visitors-hint"));
                span.small id=(format!("{form_id}-visitors-hint")) { "Published as the page's note in the site's language, shown after visitors answer. Plain text, up to 280 characters." }
            }
            p { button type="submit" { "Save" } }
        }
    }
}

/// The "did this solve your problem?" message for a resolved item's customer, ready to send: to
/// whom, a subject, the text, the same as HTML, and a link that opens it in the marketer's mail app.
pub fn ask_customer(frame: &Frame, message: &ResolutionMessage, back: &str) -> Markup {
    let to = message.to.as_deref().unwrap_or_default();
    let subject = message.subject.as_deref().unwrap_or_default();
    let mailto = format!(
        "mailto:{}?subject={}&body={}",
        crate::web::url_encode(to),
        crate::web::url_encode(subject),
        crate::web::url_encode(&message.text)
    );
    let body = html! {
        p.crumbs { a href=(back) { "← Back to the inbox" } }
        h1 { "Ask the customer" }
        p { "This customer agreed to be contacted. Send them this message; their answer is stored on the item and shown in the inbox, and a “no” opens the item again. The links work until " time datetime=(message.expires_at) { (message.expires_at.get(..10).unwrap_or(&message.expires_at)) } "." }
        dl.message {
            dt { "To" } dd { a href=(format!("mailto:{to}")) { (to) } }
            dt { "Subject" } dd { (subject) }
        }
        p { a.button href=(mailto) { "Open in your mail app" } }
        p {
            label for="ask-text" { "The message as plain text" }
            textarea #ask-text readonly rows="8" { (message.text) }
        }
        p {
            // Its source, not the message drawn here: e-mail HTML styles itself inline, which the
            // dashboard's policy does not run.
            label for="ask-html" { "The message as HTML, for a mail tool that takes HTML" }
            textarea #ask-html readonly rows="8" { (message.html) }
        }
    };
    page(frame, Screen::Inbox, "Ask the customer", &body)
}

/// One page's detail: figures, trend, reasons, comments with their status, and the CSV export.
pub fn page_detail(frame: &Frame, query: &DashboardQuery, data: &PageDetail) -> Markup {
    let base = format!("/dashboard/{}", frame.site);
    let page_url = query.page.clone().unwrap_or_default();
    let strings = strings_for("en");
    let back = format!("{base}/page{}", query.link(&[]));
    let screens = screens(data.comment_count, u64::from(LIST_SIZE));
    let body = html! {
        p.crumbs { a href=(format!("{base}{}", query.link(&[("page", "")]))) { "← All pages" } }
        h1 { @if let Some(title) = &data.title { (title) } @else { "A page" } }
        p.url { a href=(page_url) rel="noopener noreferrer" { (page_url) } }
        (controls(query, &format!("{base}/page")))
        div data-live="figures" {
            (figure_cards(&data.figures, &format!("{base}/inbox")))
            (under_notice_line(&data.under_notice))
        }
        @if let Some(alert) = &data.alert {
            p.alert-line { strong { "This page alerted at " (short_time(&alert.fired_at)) ": " } "many visitors in a short time said it did not help. " a href=(format!("{base}/page{}#publish-notice", query.link(&[("draft", "notice")]))) { "Tell its visitors with a notice" } }
        }
        div.columns {
            section.wide aria-labelledby="trend-h" {
                h2 #trend-h { "Answers per " (query.granularity.as_str()) }
                div data-live="trend" { (chart::trend(&data.trend, "trend")) }
            }
            section aria-labelledby="reasons-h" {
                h2 #reasons-h { "Reasons visitors chose" }
                div data-live="reasons" {
                    @for (polarity, heading, id, class) in [
                        (Polarity::Negative, "Why it did not help", "reasons-neg-h", "neg"),
                        (Polarity::Positive, "Why it helped", "reasons-pos-h", "pos"),
                    ] {
                        @let chosen: Vec<&(Reason, u64)> = data.reasons.iter().filter(|(r, _)| r.polarity() == polarity).collect();
                        @let total: u64 = chosen.iter().map(|(_, n)| n).sum();
                        h3 id=(id) { (heading) }
                        @if chosen.is_empty() { p.empty { "None chosen in this range." } }
                        @else {
                            ul.bars aria-labelledby=(id) {
                                @for (reason, n) in chosen {
                                    li {
                                        span.label { (strings.reason(*reason)) }
                                        span.value { (format_count(*n)) }
                                        (chart::share_bar(*n, total, class))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="comments-h" {
            h2 #comments-h { "Comments" }
            p.actions {
                a.button href=(format!("{base}/export.csv{}", query.link(&[("p", "")]))) download { "Download this page's answers (CSV)" }
            }
            div data-live="comments" {
                p.count { (format_count(data.comment_count)) " comments in this range, newest first." }
                @for (item, entries) in &data.comments { (item_card(frame.site, item, entries, (&back, frame.read_at), false)) }
                (pager("Comments", &format!("{base}/page"), query, screens, ("← Newer", "Older →")))
            }
        }
        (notes_section(frame.site, &page_url, data, query.draft_notice, frame.read_at))
    };
    page(
        frame,
        Screen::Overview,
        data.title.as_deref().unwrap_or("A page"),
        &body,
    )
}

/// The urgent inbox: one tab per status, the chosen tab's items as cards.
pub fn inbox(frame: &Frame, query: &DashboardQuery, data: &Inbox) -> Markup {
    let base = format!("/dashboard/{}/inbox", frame.site);
    let back = format!("{base}{}", query.link(&[]));
    let shown = data.count(query.status);
    let screens = screens(shown, u64::from(LIST_SIZE));
    let body = html! {
        h1 { "Urgent inbox" }
        p { "Items your rules called urgent: strong words, very unhappy comments, requests to be contacted. Move each along as you deal with it; the note is kept in its history." }
        (alerts(frame.site, &data.alerts))
        // Whose items, and only the overdue ones: a GET form that keeps the tab.
        form.filter method="get" action=(base) aria-label="Whose items" {
            @if query.status != ItemStatus::New { input type="hidden" name="status" value=(query.status.as_str()); }
            p {
                label for="owner-filter" { "Owner" }
                select #owner-filter name="who" {
                    option value="" selected[query.owner == OwnerFilter::Anyone] { "Anyone" }
                    option value="-" selected[query.owner == OwnerFilter::Nobody] { "Unassigned" }
                    @for owner in &data.owners {
                        option value=(owner) selected[query.owner == OwnerFilter::Named(owner.clone())] { (owner) }
                    }
                }
            }
            @if !data.teams.is_empty() {
                p {
                    label for="team-filter" { "Team" }
                    select #team-filter name="team" {
                        option value="" selected[query.team.is_none()] { "Every team" }
                        @for team in &data.teams {
                            option value=(team) selected[query.team.as_ref().is_some_and(|t| t.as_str() == team)] { (team) }
                        }
                    }
                }
            }
            p.check {
                input #overdue-filter type="checkbox" name="overdue" value="1" checked[query.overdue];
                label for="overdue-filter" { "Overdue only (new for more than " (ACKNOWLEDGE_WITHIN_MINUTES / 60) " hours)" }
            }
            p { button type="submit" { "Show" } }
        }
        datalist #owners { @for owner in &data.owners { option value=(owner) {} } }
        nav.tabs aria-label="Status" data-live="tabs" {
            ul {
                @for (status, n) in &data.counts {
                    li { a href=(format!("{base}{}", query.link(&[("status", if *status == ItemStatus::New { "" } else { status.as_str() })]))) aria-current=[(*status == query.status).then_some("page")] { (status.label()) " " span.count { "(" (format_count(*n)) ")" } } }
                }
            }
        }
        div data-live="inbox" {
            @if data.items.is_empty() {
                p.empty { "Nothing " (query.status.label().to_lowercase()) " here." @if query.status == ItemStatus::New { " All caught up." } }
            }
            @for (item, entries) in &data.items { (item_card(frame.site, item, entries, (&back, frame.read_at), true)) }
            (pager("Inbox", &base, query, screens, ("← Newer", "Older →")))
        }
    };
    page(frame, Screen::Inbox, "Urgent inbox", &body)
}

/// `2026-12-04T10:00:00.000Z` as `2026-12-04 10:00 UTC`.
fn short_time(iso: &str) -> String {
    format!("{} UTC", iso.get(..16).unwrap_or(iso).replace('T', " "))
}

/// Unix milliseconds as [`short_time`].
fn time_of(ms: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    short_time(&crate::runtime::iso_at(ms as f64))
}

/// What a language is called in the dashboard's forms.
fn language_name(lang: Language) -> &'static str {
    match lang {
        Language::En => "English",
        Language::Nl => "Dutch",
        Language::De => "German",
        Language::Fr => "French",
        Language::Es => "Spanish",
        Language::Ar => "Arabic",
    }
}

/// Answers given under a known-issue notice, said apart from the figures (which leave them out).
fn under_notice_line(votes: &Votes) -> Markup {
    html! {
        @if votes.total() > 0 {
            p.under-notice {
                strong { "Given under a known-issue notice: " (format_count(votes.total())) }
                " (" (format_share(votes.helpful_share())) " helpful). Counted apart, not in the figures above: visitors told that something is broken judge the breakage."
            }
        }
    }
}

/// Pages that alerted this week, each one click from a notice prefilled for it.
fn alerts(site: &str, fired: &[Fired]) -> Markup {
    html! {
        @if !fired.is_empty() {
            section.alerts aria-labelledby="alerts-h" {
                h2 #alerts-h { "Pages that alerted this week" }
                ul {
                    @for alert in fired {
                        li {
                            a href=(format!("/dashboard/{site}/page?page={}", crate::web::url_encode(&alert.page))) { (alert.page) }
                            " · " (short_time(&alert.fired_at)) " · "
                            a href=(format!("/dashboard/{site}/page?page={}&draft=notice#publish-notice", crate::web::url_encode(&alert.page))) { "Publish a notice" span.visually-hidden { " for " (alert.page) } }
                        }
                    }
                }
            }
        }
    }
}

/// The language picker of a note form, the site's language chosen.
fn language_select(id: &str, chosen: Language) -> Markup {
    html! {
        label for=(id) { "Language" }
        select id=(id) name="lang" {
            @for lang in Language::ALL {
                option value=(lang.code()) selected[lang == chosen] { (language_name(lang)) }
            }
        }
    }
}

/// Where a note or notice stands, for the history.
fn note_state(note: &PageNote, now: i64) -> &'static str {
    if note.unpublished_at.is_some() {
        "Taken down"
    } else if note.is_live(now) {
        "Shown"
    } else {
        "Expired"
    }
}

/// "Tell visitors": the page's notes and notices, the forms that publish them, their history.
fn notes_section(site: &str, page_url: &str, data: &PageDetail, draft: bool, now: &str) -> Markup {
    let now = time::OffsetDateTime::parse(now, &time::format_description::well_known::Rfc3339)
        .map_or(0, |t| {
            i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
        });
    let action = format!("/dashboard/{site}/notes");
    html! {
        section #notes aria-labelledby="notes-h" {
            h2 #notes-h { "Tell visitors" }
            @if !data.public_notes {
                p { "Visitors see notes and notices once the site shows them: the operator turns on " code { "public_notes" } " in the site's settings (" code { "PATCH /v1/admin/sites/" (site) } "), and the embed tag carries " code { "data-notes" } "." }
            } @else {
                p { "Plain text, up to 280 characters, in the language you choose: visitors reading that language see it, others see the one in the site's language (" (language_name(data.language)) "). Only your words are ever shown." }
                div.columns {
                    form.note-form #publish-note method="post" action=(action) aria-labelledby="publish-note-h" {
                        h3 #publish-note-h { "You said, we did: a note shown after visitors answer" }
                        input type="hidden" name="kind" value=(NoteKind::Note.as_str());
                        input type="hidden" name="page" value=(page_url);
                        p {
                            label for="note-text" { "Note" }
                            textarea #note-text name="text" rows="3" maxlength=(MAX_NOTE_CHARS) required placeholder="Updated on 3 Dec after your feedback: step 3 now covers Windows." {}
                        }
                        p { (language_select("note-lang", data.language)) }
                        p { button type="submit" { "Publish note" } }
                    }
                    form.note-form #publish-notice method="post" action=(action) aria-labelledby="publish-notice-h" {
                        h3 #publish-notice-h { "Known issue: a notice shown before the question" }
                        input type="hidden" name="kind" value=(NoteKind::Notice.as_str());
                        input type="hidden" name="page" value=(page_url);
                        p {
                            label for="notice-text" { "Notice" }
                            textarea #notice-text name="text" rows="3" maxlength=(MAX_NOTE_CHARS) required placeholder="We know the export on this page fails; a fix is coming." {
                                @if draft { (draft_notice(data.language)) }
                            }
                        }
                        p { (language_select("notice-lang", data.language)) }
                        p {
                            label for="notice-days" { "Shown for (days)" }
                            input #notice-days name="days" type="number" min="1" max=(MAX_NOTICE_DAYS) value=(DEFAULT_NOTICE_DAYS) required;
                        }
                        p { button type="submit" { "Publish notice" } }
                    }
                }
            }
            h3 #notes-history-h { "History" }
            @if data.notes.is_empty() {
                p.empty { "Nothing published on this page yet." }
            } @else {
                table.notes aria-labelledby="notes-history-h" {
                    thead { tr { th scope="col" { "Kind" } th scope="col" { "Text" } th scope="col" { "Language" } th scope="col" { "Published" } th scope="col" { "Until" } th scope="col" { "State" } } }
                    tbody {
                        @for note in &data.notes {
                            tr {
                                td { (if note.kind == NoteKind::Note { "Note" } else { "Notice" }) }
                                td lang=(note.lang.code()) dir=(if note.lang == Language::Ar { "rtl" } else { "auto" }) { (note.text) }
                                td { (language_name(note.lang)) }
                                td { (time_of(note.published_at)) " · " (note.author) }
                                td { @if let Some(down) = note.unpublished_at { "taken down " (time_of(down)) } @else if let Some(at) = note.expires_at { (time_of(at)) } @else { "–" } }
                                td {
                                    (note_state(note, now))
                                    @if note_state(note, now) == "Shown" {
                                        form method="post" action=(format!("/dashboard/{site}/notes/{}/unpublish", note.id)) aria-labelledby=(format!("takedown-{}", note.id)) {
                                            button.quiet type="submit" id=(format!("takedown-{}", note.id)) { "Take down" span.visually-hidden { " the " (if note.kind == NoteKind::Note { "note" } else { "notice" }) " of " (time_of(note.published_at)) " (" (language_name(note.lang)) ")" } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use feedback_core::Channel;

    #[test]
    fn a_visitors_markup_is_text() {
        let item = Item {
            id: "i1".into(),
            created_at: "2026-11-22T10:00:00.000Z".into(),
            updated_at: "2026-11-22T10:00:00.000Z".into(),
            page: "https://x.test/\"><script>alert(1)</script>".into(),
            title: None,
            channel: Channel::Web,
            rating: Some(Rating::Down),
            reasons: Vec::new(),
            comment: Some("<img src=x onerror=alert(1)> & <b>bold</b>".into()),
            contact_email: Some("a\"@x.test".into()),
            locale: None,
            spam: None,
            mood: None,
            mood_words: Vec::new(),
            urgent: Vec::new(),
            status: ItemStatus::New,
            customer_answer: None,
            under_notice: None,
            owner: None,
            team: None,
        };
        let html = item_card(
            "demo",
            &item,
            &[],
            ("/dashboard/demo", "2026-11-22T12:00:00.000Z"),
            true,
        )
        .into_string();
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"));
        assert!(!html.contains("<script>") && !html.contains("<img"));
        assert!(html.contains("mailto:a&quot;@x.test"));
    }
}
