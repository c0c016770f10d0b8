//! Sending an answer to the collector.

use feedback_core::{Rating, Submission};
use gloo_net::http::Request;

/// Everything needed to post this widget's answers.
#[derive(Clone)]
pub struct Sender {
    api: String,
    site: String,
    page: String,
    locale: &'static str,
}

/// A fresh idempotency key; `getRandomValues` also works on plain-http pages, unlike `randomUUID`.
fn new_key() -> String {
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

impl Sender {
    /// A sender for one widget instance.
    pub fn new(api: String, site: String, page: String, locale: &'static str) -> Self {
        Self {
            api,
            site,
            page,
            locale,
        }
    }

    /// Posts one answer; the visitor has already been thanked, so failures are only logged.
    pub async fn send(&self, rating: Rating) {
        let submission = Submission {
            site: self.site.clone(),
            page: self.page.clone(),
            rating: Some(rating),
            locale: Some(self.locale.to_owned()),
            idempotency_key: new_key(),
            ..Submission::default()
        };
        let Ok(body) = serde_json::to_string(&submission) else {
            return;
        };
        let url = format!("{}/v1/feedback", self.api);
        let request = Request::post(&url)
            .header("content-type", "application/json")
            .body(body);
        match request {
            Ok(request) => match request.send().await {
                Ok(response) if response.ok() => {}
                Ok(response) => log(&format!(
                    "the collector refused the answer ({})",
                    response.status()
                )),
                Err(error) => log(&format!("the answer could not be sent: {error}")),
            },
            Err(error) => log(&format!("the answer could not be prepared: {error}")),
        }
    }
}

fn log(message: &str) {
    web_sys::console::warn_1(&format!("[feedback widget] {message}").into());
}
