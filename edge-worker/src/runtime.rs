//! What the Workers runtime gives us: the clock and secure randomness.

use time::{Date, OffsetDateTime};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid_js() -> String;
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buffer: &mut [u8]);
}

/// A fresh random UUID for a new item.
pub fn random_uuid() -> String {
    random_uuid_js()
}

/// `N` bytes from the runtime's secure random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    get_random_values(&mut bytes);
    bytes
}

/// The moment `millis` after 1970 as stored: ISO 8601 with milliseconds, UTC. The one formatter of
/// times the worker writes.
pub fn iso_at(millis: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(millis))
        .to_iso_string()
        .into()
}

/// The moment `secs` after 1970 as the API states expiries: RFC 3339, whole seconds, UTC.
pub fn iso_seconds(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The time of this request, read once so every value derived from it agrees.
pub struct Now {
    /// ISO 8601 with milliseconds, UTC: how times are stored.
    pub iso: String,
    /// The UTC day.
    pub day: Date,
    /// Milliseconds since the epoch.
    pub millis: f64,
}

impl Now {
    /// Reads the clock.
    pub fn read() -> Self {
        Self::at(js_sys::Date::now())
    }

    /// The moment `millis` after 1970: a queued item keeps the time it was received.
    pub fn at(millis: f64) -> Self {
        #[allow(clippy::cast_possible_truncation)] // milliseconds since 1970 fit an i128 easily
        let day = OffsetDateTime::from_unix_timestamp_nanos(millis as i128 * 1_000_000)
            .map_or(Date::MIN, OffsetDateTime::date);
        Self {
            iso: iso_at(millis),
            day,
            millis,
        }
    }
}

impl Now {
    /// Whole seconds since 1970.
    pub fn unix_secs(&self) -> i64 {
        self.unix_millis() / 1000
    }

    /// The moment `minutes` from now (negative: ago), formatted as stored.
    pub fn iso_in_minutes(&self, minutes: f64) -> String {
        iso_at(self.millis + minutes * 60_000.0)
    }

    /// Whole milliseconds since 1970.
    pub fn unix_millis(&self) -> i64 {
        // Milliseconds since 1970 fit an i64 with room to spare.
        #[allow(clippy::cast_possible_truncation)]
        let millis = self.millis as i64;
        millis
    }
}
