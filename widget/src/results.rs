//! The page's public results (`data-results`): one GET, one line of text, fetched once per widget.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Response;

/// Calls `then(value)` when `promise` resolves; rejections are ignored (the line is optional).
fn then(promise: &JsValue, on_value: impl FnOnce(JsValue) + 'static) {
    let resolved = Closure::once_into_js(on_value);
    if let Ok(then) = js_sys::Reflect::get(promise, &JsValue::from_str("then")) {
        let _ = then
            .unchecked_into::<js_sys::Function>()
            .call1(promise, &resolved);
    }
}

/// Fetches the page's results line in `lang` and hands it to `show` when the site publishes one.
pub fn fetch(api: &str, site: &str, page: &str, lang: &str, show: impl FnOnce(String) + 'static) {
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
        // A site that does not publish answers 404: nothing to show, nothing to say.
        if !response.ok() {
            return;
        }
        if let Ok(json) = response.json() {
            then(&json, move |body| {
                let line = js_sys::Reflect::get(&body, &JsValue::from_str("line"))
                    .ok()
                    .and_then(|l| l.as_string());
                if let Some(line) = line {
                    show(line);
                }
            });
        }
    });
}
