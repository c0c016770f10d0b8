//! Telling a person's click from a mail security scanner's. Safe Links, Proofpoint, Mimecast and
//! their kind open every link in a message seconds after delivery, some run the page's script and
//! submit its forms. A GET therefore never records a vote; a confirmation is counted only when none
//! of these signals fire, and is logged as a suspected scanner when one does.

use std::net::IpAddr;

/// A confirmation sooner than this after the page was served is not a person reading it.
pub const MIN_HUMAN_MILLIS: i64 = 1500;

/// User-agent fragments of link scanners and automation (lower case).
const AGENTS: [&str; 14] = [
    "headlesschrome",
    "phantomjs",
    "python-requests",
    "python-urllib",
    "go-http-client",
    "curl/",
    "wget/",
    "bingpreview",
    "microsoft office",
    "ms-office",
    "proofpoint",
    "mimecast",
    "barracuda",
    "urlscan",
];

/// Address ranges scanners send from, with whose they are (published ranges of Microsoft's
/// Exchange Online Protection, Proofpoint and Mimecast; extend as new ones are seen in the log).
const RANGES: [(&str, u8, &str); 8] = [
    ("40.92.0.0", 15, "Microsoft Exchange Online Protection"),
    ("40.107.0.0", 16, "Microsoft Exchange Online Protection"),
    ("52.100.0.0", 14, "Microsoft Exchange Online Protection"),
    ("104.47.0.0", 17, "Microsoft Exchange Online Protection"),
    ("148.163.128.0", 19, "Proofpoint"),
    ("67.231.144.0", 20, "Proofpoint"),
    ("205.139.110.0", 24, "Mimecast"),
    ("207.211.30.0", 24, "Mimecast"),
];

/// What we know about one confirmation.
#[derive(Debug, Clone, Copy)]
pub struct Confirmation<'a> {
    /// The request's `User-Agent`.
    pub user_agent: &'a str,
    /// The connecting address, when known.
    pub address: Option<IpAddr>,
    /// Milliseconds between serving the landing page and this confirmation; `None` without a valid proof.
    pub since_served_ms: Option<i64>,
    /// Whether the page view's hidden link (invisible to people) was followed.
    pub trap_followed: bool,
}

/// Why a confirmation looks like a scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerSignal {
    /// The user agent names a scanner or automation.
    KnownAgent(&'static str),
    /// The address is in a scanner's range.
    KnownRange(&'static str),
    /// Sooner after the page than a person reads and taps.
    TooFast(i64),
    /// The page's hidden link was followed.
    TrapFollowed,
    /// No proof that the landing page was served (posted straight to the form's address).
    NoPage,
}

impl ScannerSignal {
    /// The reason as logged.
    pub fn describe(&self) -> String {
        match self {
            Self::KnownAgent(agent) => format!("scanner user agent ({agent})"),
            Self::KnownRange(owner) => format!("address of {owner}"),
            Self::TooFast(ms) => format!("confirmed {ms} ms after the page was served"),
            Self::TrapFollowed => "followed the page's hidden link".to_owned(),
            Self::NoPage => "confirmed without viewing the page".to_owned(),
        }
    }
}

fn in_range(address: IpAddr, base: &str, bits: u8) -> bool {
    match (address, base.parse::<IpAddr>()) {
        (IpAddr::V4(a), Ok(IpAddr::V4(b))) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(b) & mask
        }
        _ => false,
    }
}

/// The first scanner signal of a confirmation, or `None` when it looks like a person.
pub fn assess(confirmation: &Confirmation) -> Option<ScannerSignal> {
    let agent = confirmation.user_agent.to_ascii_lowercase();
    if agent.trim().is_empty() {
        return Some(ScannerSignal::KnownAgent("none"));
    }
    if let Some(name) = AGENTS.iter().find(|a| agent.contains(*a)) {
        return Some(ScannerSignal::KnownAgent(name));
    }
    if let Some(address) = confirmation.address {
        if let Some((_, _, owner)) = RANGES
            .iter()
            .find(|(base, bits, _)| in_range(address, base, *bits))
        {
            return Some(ScannerSignal::KnownRange(owner));
        }
    }
    if confirmation.trap_followed {
        return Some(ScannerSignal::TrapFollowed);
    }
    match confirmation.since_served_ms {
        None => Some(ScannerSignal::NoPage),
        Some(ms) if ms < MIN_HUMAN_MILLIS => Some(ScannerSignal::TooFast(ms)),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BROWSER: &str =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36";

    fn person() -> Confirmation<'static> {
        Confirmation {
            user_agent: BROWSER,
            address: "192.0.2.10".parse().ok(),
            since_served_ms: Some(4_000),
            trap_followed: false,
        }
    }

    #[test]
    fn a_person_taking_their_time_is_a_person() {
        assert_eq!(assess(&person()), None);
    }

    #[test]
    fn every_signal_is_caught() {
        let agent = Confirmation {
            user_agent: "Mozilla/5.0 HeadlessChrome/131.0",
            ..person()
        };
        assert_eq!(
            assess(&agent),
            Some(ScannerSignal::KnownAgent("headlesschrome"))
        );
        let microsoft = Confirmation {
            address: "40.93.1.2".parse().ok(),
            ..person()
        };
        assert_eq!(
            assess(&microsoft),
            Some(ScannerSignal::KnownRange(
                "Microsoft Exchange Online Protection"
            ))
        );
        let quick = Confirmation {
            since_served_ms: Some(400),
            ..person()
        };
        assert_eq!(assess(&quick), Some(ScannerSignal::TooFast(400)));
        let trapped = Confirmation {
            trap_followed: true,
            ..person()
        };
        assert_eq!(assess(&trapped), Some(ScannerSignal::TrapFollowed));
        let blind = Confirmation {
            since_served_ms: None,
            ..person()
        };
        assert_eq!(assess(&blind), Some(ScannerSignal::NoPage));
    }

    #[test]
    fn ranges_match_by_prefix_only() {
        let at = |a: &str| in_range(a.parse().unwrap(), "148.163.128.0", 19);
        assert!(at("148.163.159.255") && !at("148.163.160.0") && !at("::1"));
    }
}
