//! What the visitor sees and does.

use feedback_core::{Rating, Strings};
use leptos::prelude::*;

use crate::send::Sender;

/// The thumbs question, answered with one click and thanked at once.
#[component]
pub fn Widget(strings: &'static Strings, sender: Sender) -> impl IntoView {
    let (chosen, set_chosen) = signal(None::<Rating>);
    let vote = move |rating: Rating| {
        set_chosen.set(Some(rating));
        let sender = sender.clone();
        leptos::task::spawn_local(async move { sender.send(rating).await });
    };
    let choice = move |rating: Rating, label: &'static str, icon: &'static str| {
        let vote = vote.clone();
        view! {
            <button
                type="button"
                class="choice"
                data-rating=rating.as_str()
                aria-pressed=move || (chosen.get() == Some(rating)).to_string()
                on:click=move |_| vote(rating)
            >
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=icon></path></svg>
                <span>{label}</span>
            </button>
        }
    };
    view! {
        <section class="fb" lang=strings.lang aria-label=strings.widget_label>
            <p class="question" id="question">{strings.question}</p>
            <div class="choices" role="group" aria-labelledby="question">
                {choice(Rating::Up, strings.yes, THUMB_UP)}
                {choice(Rating::Down, strings.no, THUMB_DOWN)}
            </div>
            <p class="status" role="status">{move || chosen.get().map(|_| strings.thanks)}</p>
        </section>
    }
}

const THUMB_UP: &str = "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z";
const THUMB_DOWN: &str = "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1.1l1.1 1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7c-.8 0-1.5.5-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z";
