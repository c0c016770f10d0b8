//! The visitor's widget: Leptos views in a Shadow DOM, sending what the visitor answers.
//!
//! No rule lives here: what is valid, which page this is and what a visitor reads come from
//! `feedback-core`. The loader (`embed.js`) finds the host element and calls [`mount`].

mod host;
mod send;
mod view;

use feedback_core::{choose_page, strings_for};
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// What the loader passes from the script tag's `data-*` attributes.
struct Options {
    site: String,
    api: String,
    page: String,
    lang: String,
}

fn option(options: &js_sys::Object, name: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

impl Options {
    fn read(options: &js_sys::Object) -> Result<Self, JsValue> {
        let site = option(options, "site")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| JsValue::from_str("the script tag needs data-site=\"your-site-id\""))?;
        let api = option(options, "api")
            .ok_or_else(|| JsValue::from_str("the loader did not say where the API is"))?;
        let document = host::document()?;
        let address = document
            .location()
            .and_then(|l| l.href().ok())
            .unwrap_or_default();
        let canonical = host::canonical_link(&document);
        let data_page = option(options, "page").map(|p| host::absolute(&p, &address));
        let page = choose_page(data_page.as_deref(), canonical.as_deref(), &address).to_owned();
        let lang = option(options, "lang")
            .or_else(|| {
                document
                    .document_element()
                    .and_then(|e| e.get_attribute("lang"))
            })
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .unwrap_or_default();
        Ok(Self {
            site,
            api: api.trim_end_matches('/').to_owned(),
            page,
            lang,
        })
    }
}

/// Mounts one widget inside `host`'s shadow root; `options` holds the script tag's `data-*` values.
#[wasm_bindgen]
pub fn mount(host: &HtmlElement, options: &js_sys::Object) -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    let options = Options::read(options)?;
    let root = host::shadow_root(host)?;
    let strings = strings_for(&options.lang);
    let sender = send::Sender::new(options.api, options.site, options.page, strings.lang);
    leptos::mount::mount_to(root, move || {
        view::Widget(view::WidgetProps { strings, sender })
    })
    .forget();
    Ok(())
}
