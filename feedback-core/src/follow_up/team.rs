//! Teams and routing: which team follows up an item, decided from its page, channel and language
//! when it is stored, and when an urgent item nobody acknowledged goes up to the team's escalation.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::language::Language;
use crate::problem::{json_object, unknown_keys, FieldError};
use crate::Channel;

/// The longest team name.
pub const MAX_TEAM_LEN: usize = 40;
/// The most routing rules a site may have: each item is matched against them in order.
pub const MAX_RULES: usize = 100;
/// The longest page pattern.
pub const MAX_PATTERN_LEN: usize = 300;
/// The most `*` in one pattern, which bounds the work of matching it.
pub const MAX_STARS: usize = 8;
/// Hours an urgent item waits before it is escalated when a team says nothing.
pub const DEFAULT_ESCALATE_AFTER_HOURS: u32 = 4;
/// The longest wait a team may set before escalating: 30 days.
pub const MAX_ESCALATION_HOURS: u32 = 720;

/// A team's name: 1 to 40 characters of a-z, 0-9 and `-`, starting with a letter or digit (it
/// appears in addresses such as `/teams/billing`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TeamName(String);

impl TeamName {
    /// Checks a name.
    pub fn parse(name: &str) -> Result<Self, TeamError> {
        let valid = (1..=MAX_TEAM_LEN).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.starts_with('-');
        if valid {
            Ok(Self(name.to_owned()))
        } else {
            Err(TeamError::Name(name.to_owned()))
        }
    }

    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for TeamName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// Why a team, a pattern or a routing rule cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamError {
    /// Not a team name.
    Name(String),
    /// Not a page pattern.
    Pattern(String, &'static str),
}

impl std::fmt::Display for TeamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Name(name) => write!(
                f,
                "“{name}” is not a team name: use 1 to {MAX_TEAM_LEN} characters of a-z, 0-9 and -, not starting with -"
            ),
            Self::Pattern(pattern, why) => write!(f, "“{pattern}” is not a page pattern: {why}"),
        }
    }
}

impl std::error::Error for TeamError {}

/// When a team's urgent items go up if nobody acknowledges them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Escalation {
    /// Hours after an item became urgent (or was reopened) before the first escalation.
    pub escalate_after_hours: u32,
    /// Hours before the second, if the team has one; always more than the first.
    pub second_level_after_hours: Option<u32>,
}

impl Default for Escalation {
    fn default() -> Self {
        Self {
            escalate_after_hours: DEFAULT_ESCALATE_AFTER_HOURS,
            second_level_after_hours: None,
        }
    }
}

impl Escalation {
    /// Reads a team's body (`{"escalate_after_hours": 4, "second_level_after_hours": 24}`); every
    /// broken rule is reported, naming its field. Missing fields take the defaults.
    pub fn from_json(body: &str) -> Result<Self, Vec<FieldError>> {
        let object = json_object(body)?;
        let mut errors = Vec::new();
        let own = |key: &str| key.to_owned();
        let keys = ["escalate_after_hours", "second_level_after_hours"];
        unknown_keys(&object, &keys, ("a team's settings", &own), &mut errors);
        let hours = |field: &str, errors: &mut Vec<FieldError>| match object.get(field) {
            None | Some(Value::Null) => None,
            Some(value) => match value.as_u64().and_then(|h| u32::try_from(h).ok()) {
                Some(hours) if (1..=MAX_ESCALATION_HOURS).contains(&hours) => Some(hours),
                _ => {
                    errors.push(FieldError::new(
                        field,
                        "range",
                        format!("must be a whole number of hours from 1 to {MAX_ESCALATION_HOURS}"),
                    ));
                    None
                }
            },
        };
        let first = hours("escalate_after_hours", &mut errors);
        let second = hours("second_level_after_hours", &mut errors);
        let escalation = Self {
            escalate_after_hours: first.unwrap_or(DEFAULT_ESCALATE_AFTER_HOURS),
            second_level_after_hours: second,
        };
        if second.is_some_and(|s| s <= escalation.escalate_after_hours) {
            errors.push(FieldError::new(
                "second_level_after_hours",
                "range",
                format!(
                    "must be more than escalate_after_hours ({})",
                    escalation.escalate_after_hours
                ),
            ));
        }
        if errors.is_empty() {
            Ok(escalation)
        } else {
            Err(errors)
        }
    }

    /// The level an urgent item that has waited `waited_seconds` unacknowledged has reached: 0
    /// (not yet), 1, or 2 (only with a second level). `hour_seconds` is an hour's length: 3600,
    /// shorter only in tests, as the webhook retries' unit is.
    pub fn level_due(&self, waited_seconds: i64, hour_seconds: i64) -> u8 {
        let passed = |hours: u32| waited_seconds >= i64::from(hours) * hour_seconds.max(1);
        match self.second_level_after_hours {
            Some(second) if passed(second) => 2,
            _ if passed(self.escalate_after_hours) => 1,
            _ => 0,
        }
    }
}

/// Where an urgent item stands with escalation: the wait it is in, and the level it reached in
/// the wait that began at `reached_since` (a reopened item waits anew, so an earlier wait's level
/// does not count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationState<'a> {
    /// When the current wait began (it became urgent, or was last reopened).
    pub waiting_since: &'a str,
    /// The level last recorded.
    pub reached: u8,
    /// The wait that level was reached in.
    pub reached_since: Option<&'a str>,
}

impl Escalation {
    /// The levels to announce for an item in `state` that has waited `waited_seconds`: each level
    /// due and not yet said in this wait, in order (a cron that was down may find one skipped).
    pub fn levels_to_announce(
        &self,
        state: EscalationState<'_>,
        waited_seconds: i64,
        hour_seconds: i64,
    ) -> std::ops::RangeInclusive<u8> {
        let reached = if state.reached_since == Some(state.waiting_since) {
            state.reached
        } else {
            0
        };
        reached + 1..=self.level_due(waited_seconds, hour_seconds)
    }
}

/// A page pattern of a routing rule. One that starts with `/` is matched against the page's path
/// (with its query and route fragment, if any); one that starts with `https://` or `http://`
/// against the whole page. Without `*` it is a prefix that ends at a boundary (`/billing` is
/// `/billing`, `/billing/…`, `/billing?…`, not `/billings`); with `*` the whole must match, each `*`
/// standing for any characters, `/` included (`/billing/*` is every page under `/billing/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePattern(String);

impl PagePattern {
    /// Checks a pattern.
    pub fn parse(pattern: &str) -> Result<Self, TeamError> {
        let refuse = |why| Err(TeamError::Pattern(pattern.to_owned(), why));
        if !(pattern.starts_with('/')
            || pattern.starts_with("https://")
            || pattern.starts_with("http://"))
        {
            return refuse("start it with / (a path) or https:// (a whole address)");
        }
        if pattern.len() > MAX_PATTERN_LEN {
            return refuse("it is longer than 300 characters");
        }
        if pattern.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return refuse("it contains spaces or control characters");
        }
        if pattern.matches('*').count() > MAX_STARS {
            return refuse("it has more than 8 *");
        }
        Ok(Self(pattern.to_owned()))
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `page` (a normalised page address) matches.
    pub fn matches(&self, page: &str) -> bool {
        let subject = if self.0.starts_with('/') {
            path_of(page)
        } else {
            page
        };
        if self.0.contains('*') {
            glob(self.0.as_bytes(), subject.as_bytes())
        } else {
            subject.strip_prefix(self.0.as_str()).is_some_and(|rest| {
                self.0.ends_with('/') || rest.is_empty() || rest.starts_with(['/', '?', '#'])
            })
        }
    }
}

/// Everything of a page address after its origin: `/billing?plan=pro` of
/// `https://acme.example/billing?plan=pro`, `/` when there is nothing after it.
fn path_of(page: &str) -> &str {
    let after_scheme = page.find("://").map_or(0, |at| at + 3);
    match page[after_scheme..].find(['/', '?', '#']) {
        Some(at) if page[after_scheme + at..].starts_with('/') => &page[after_scheme + at..],
        _ => "/",
    }
}

/// Whether `subject` matches `pattern` whole, `*` standing for any run of bytes: the classic
/// two-pointer walk that goes back to the last `*` on a mismatch (linear in practice, never worse
/// than the product of the lengths).
fn glob(pattern: &[u8], subject: &[u8]) -> bool {
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while s < subject.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, s));
            p += 1;
        } else if p < pattern.len() && pattern[p] == subject[s] {
            p += 1;
            s += 1;
        } else if let Some((star_p, star_s)) = star {
            p = star_p + 1;
            s = star_s + 1;
            star = Some((star_p, star_s + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

/// One routing rule: the items it takes and the team they go to. A missing condition takes all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    /// Which pages.
    pub page: Option<PagePattern>,
    /// Which channel.
    pub channel: Option<Channel>,
    /// Which language (the item's locale, its primary subtag).
    pub language: Option<Language>,
    /// Where the items go.
    pub team: TeamName,
}

impl RoutingRule {
    /// Whether an item of `page`, `channel` and `locale` is this rule's.
    pub fn takes(&self, page: &str, channel: Channel, locale: Option<&str>) -> bool {
        self.page.as_ref().is_none_or(|p| p.matches(page))
            && self.channel.is_none_or(|c| c == channel)
            && self
                .language
                .is_none_or(|l| locale.and_then(Language::from_tag) == Some(l))
    }
}

/// A site's routing: rules in order, the first that takes an item wins; else the default team;
/// else no team (the item goes to the site-wide endpoints only, as before teams).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Routing {
    /// The rules, first match wins.
    pub rules: Vec<RoutingRule>,
    /// The team of an item no rule takes.
    pub default_team: Option<TeamName>,
}

/// A routing change as the API receives it: the routing, and whether stored items move too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingChange {
    /// The new routing.
    pub routing: Routing,
    /// Whether items already stored get the team the new rules give them (by default they keep theirs).
    pub reassign: bool,
}

impl Routing {
    /// The team of an item of `page`, `channel` and `locale`.
    pub fn team_for(
        &self,
        page: &str,
        channel: Channel,
        locale: Option<&str>,
    ) -> Option<&TeamName> {
        self.rules
            .iter()
            .find(|rule| rule.takes(page, channel, locale))
            .map(|rule| &rule.team)
            .or(self.default_team.as_ref())
    }

    /// Every team the routing names, to check they exist.
    pub fn teams(&self) -> impl Iterator<Item = &TeamName> {
        self.rules
            .iter()
            .map(|r| &r.team)
            .chain(self.default_team.as_ref())
    }

    /// The routing as stored with the site and shown by the API.
    pub fn to_json(&self) -> Value {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|rule| {
                let mut object = Map::new();
                if let Some(page) = &rule.page {
                    object.insert("page".into(), page.as_str().into());
                }
                if let Some(channel) = rule.channel {
                    object.insert("channel".into(), channel.as_str().into());
                }
                if let Some(language) = rule.language {
                    object.insert("language".into(), language.code().into());
                }
                object.insert("team".into(), rule.team.as_str().into());
                Value::Object(object)
            })
            .collect();
        serde_json::json!({
            "rules": rules,
            "default_team": self.default_team.as_ref().map(TeamName::as_str),
        })
    }

    /// Reads the routing stored with a site; what cannot be read is no routing (it was checked
    /// when it was stored).
    pub fn from_stored(json: &str) -> Self {
        Self::from_json(json, |_| true)
            .map(|change| change.routing)
            .unwrap_or_default()
    }

    /// Reads a routing change (`{"rules": […], "default_team": "support", "reassign": false}`),
    /// with `known` saying which teams exist; every broken rule is reported, naming its field
    /// (`rules[2].page`).
    pub fn from_json(
        body: &str,
        known: impl Fn(&TeamName) -> bool,
    ) -> Result<RoutingChange, Vec<FieldError>> {
        let object = json_object(body)?;
        let mut errors = Vec::new();
        let own = |key: &str| key.to_owned();
        let keys = ["rules", "default_team", "reassign"];
        unknown_keys(&object, &keys, ("a routing", &own), &mut errors);
        let team = |field: &str, value: Option<&Value>, errors: &mut Vec<FieldError>| {
            let name = match value {
                Some(Value::String(name)) => name,
                None | Some(Value::Null) => return None,
                Some(_) => {
                    errors.push(FieldError::new(field, "type", "must be a team's name"));
                    return None;
                }
            };
            match TeamName::parse(name) {
                Ok(team) if known(&team) => Some(team),
                Ok(team) => {
                    let message = format!(
                        "there is no team “{}”; create it first with PUT /v1/admin/sites/{{site}}/teams/{}",
                        team.as_str(),
                        team.as_str()
                    );
                    errors.push(FieldError::new(field, "unknown_team", message));
                    None
                }
                Err(e) => {
                    errors.push(FieldError::new(field, "pattern", e.to_string()));
                    None
                }
            }
        };
        let default_team = team("default_team", object.get("default_team"), &mut errors);
        let none = Vec::new();
        let raw_rules = match object.get("rules") {
            None | Some(Value::Null) => &none,
            Some(Value::Array(rules)) if rules.len() <= MAX_RULES => rules,
            Some(Value::Array(_)) => {
                let message = format!("a site may have at most {MAX_RULES} rules");
                errors.push(FieldError::new("rules", "max_items", message));
                &none
            }
            Some(_) => {
                errors.push(FieldError::new(
                    "rules",
                    "type",
                    "must be an array of rules",
                ));
                &none
            }
        };
        let mut rules = Vec::with_capacity(raw_rules.len());
        for (i, raw) in raw_rules.iter().enumerate() {
            rules.extend(rule(i, raw, &team, &mut errors));
        }
        let reassign = match object.get("reassign") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(reassign)) => *reassign,
            Some(_) => {
                errors.push(FieldError::new("reassign", "type", "must be true or false"));
                false
            }
        };
        if errors.is_empty() {
            Ok(RoutingChange {
                routing: Routing {
                    rules,
                    default_team,
                },
                reassign,
            })
        } else {
            Err(errors)
        }
    }
}

/// Reads a team's name in `field`, reporting in the errors what is wrong with it.
type TeamReader<'a> = dyn Fn(&str, Option<&Value>, &mut Vec<FieldError>) -> Option<TeamName> + 'a;

/// Reads rule `i` of a routing, reporting what is broken in `errors`; `team` checks a team's name.
fn rule(
    i: usize,
    raw: &Value,
    team: &TeamReader<'_>,
    errors: &mut Vec<FieldError>,
) -> Option<RoutingRule> {
    let at = |field: &str| format!("rules[{i}].{field}");
    let Some(rule) = raw.as_object() else {
        errors.push(FieldError::new(
            &format!("rules[{i}]"),
            "type",
            "must be an object with team and optional page, channel and language",
        ));
        return None;
    };
    let keys = ["page", "channel", "language", "team"];
    unknown_keys(rule, &keys, ("a rule", &|key: &str| at(key)), errors);
    let text = |field: &str, errors: &mut Vec<FieldError>| match rule.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => {
            errors.push(FieldError::new(&at(field), "type", "must be a string"));
            None
        }
    };
    let page = text("page", errors).and_then(|p| {
        PagePattern::parse(&p)
            .map_err(|e| errors.push(FieldError::new(&at("page"), "pattern", e.to_string())))
            .ok()
    });
    let channel = text("channel", errors).and_then(|c| {
        let channel = Channel::parse(&c);
        if channel.is_none() {
            let names: Vec<_> = Channel::ALL.iter().map(|c| c.as_str()).collect();
            let message = format!("must be one of {}", names.join(", "));
            errors.push(FieldError::new(&at("channel"), "one_of", message));
        }
        channel
    });
    let language = text("language", errors).and_then(|l| {
        let language = Language::from_tag(&l).filter(|lang| lang.code() == l);
        if language.is_none() {
            let codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
            let message = format!("must be one of {}", codes.join(", "));
            errors.push(FieldError::new(&at("language"), "one_of", message));
        }
        language
    });
    if !rule.contains_key("team") {
        errors.push(FieldError::new(&at("team"), "required", "is required"));
    }
    let team = team(&at("team"), rule.get("team"), errors)?;
    Some(RoutingRule {
        page,
        channel,
        language,
        team,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routing(json: &str) -> Routing {
        Routing::from_json(json, |_| true).unwrap().routing
    }

    #[test]
    fn the_first_rule_that_takes_an_item_wins_else_the_default_team() {
        let routing = routing(
            r#"{"rules": [
                {"page": "/billing/*", "language": "de", "team": "billing-de"},
                {"page": "/billing/*", "team": "billing"},
                {"channel": "kiosk", "team": "stores"},
                {"page": "https://docs.acme.example/*", "team": "docs"}
            ], "default_team": "support"}"#,
        );
        let team = |page: &str, channel, locale| {
            routing
                .team_for(page, channel, locale)
                .map(|team| team.as_str().to_owned())
        };
        let shop = "https://shop.acme.example";
        let page = |path: &str| format!("{shop}{path}");
        assert_eq!(
            team(&page("/billing/invoices"), Channel::Web, Some("de-AT")),
            Some("billing-de".to_owned())
        );
        assert_eq!(
            team(&page("/billing/invoices"), Channel::Web, Some("nl")),
            Some("billing".to_owned())
        );
        assert_eq!(
            team(&page("/billing/invoices"), Channel::Web, None),
            Some("billing".to_owned())
        );
        assert_eq!(
            team(&page("/lobby"), Channel::Kiosk, None),
            Some("stores".to_owned())
        );
        assert_eq!(
            team("https://docs.acme.example/guide", Channel::Web, None),
            Some("docs".to_owned())
        );
        assert_eq!(
            team(&page("/pricing"), Channel::Web, None),
            Some("support".to_owned())
        );
        // `/billing/*` is the pages under /billing/, not /billing itself.
        assert_eq!(
            team(&page("/billing"), Channel::Web, None),
            Some("support".to_owned())
        );
        let no_default = Routing::default();
        assert_eq!(no_default.team_for(shop, Channel::Web, None), None);
    }

    #[test]
    fn a_pattern_without_a_star_is_a_prefix_that_ends_at_a_boundary() {
        let billing = PagePattern::parse("/billing").unwrap();
        for page in [
            "https://a.example/billing",
            "https://a.example/billing/invoices",
            "https://a.example/billing?plan=pro",
        ] {
            assert!(billing.matches(page), "{page}");
        }
        for page in [
            "https://a.example/billings",
            "https://a.example/",
            "https://a.example",
        ] {
            assert!(!billing.matches(page), "{page}");
        }
        assert!(PagePattern::parse("/")
            .unwrap()
            .matches("https://a.example"));
        let route = PagePattern::parse("/#/billing").unwrap();
        assert!(route.matches("https://app.example/#/billing/card"));
    }

    #[test]
    fn stars_match_any_characters_and_the_whole_must_match() {
        let cases = [
            ("/docs/*/install", "https://a.example/docs/v2/install", true),
            (
                "/docs/*/install",
                "https://a.example/docs/v2/beta/install",
                true,
            ),
            (
                "/docs/*/install",
                "https://a.example/docs/v2/install/more",
                false,
            ),
            ("/*.pdf", "https://a.example/files/price.pdf", true),
            (
                "/*a*a*a*a*b",
                "https://a.example/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                false,
            ),
            (
                "https://*.acme.example/*",
                "https://docs.acme.example/x",
                true,
            ),
            ("https://*.acme.example/*", "https://acme.example/x", false),
        ];
        for (pattern, page, expected) in cases {
            assert_eq!(
                PagePattern::parse(pattern).unwrap().matches(page),
                expected,
                "{pattern} {page}"
            );
        }
    }

    #[test]
    fn bad_routing_is_refused_naming_each_field() {
        let known = |team: &TeamName| team.as_str() != "ghosts";
        let errors = Routing::from_json(
            r#"{"rules": [
                {"page": "billing/*", "team": "billing"},
                {"page": "/ok", "team": "ghosts"},
                {"channel": "fax", "language": "pt", "team": "Billing Team"},
                {"page": "/x"},
                "docs"
            ], "default_team": "ghosts", "reasign": true}"#,
            known,
        )
        .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("reasign", "unknown"),
                ("default_team", "unknown_team"),
                ("rules[0].page", "pattern"),
                ("rules[1].team", "unknown_team"),
                ("rules[2].channel", "one_of"),
                ("rules[2].language", "one_of"),
                ("rules[2].team", "pattern"),
                ("rules[3].team", "required"),
                ("rules[4]", "type"),
            ]
        );
        assert!(errors[1]
            .message
            .contains("PUT /v1/admin/sites/{site}/teams/ghosts"));
    }

    #[test]
    fn routing_round_trips_through_its_stored_form() {
        let change = Routing::from_json(
            r#"{"rules": [{"page": "/billing/*", "channel": "web", "language": "nl", "team": "billing"}],
                "default_team": "support", "reassign": true}"#,
            |_| true,
        )
        .unwrap();
        assert!(change.reassign);
        let stored = change.routing.to_json().to_string();
        assert_eq!(Routing::from_stored(&stored), change.routing);
        assert_eq!(Routing::from_stored("not json"), Routing::default());
    }

    #[test]
    fn escalation_counts_hours_and_reaches_the_second_level_only_when_set() {
        let hour = 3600;
        let team =
            Escalation::from_json(r#"{"escalate_after_hours": 2, "second_level_after_hours": 8}"#)
                .unwrap();
        assert_eq!(team.level_due(2 * hour - 1, hour), 0);
        assert_eq!(team.level_due(2 * hour, hour), 1);
        assert_eq!(team.level_due(8 * hour - 1, hour), 1);
        assert_eq!(team.level_due(8 * hour, hour), 2);
        let default = Escalation::from_json("{}").unwrap();
        assert_eq!(default, Escalation::default());
        assert_eq!(default.level_due(4 * hour, hour), 1);
        assert_eq!(default.level_due(400 * hour, hour), 1);
        // A shortened hour, as the stories use: four "hours" of two seconds.
        assert_eq!(default.level_due(8, 2), 1);
    }

    #[test]
    fn each_level_is_announced_once_per_wait_and_a_new_wait_starts_again() {
        let team = Escalation {
            escalate_after_hours: 1,
            second_level_after_hours: Some(3),
        };
        let wait = "2026-12-01T08:00:00.000Z";
        let state = |reached, reached_since| EscalationState {
            waiting_since: wait,
            reached,
            reached_since,
        };
        let levels = |s, waited| team.levels_to_announce(s, waited, 3600).collect::<Vec<_>>();
        assert_eq!(levels(state(0, None), 1800), Vec::<u8>::new());
        assert_eq!(levels(state(0, None), 3600), [1]);
        assert_eq!(levels(state(1, Some(wait)), 7200), Vec::<u8>::new());
        // A cron that was down past both: each level once, in order.
        assert_eq!(levels(state(0, None), 4 * 3600), [1, 2]);
        assert_eq!(levels(state(2, Some(wait)), 40 * 3600), Vec::<u8>::new());
        // Reopened: the level of the earlier wait does not count.
        assert_eq!(
            levels(state(2, Some("2026-11-30T08:00:00.000Z")), 3600),
            [1]
        );
    }

    #[test]
    fn bad_team_settings_are_refused_naming_the_field() {
        let errors = Escalation::from_json(
            r#"{"escalate_after_hours": 0, "second_level_after_hours": 1.5, "colour": "red"}"#,
        )
        .unwrap_err();
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.rule.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("colour", "unknown"),
                ("escalate_after_hours", "range"),
                ("second_level_after_hours", "range")
            ]
        );
        let errors =
            Escalation::from_json(r#"{"escalate_after_hours": 6, "second_level_after_hours": 6}"#)
                .unwrap_err();
        assert_eq!(errors[0].field, "second_level_after_hours");
        assert!(TeamName::parse("billing-de").is_ok());
        for bad in ["", "-x", "Billing", "a b", &"x".repeat(41)] {
            assert!(TeamName::parse(bad).is_err(), "{bad}");
        }
    }
}
