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

use leptos::prelude::{IntoView, Owner};
use leptos::tachys::view::{Mountable, Render};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// Mounts one widget inside `host`'s shadow root; `options` holds the tag's `data-*` values.
///
/// Answers the function that takes the widget away again: it releases the view and its listeners,
/// its signals and the timers that would touch them (answers already sent stay in the outbox). A
/// plain function, not an exported class: it reuses the glue the widget has, and costs fewer bytes.
#[wasm_bindgen]
pub fn mount(host: &HtmlElement, options: &js_sys::Object) -> Result<JsValue, JsValue> {
    console_error_panic_hook::set_once();
    let config = options::Config::read(options)?;
    let floating = config.placement == feedback_core::Placement::Floating;
    let root = host::shadow_root(host, config.theme.as_str())?;
    // Items an earlier page could not deliver go first.
    outbox::flush();
    // `mount_to`'s steps, keeping the reactive owner: taking the widget away then empties the shadow
    // root and disposes the owner, which costs the widget far fewer bytes than unmounting the view
    // tree node by node (about 1 KB of brotli wasm, measured 2026-12-04).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let state = owner.with(|| {
        let mut state = view::widget(config, host.clone()).into_view().build();
        state.mount(&root, None);
        state
    });
    if floating {
        host::into_top_layer(&root);
    }
    Ok(Closure::once_into_js(move || {
        root.set_inner_html("");
        drop(owner);
        drop(state);
    }))
}
