//! The visitor's widget: Leptos views in a Shadow DOM, sending what the visitor answers.
//!
//! No rule lives here: what is valid, which page this is, what a visitor reads and when to retry
//! come from `feedback-core`. The loader (`embed.js`) finds the host element and calls [`mount`].

mod host;
mod memory;
mod options;
mod outbox;
mod results;
mod storage;
mod view;

// The build script's stylesheet minifier, tested with the crate's tests.
#[cfg(test)]
#[path = "../build/minify_css.rs"]
mod minify_css;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// Mounts one widget inside `host`'s shadow root; `options` holds the tag's `data-*` values.
#[wasm_bindgen]
pub fn mount(host: &HtmlElement, options: &js_sys::Object) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let config = options::Config::read(options)?;
    let root = host::shadow_root(host, config.theme.as_str())?;
    // Items an earlier page could not deliver go first.
    outbox::flush();
    let host = host.clone();
    leptos::mount::mount_to(root, move || view::widget(config, host)).forget();
    Ok(())
}
