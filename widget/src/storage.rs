//! The browser's localStorage as JSON values, or memory when the browser refuses storage (private
//! modes, blocked cookies): the widget still works, it only forgets on reload.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

thread_local! {
    static FALLBACK: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text stored under `key`.
fn read_text(key: &str) -> Option<String> {
    match local() {
        Some(storage) => storage.get_item(key).ok()?,
        None => {
            FALLBACK.with_borrow(|all| all.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
        }
    }
}

fn write_text(key: &str, text: &str) {
    // A full storage loses the copy, not the attempt: the item is still sent from memory now.
    if let Some(storage) = local() {
        if storage.set_item(key, text).is_ok() {
            return;
        }
    }
    FALLBACK.with_borrow_mut(|all| {
        all.retain(|(k, _)| k != key);
        all.push((key.to_owned(), text.to_owned()));
    });
}

/// The JSON value under `key`, parsed by the browser; `None` when absent or unreadable.
pub fn read(key: &str) -> Option<JsValue> {
    js_sys::JSON::parse(&read_text(key)?).ok()
}

/// Stores `value` as JSON under `key`.
pub fn write(key: &str, value: &JsValue) {
    if let Some(text) = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
    {
        write_text(key, &text);
    }
}

/// A fresh object for building values to store.
pub fn object() -> js_sys::Object {
    js_sys::Object::new()
}

/// `object[name]`, if it is a string.
pub fn text(object: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// `object[name]`, if it is a number.
pub fn number(object: &JsValue, name: &str) -> Option<f64> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()?
        .as_f64()
}

/// Sets `object[name]`.
pub fn set(object: &JsValue, name: &str, value: impl Into<JsValue>) {
    // Setting a property on a plain object cannot fail.
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), &value.into());
}
