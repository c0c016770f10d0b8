//! Every parser of `feedback-core` that reads outside input, fed arbitrary bytes: none may panic.
//! The first byte picks the parser; the rest is the input.
#![no_main]

use feedback_core::insight::dashboard::DashboardQuery;
use feedback_core::follow_up::link::LinkKeys;
use feedback_core::insight::query::{Cursor, ReadQuery};
use feedback_core::follow_up::status::StatusChange;
use feedback_core::delivery::webhook::{check_url, Secret};
use feedback_core::follow_up::link_request::{LinkRequest, ResolutionRequest};
use feedback_core::{normalise_page, SiteSettings, Submission};
use libfuzzer_sys::fuzz_target;
use time::macros::date;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 10 {
        0 => drop(Submission::from_json(&text)),
        1 => drop(normalise_page(&text)),
        2 => drop(check_url(&text, which & 0x80 != 0)),
        3 => drop(Secret::parse(&text)),
        4 => drop(Cursor::decode(&text)),
        5 => {
            drop(StatusChange::from_json(&text));
            drop(LinkRequest::from_json(&text));
            drop(ResolutionRequest::from_json(&text));
        }
        6 => drop(SiteSettings::from_json(&text, which & 0x80 != 0)),
        7 => {
            let pairs: Vec<(&str, &str)> = text
                .split('&')
                .filter_map(|pair| pair.split_once('='))
                .collect();
            let accepted = [
                "from", "to", "channel", "page", "rating", "spam", "cursor", "limit", "format",
            ];
            drop(ReadQuery::parse(
                pairs.iter().copied(),
                &accepted,
                date!(2026 - 11 - 23),
            ));
            drop(DashboardQuery::parse(
                pairs.iter().copied(),
                date!(2026 - 11 - 23),
            ));
        }
        8 => {
            // A comment in any language, or none: mood and urgency read it without panicking.
            let locale = ["en", "nl", "de", "fr", "es", "ar", "pt"].get(usize::from(which >> 4));
            let mood = feedback_core::intake::mood::mood(&text, locale.copied());
            assert!((-1.0..=1.0).contains(&mood.score));
            let rules = feedback_core::intake::urgency::UrgencyRules::default();
            drop(rules.assess(None, Some(&text), Some(&mood), false));
        }
        _ => {
            if let Ok(keys) = LinkKeys::parse("k1:0123456789abcdef0123456789abcdef") {
                drop(keys.verify(&text, 1_800_000_000));
                drop(keys.served_at(&text, &text));
            }
            drop(LinkKeys::parse(&text));
        }
    }
});
