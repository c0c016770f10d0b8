//! The request body a submission travels in, written without `serde_json`.
//!
//! Why by hand: the widget sends this one kind of body, and `serde_json`'s serializer in its place made
//! every visitor download 327 B more (brotli, measured with `node bench/widget_weight.mjs` on
//! 2026-12-04). The wire shape stays serde's: the tests below compare both byte for byte on
//! thousands of submissions, so the derive on [`Submission`] remains the one definition of the format.

use super::submission::Submission;

/// JSON's escape for the control characters without a short form, as `serde_json` writes them.
const HEX: &[u8; 16] = b"0123456789abcdef";

impl Submission {
    /// The JSON body for `POST /v1/feedback`: exactly what `serde_json::to_string` writes.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        out.push('{');
        field(&mut out, "site", &self.site);
        field(&mut out, "page", &self.page);
        if let Some(rating) = self.rating {
            field(&mut out, "rating", rating.as_str());
        }
        for (key, value) in [
            ("comment", &self.comment),
            ("locale", &self.locale),
            ("title", &self.title),
        ] {
            if let Some(value) = value {
                field(&mut out, key, value);
            }
        }
        field(&mut out, "channel", self.channel.as_str());
        if !self.reasons.is_empty() {
            name(&mut out, "reasons");
            out.push('[');
            for (i, reason) in self.reasons.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(&mut out, reason.as_str());
            }
            out.push(']');
        }
        if let Some(contact) = &self.contact {
            name(&mut out, "contact");
            out.push('{');
            field(&mut out, "email", &contact.email);
            name(&mut out, "consent");
            out.push_str(if contact.consent { "true" } else { "false" });
            out.push('}');
        }
        for (key, value) in [("website", &self.website), ("notice", &self.notice)] {
            if let Some(value) = value {
                field(&mut out, key, value);
            }
        }
        field(&mut out, "idempotency_key", &self.idempotency_key);
        if self.revision != 0 {
            name(&mut out, "revision");
            out.push_str(&self.revision.to_string());
        }
        out.push('}');
        out
    }
}

/// `"name":"value"`, after a comma unless it is the object's first member.
fn field(out: &mut String, key: &str, value: &str) {
    name(out, key);
    string(out, value);
}

/// `"name":`, after a comma unless it is the object's first member.
fn name(out: &mut String, key: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    string(out, key);
    out.push(':');
}

/// A JSON string, escaped as `serde_json` escapes it (quote, backslash, control characters).
fn string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str("\\u00");
                out.push(char::from(HEX[c as usize >> 4]));
                out.push(char::from(HEX[c as usize & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::{Channel, Reason};
    use crate::intake::submission::Contact;
    use crate::rating::Rating;

    /// A small deterministic generator (xorshift), so a failure names a seed that repeats it.
    struct Dice(u64);

    impl Dice {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }

        /// Text that exercises every escape: controls, quotes, backslashes, DEL, accents, RTL, emoji.
        fn text(&mut self) -> String {
            const PIECES: [&str; 14] = [
                "a", "Z", " ", "\"", "\\", "/", "\u{7f}", "é", "ש", "😀", "\u{2028}", "<b>", "0",
                "\u{fffd}",
            ];
            (0..self.below(12))
                .map(|_| {
                    if self.below(4) == 0 {
                        String::from(char::from(u8::try_from(self.below(32)).unwrap_or(0)))
                    } else {
                        PIECES[self.below(PIECES.len())].to_owned()
                    }
                })
                .collect()
        }

        fn maybe(&mut self) -> Option<String> {
            (self.below(2) == 0).then(|| self.text())
        }
    }

    #[test]
    fn writes_exactly_what_serde_json_writes() {
        let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
        for seed in 0..5000 {
            let reasons = Reason::ALL
                .into_iter()
                .filter(|_| dice.below(3) == 0)
                .collect();
            let submission = Submission {
                site: dice.text(),
                page: dice.text(),
                rating: (dice.below(6) > 0).then(|| Rating::ALL[dice.below(Rating::ALL.len())]),
                comment: dice.maybe(),
                locale: dice.maybe(),
                title: dice.maybe(),
                channel: Channel::ALL[dice.below(Channel::ALL.len())],
                reasons,
                contact: (dice.below(2) == 0).then(|| Contact {
                    email: dice.text(),
                    consent: dice.below(2) == 0,
                }),
                website: dice.maybe(),
                notice: dice.maybe(),
                idempotency_key: dice.text(),
                revision: [0, 1, 7, 1000, u32::MAX][dice.below(5)],
            };
            let ours = submission.to_json();
            assert_eq!(
                ours,
                serde_json::to_string(&submission).unwrap(),
                "case {seed}"
            );
        }
    }

    #[test]
    fn a_body_it_writes_reads_back_as_the_same_submission() {
        let submission = Submission {
            site: "docs".into(),
            page: "https://example.com/guide".into(),
            rating: Some(Rating::Down),
            comment: Some("Step 3 says \"click\"\n but there is no button\u{1}".into()),
            locale: Some("nl".into()),
            title: Some("Guide".into()),
            channel: Channel::Web,
            reasons: vec![Reason::Incorrect, Reason::Other],
            contact: Some(Contact {
                email: "ana@example.com".into(),
                consent: true,
            }),
            website: None,
            notice: Some("n-0123456789abcdef".into()),
            idempotency_key: "0123456789abcdef0123456789abcdef".into(),
            revision: 2,
        };
        assert_eq!(Submission::from_json(&submission.to_json()), Ok(submission));
    }
}
