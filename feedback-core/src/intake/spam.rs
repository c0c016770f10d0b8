//! Spam verdicts. Spam is stored and marked, never dropped silently: a false positive can be undone.

use serde::{Deserialize, Serialize};

use crate::intake::submission::Submission;

/// More links than this in one comment is link stuffing.
pub const MAX_LINKS: usize = 2;

/// Why an item looks like spam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpamReason {
    /// The hidden field that people never see was filled in.
    Honeypot,
    /// The comment is mostly links.
    LinkStuffing,
    /// The comment repeats one word or character over and over.
    RepeatedText,
}

impl SpamReason {
    /// The wire name, as stored in D1.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Honeypot => "honeypot",
            Self::LinkStuffing => "link_stuffing",
            Self::RepeatedText => "repeated_text",
        }
    }
}

fn links(text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    ["http://", "https://", "www."]
        .iter()
        .map(|p| lower.matches(p).count())
        .sum()
}

/// True for text that is one word or one character repeated: "buy buy buy buy buy buy", "!!!!!!…".
fn repeats(text: &str) -> bool {
    let words: Vec<_> = text.split_whitespace().map(str::to_lowercase).collect();
    if words.len() >= 6 {
        let first = &words[0];
        if words.iter().filter(|w| *w == first).count() * 10 >= words.len() * 8 {
            return true;
        }
    }
    let mut run = 1;
    let mut previous = None;
    for c in text.chars() {
        run = if Some(c) == previous { run + 1 } else { 1 };
        previous = Some(c);
        if run >= 20 {
            return true;
        }
    }
    false
}

/// The first spam signal an item shows, or `None` for an ordinary item.
pub fn verdict(submission: &Submission) -> Option<SpamReason> {
    if submission
        .website
        .as_deref()
        .is_some_and(|w| !w.trim().is_empty())
    {
        return Some(SpamReason::Honeypot);
    }
    let comment = submission.comment.as_deref()?;
    if links(comment) > MAX_LINKS {
        return Some(SpamReason::LinkStuffing);
    }
    repeats(comment).then_some(SpamReason::RepeatedText)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rating;

    fn with_comment(comment: &str) -> Submission {
        Submission {
            site: "demo".into(),
            page: "https://x.test/".into(),
            rating: Some(Rating::Down),
            comment: Some(comment.into()),
            idempotency_key: "abcdefgh".into(),
            revision: 0,
            ..Submission::default()
        }
    }

    #[test]
    fn ordinary_comments_are_not_spam() {
        for text in [
            "The install step fails on Windows 11, see https://example.com/issue",
            "no no no, this is wrong: the flag is --force",
            "Wow!!! Thanks",
        ] {
            assert_eq!(verdict(&with_comment(text)), None, "{text}");
        }
    }

    #[test]
    fn links_repeats_and_the_honeypot_are_marked() {
        let stuffed = "cheap https://a.test https://b.test www.c.test";
        assert_eq!(
            verdict(&with_comment(stuffed)),
            Some(SpamReason::LinkStuffing)
        );
        let repeated = "buy buy buy buy buy buy buy now";
        assert_eq!(
            verdict(&with_comment(repeated)),
            Some(SpamReason::RepeatedText)
        );
        assert_eq!(
            verdict(&with_comment(&"a".repeat(25))),
            Some(SpamReason::RepeatedText)
        );
        let mut bot = with_comment("fine");
        bot.website = Some("http://spam.test".into());
        assert_eq!(verdict(&bot), Some(SpamReason::Honeypot));
    }
}
