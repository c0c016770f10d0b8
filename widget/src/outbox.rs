//! Unsent items, kept in localStorage until the collector has them: retried with backoff, at once
//! when the browser is back online, and handed to `sendBeacon` when the page goes away.
//!
//! Each item is kept under its idempotency key, so a newer revision replaces an older one that was
//! never sent, and a retry never counts twice.

use std::cell::RefCell;

use feedback_core::ask::retry::{self, Next};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{RequestInit, Response};

use crate::storage;

const SLOT: &str = "feedback-widget:outbox:v1";

/// Told when the collector refuses an item for good.
type OnRefused = Box<dyn Fn()>;

thread_local! {
    /// Bodies on their way now, so one page never sends the same one twice at once.
    static IN_FLIGHT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// What to call when the collector refuses an item for good, by idempotency key.
    static ON_REFUSED: RefCell<Vec<(String, OnRefused)>> = RefCell::new(Vec::new());
    static LISTENING: RefCell<bool> = const { RefCell::new(false) };
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn all() -> JsValue {
    storage::read(SLOT)
        .filter(JsValue::is_object)
        .unwrap_or_else(|| storage::object().into())
}

fn keys(all: &JsValue) -> Vec<String> {
    all.dyn_ref::<js_sys::Object>()
        .map(|o| {
            js_sys::Object::keys(o)
                .iter()
                .filter_map(|k| k.as_string())
                .collect()
        })
        .unwrap_or_default()
}

fn entry(all: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(all, &JsValue::from_str(key))
        .ok()
        .filter(JsValue::is_object)
}

fn remove(all: &JsValue, key: &str) {
    let _ = js_sys::Reflect::delete_property(
        all.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str(key),
    );
}

/// Keeps `body` (the item under `key`) until it is delivered, and tries to send it now.
/// `on_refused` runs if the collector refuses it for good.
pub fn put(url: &str, key: &str, body: &str, on_refused: OnRefused) {
    listen();
    let all = all();
    let item = storage::object();
    storage::set(&item, "url", url);
    storage::set(&item, "body", body);
    storage::set(&item, "attempts", 0);
    storage::set(&item, "due", 0);
    storage::set(&item, "born", now());
    storage::set(&all, key, item);
    storage::write(SLOT, &all);
    ON_REFUSED.with_borrow_mut(|list| {
        list.retain(|(k, _)| k != key);
        list.push((key.to_owned(), on_refused));
    });
    flush();
}

/// Sends every item that is due; schedules the next look for those that are not.
pub fn flush() {
    listen();
    let all = all();
    let mut changed = false;
    for key in keys(&all) {
        let Some(item) = entry(&all, &key) else {
            continue;
        };
        let (Some(url), Some(body)) = (storage::text(&item, "url"), storage::text(&item, "body"))
        else {
            remove(&all, &key);
            changed = true;
            continue;
        };
        let born = storage::number(&item, "born").unwrap_or(0.0);
        #[allow(clippy::cast_precision_loss)] // a week in milliseconds is exact in f64
        if now() - born > retry::KEEP_MS as f64 {
            remove(&all, &key);
            changed = true;
            continue;
        }
        let wait = storage::number(&item, "due").unwrap_or(0.0) - now();
        if wait > 0.0 {
            later(wait);
        } else if !IN_FLIGHT.with_borrow(|f| f.contains(&body)) {
            send(key, &url, body);
        }
    }
    if changed {
        storage::write(SLOT, &all);
    }
}

fn later(millis: f64) {
    if let Some(window) = web_sys::window() {
        let again = Closure::once_into_js(flush);
        // Whole milliseconds; the delays are capped at minutes.
        #[allow(clippy::cast_possible_truncation)]
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            again.unchecked_ref(),
            millis.ceil() as i32,
        );
    }
}

fn send(key: String, url: &str, body: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    IN_FLIGHT.with_borrow_mut(|f| f.push(body.clone()));
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    // keepalive lets a send that started just before the page closed still finish.
    storage::set(&init, "keepalive", true);
    let headers = js_sys::Object::new();
    storage::set(&headers, "content-type", "application/json");
    init.set_headers(&headers);
    let promise = window.fetch_with_str_and_init(url, &init);
    let (k, b) = (key.clone(), body.clone());
    let answered = Closure::once_into_js(move |response: JsValue| {
        let response: Response = response.unchecked_into();
        let retry_after = response
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|s| s.trim().parse().ok());
        settle(&k, &b, response.status(), retry_after);
    });
    let failed = Closure::once_into_js(move |_: JsValue| settle(&key, &body, 0, None));
    // Self-freeing one-shot callbacks, handed to `then` as plain functions.
    if let Ok(then) = js_sys::Reflect::get(&promise, &JsValue::from_str("then")) {
        let _ = then
            .unchecked_into::<js_sys::Function>()
            .call2(&promise, &answered, &failed);
    }
}

/// Records what became of one attempt.
fn settle(key: &str, body: &str, status: u16, retry_after: Option<u64>) {
    IN_FLIGHT.with_borrow_mut(|f| f.retain(|b| b != body));
    let all = all();
    let Some(item) = entry(&all, key) else { return };
    // A newer revision replaced the item while this one was on its way: that one is sent next.
    if storage::text(&item, "body").as_deref() != Some(body) {
        flush();
        return;
    }
    // Attempts are few (a week of capped backoff), so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let attempts = storage::number(&item, "attempts").unwrap_or(0.0) as u32 + 1;
    match retry::after(status, attempts, js_sys::Math::random(), retry_after) {
        Next::Delivered => remove(&all, key),
        Next::Refused => {
            remove(&all, key);
            crate::host::warn(&format!(
                "the collector refused an answer (HTTP {status}); it cannot be stored"
            ));
            ON_REFUSED.with_borrow(|list| {
                if let Some((_, refused)) = list.iter().find(|(k, _)| k == key) {
                    refused();
                }
            });
        }
        Next::RetryAfter(millis) => {
            storage::set(&item, "attempts", attempts);
            #[allow(clippy::cast_precision_loss)]
            storage::set(&item, "due", now() + millis as f64);
            #[allow(clippy::cast_precision_loss)]
            later(millis as f64);
        }
    }
    storage::write(SLOT, &all);
}

/// Hands every unsent item to the browser as the page goes away. They stay in the outbox: the next
/// page retries them, and the collector recognises a beacon that did arrive as a duplicate.
fn beacon() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let all = all();
    for key in keys(&all) {
        let Some(item) = entry(&all, &key) else {
            continue;
        };
        if let (Some(url), Some(body)) = (storage::text(&item, "url"), storage::text(&item, "body"))
        {
            // A string body goes as text/plain, which needs no CORS preflight; the collector reads it.
            let _ = navigator.send_beacon_with_opt_str(&url, Some(&body));
        }
    }
}

fn listen() {
    if LISTENING.replace(true) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let online = Closure::<dyn Fn()>::new(flush);
    let leaving = Closure::<dyn Fn()>::new(beacon);
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("pagehide", leaving.as_ref().unchecked_ref());
    // They live as long as the page.
    online.forget();
    leaving.forget();
}

/// A fresh idempotency key; `getRandomValues` also works on plain-http pages, unlike `randomUUID`.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Without crypto, time and Math.random still make a collision vanishingly unlikely.
        let seed = js_sys::Date::now().to_bits() ^ js_sys::Math::random().to_bits();
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
    }
    feedback_core::hex(&bytes)
}
