//! What the site publishes about the page (`data-results`, `data-notes`): one GET, fetched once per
//! widget without holding up the question — the results line, the site's note and a known-issue
//! notice.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Response;

/// A note or notice: its id, the site's text and the text's language.
pub type Published = (String, String, String);

/// What the page's public answer holds for this reader.
#[derive(Default)]
pub struct Page {
    /// "87% of 1,204 readers found this page helpful."
    pub line: Option<String>,
    /// What the site changed after feedback.
    pub note: Option<Published>,
    /// What the site knows is broken.
    pub notice: Option<Published>,
}

/// Calls `then(value)` when `promise` resolves; rejections are ignored (all of it is optional).
fn then(promise: &JsValue, on_value: impl FnOnce(JsValue) + 'static) {
    let resolved = Closure::once_into_js(on_value);
    if let Ok(then) = js_sys::Reflect::get(promise, &JsValue::from_str("then")) {
        let _ = then
            .unchecked_into::<js_sys::Function>()
            .call1(promise, &resolved);
    }
}

/// `object[key]`, when it is there.
fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| v.is_object() || v.is_string())
}

fn text(object: &JsValue, key: &str) -> Option<String> {
    field(object, key)?.as_string()
}

fn published(body: &JsValue, key: &str) -> Option<Published> {
    let item = field(body, key)?;
    Some((
        text(&item, "id")?,
        text(&item, "text")?,
        text(&item, "lang")?,
    ))
}

/// Fetches what the site publishes about `page` for a reader of `lang`, and hands it to `show`.
pub fn fetch(api: &str, site: &str, page: &str, lang: &str, show: impl FnOnce(Page) + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = format!(
        "{api}/v1/sites/{}/results?page={}&lang={lang}",
        String::from(js_sys::encode_uri_component(site)),
        String::from(js_sys::encode_uri_component(page)),
    );
    let promise = window.fetch_with_str(&url);
    then(&promise, move |response| {
        let response: Response = response.unchecked_into();
        // A site that publishes nothing answers 404: nothing to show, nothing to say.
        if !response.ok() {
            return;
        }
        if let Ok(json) = response.json() {
            then(&json, move |body| {
                show(Page {
                    line: text(&body, "line"),
                    note: published(&body, "note"),
                    notice: published(&body, "notice"),
                });
            });
        }
    });
}
