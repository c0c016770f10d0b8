//! A button and a status line that thanks, with one signal: the floor of a widget in Leptos.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Mounts the button and the status line into `host`.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement) {
    let status = RwSignal::new("");
    let handle = leptos::mount::mount_to(host, move || {
        view! {
            <button on:click=move |_| status.set("Thank you for your feedback!")>"Yes"</button>
            <p role="status">{move || status.get()}</p>
        }
    });
    handle.forget();
}
