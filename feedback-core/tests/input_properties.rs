//! Properties of everything in `feedback-core` that reads input from outside: nothing panics on any
//! input, and what round-trips does so exactly. (Issue 8's hardening.) Host only: see Cargo.toml.
#![cfg(not(target_arch = "wasm32"))]

use feedback_core::delivery::webhook::{check_url, Secret};
use feedback_core::follow_up::link::{LinkClaims, LinkKeys, Purpose};
use feedback_core::follow_up::link_request::{CustomerAnswer, LinkRequest, ResolutionRequest};
use feedback_core::follow_up::scanner::{assess, Confirmation};
use feedback_core::follow_up::status::StatusChange;
use feedback_core::insight::dashboard::DashboardQuery;
use feedback_core::insight::item::csv_cell;
use feedback_core::insight::query::{Cursor, ReadQuery};
use feedback_core::{normalise_page, SiteSettings, Submission};
use proptest::prelude::*;
use time::macros::date;

const KEYS: &str = "k1:0123456789abcdef0123456789abcdef";

/// JSON-ish text: mostly valid objects with the submission's field names, sometimes garbage.
fn body() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        ".{0,40}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
    ];
    let key = prop_oneof![
        Just("site"),
        Just("page"),
        Just("rating"),
        Just("comment"),
        Just("reasons"),
        Just("contact"),
        Just("channel"),
        Just("idempotency_key"),
        Just("revision"),
        Just("locale"),
        Just("title"),
        Just("website"),
        Just("status"),
        Just("note"),
        Just("name"),
        Just("allowed_origins"),
        Just("urgency"),
        Just("public_results"),
        Just("rotate_read_token"),
        Just("id"),
    ];
    prop_oneof![
        prop::collection::vec((key, value), 0..8).prop_map(|fields| {
            let inner: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            format!("{{{}}}", inner.join(","))
        }),
        ".{0,200}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn request_bodies_never_panic(text in body()) {
        let _ = Submission::from_json(&text);
        let _ = StatusChange::from_json(&text);
        let _ = LinkRequest::from_json(&text);
        let _ = ResolutionRequest::from_json(&text);
        let _ = CustomerAnswer::parse(&text);
        let _ = SiteSettings::from_json(&text, true);
        let _ = SiteSettings::from_json(&text, false);
    }

    #[test]
    fn a_normalised_page_normalises_to_itself(
        scheme in prop_oneof![Just("http"), Just("https"), Just("HTTPS"), Just("ftp")],
        host in "[a-zA-Z0-9.-]{1,20}",
        port in prop::option::of(0u16..),
        path in "(/[a-zA-Z0-9%._~-]{0,8}){0,4}/?",
        query in prop::option::of("[a-z_]{1,6}=[a-z0-9]{0,4}(&[a-z_]{1,6}=[a-z0-9]{0,4}){0,3}"),
        fragment in prop::option::of("[a-z0-9-]{0,8}"),
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        let raw = format!("{scheme}://{host}{port}{path}{query}{fragment}");
        if let Ok(page) = normalise_page(&raw) {
            prop_assert_eq!(normalise_page(&page), Ok(page.clone()), "from {}", raw);
            prop_assert!(!page.contains('#') && !page.contains("utm_"));
        }
    }

    #[test]
    fn any_text_as_a_page_never_panics(text in ".{0,300}") {
        let _ = normalise_page(&text);
        let _ = check_url(&text, false);
        let _ = check_url(&text, true);
        let _ = Secret::parse(&text);
    }

    #[test]
    fn cursors_round_trip(created_at in "[0-9TZ:.-]{1,30}", id in "[a-zA-Z0-9-]{1,40}", junk in ".{0,60}") {
        let cursor = Cursor { created_at, id };
        prop_assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        let _ = Cursor::decode(&junk);
    }

    #[test]
    fn a_csv_cell_is_quoted_and_never_a_formula(value in ".{0,80}") {
        let cell = csv_cell(&value);
        prop_assert!(cell.starts_with('"') && cell.ends_with('"') && cell.len() >= 2);
        let inner = &cell[1..cell.len() - 1];
        let number = inner.parse::<f64>().is_ok_and(f64::is_finite) && !inner.starts_with('+');
        prop_assert!(number || !inner.starts_with(['=', '+', '-', '@', '\t', '\r']), "{}", cell);
        // Unquoting gives the value back (after the formula guard's apostrophe).
        let unquoted = inner.replace("\"\"", "\"");
        let guarded = format!("'{value}");
        prop_assert!(unquoted == value || unquoted == guarded, "{} from {:?}", cell, value);
    }

    #[test]
    fn read_and_dashboard_queries_never_panic(pairs in prop::collection::vec(("[a-z_]{1,10}", ".{0,30}"), 0..8)) {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let accepted = ["from", "to", "channel", "page", "rating", "spam", "cursor", "limit", "format"];
        let _ = ReadQuery::parse(pairs.iter().copied(), &accepted, date!(2026 - 11 - 23));
        let _ = DashboardQuery::parse(pairs.iter().copied(), date!(2026 - 11 - 23));
    }

    #[test]
    fn a_dashboard_link_reopens_the_same_view(
        days in prop_oneof![Just("7"), Just("30"), Just("90"), Just("365")],
        by in prop_oneof![Just("day"), Just("week")],
        sort in prop_oneof![Just("score"), Just("votes"), Just("helpful"), Just("negative"), Just("page")],
        order in prop_oneof![Just("asc"), Just("desc")],
        filter in "[a-zA-Z0-9 &=?/#%+]{0,12}",
        screen in 1u32..50,
        status in prop_oneof![Just("new"), Just("acknowledged"), Just("resolved"), Just("dismissed")],
    ) {
        let screen = screen.to_string();
        let pairs = [("days", days), ("by", by), ("sort", sort), ("order", order), ("q", filter.as_str()),
            ("p", screen.as_str()), ("status", status)];
        let view = DashboardQuery::parse(pairs, date!(2026 - 11 - 23)).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let link = view.link(&[("p", &screen)]);
        let reread: Vec<(String, String)> = url::form_urlencoded::parse(link.trim_start_matches('?').as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let again = DashboardQuery::parse(reread.iter().map(|(k, v)| (k.as_str(), v.as_str())), date!(2026 - 11 - 23));
        prop_assert_eq!(again, Ok(view));
    }

    #[test]
    fn links_open_only_as_signed(
        site in "[a-z0-9-]{1,20}",
        message in ".{1,40}",
        campaign in prop::option::of(".{0,20}"),
        expires in 1_800_000_000i64..2_100_000_000,
        flip in any::<prop::sample::Index>(),
        junk in ".{0,120}",
    ) {
        let keys = LinkKeys::parse(KEYS).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let claims = LinkClaims {
            purpose: Purpose::Vote,
            site,
            page: "https://docs.example.com/".into(),
            message,
            campaign,
            recipient: None,
            lang: None,
            expires,
        };
        let token = keys.sign(&claims);
        prop_assert_eq!(keys.verify(&token, 1_700_000_000), Ok(claims));
        // Change any one character: the link no longer opens.
        let mut bytes = token.clone().into_bytes();
        let i = flip.index(bytes.len());
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        if let Ok(changed) = String::from_utf8(bytes) {
            if changed != token {
                prop_assert!(keys.verify(&changed, 1_700_000_000).is_err());
            }
        }
        let _ = keys.verify(&junk, 1_700_000_000);
        let _ = keys.served_at(&token, &junk);
    }

    #[test]
    fn any_visitor_can_be_assessed(agent in ".{0,200}", ms in prop::option::of(any::<i64>()), octets in any::<[u8; 4]>()) {
        let _ = assess(&Confirmation {
            user_agent: &agent,
            address: Some(std::net::IpAddr::from(octets)),
            since_served_ms: ms,
            trap_followed: false,
        });
    }
}
