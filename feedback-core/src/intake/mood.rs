//! The mood of a comment in English or Dutch: a small lexicon, explainable word by word.
//!
//! Source: our own list, below. No maintained lexicon crate covers Dutch, and the usual data sets
//! (AFINN, VADER, Pattern) carry licences or sizes that do not fit a worker; the list holds the words
//! people use when a page or a service fails them, weighted -3 (worst) to +3 on the AFINN scale. A
//! negation word (not, never, no, niet, geen, nooit) turns the next scored word around. The score is
//! VADER's normalisation of the sum, `s / sqrt(s² + 15)`, so it lies in -1..1.

use serde::{Deserialize, Serialize};

/// One word that counted, and how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted {
    /// The word as written (lower-cased).
    pub word: String,
    /// Its weight after negation.
    pub weight: i8,
}

/// A comment's mood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mood {
    /// -1 (furious) to 1 (delighted); 0 when no word counted.
    pub score: f64,
    /// The words that made the score, in order.
    pub words: Vec<Counted>,
}

const NEGATIONS: [&str; 9] = [
    "not", "never", "no", "don't", "didn't", "doesn't", "niet", "geen", "nooit",
];

/// (word, weight), English and Dutch, sorted bytewise for binary search.
#[rustfmt::skip]
const LEXICON: &[(&str, i8)] = &[
    ("aanrader", 3), ("angry", -3), ("annoyed", -2), ("annoying", -2), ("awesome", 3),
    ("awful", -3), ("bad", -2), ("belachelijk", -3), ("best", 3), ("beter", 2), ("boos", -3),
    ("broken", -2), ("clear", 2), ("complaint", -2), ("confusing", -2), ("crap", -3), ("dank", 2),
    ("disappointed", -2), ("disappointing", -2), ("disgrace", -3), ("duidelijk", 2), ("error", -1),
    ("excellent", 3), ("fantastic", 3), ("fantastisch", 3), ("fijn", 2), ("fout", -2),
    ("fouten", -2), ("frustrated", -2), ("frustrating", -2), ("frustrerend", -2), ("geweldig", 3),
    ("goed", 2), ("good", 2), ("great", 3), ("handig", 2), ("hate", -3), ("helpful", 2),
    ("helpt", 1), ("horrible", -3), ("incorrect", -2), ("klacht", -2), ("lousy", -2), ("love", 3),
    ("misleading", -3), ("misleidend", -3), ("mislukt", -2), ("nice", 2), ("nutteloos", -2),
    ("onbegrijpelijk", -2), ("onduidelijk", -2), ("onjuist", -2), ("oplichterij", -3),
    ("pathetic", -3), ("perfect", 3), ("ridiculous", -3), ("rip-off", -3), ("scam", -3),
    ("schandalig", -3), ("slecht", -2), ("stupid", -2), ("super", 3), ("terrible", -3),
    ("thanks", 2), ("top", 2), ("useful", 2), ("useless", -3), ("vreselijk", -3),
    ("waardeloos", -3), ("waste", -2), ("worst", -3), ("worthless", -3), ("wrong", -2),
    ("zinloos", -2),
];

fn weight(word: &str) -> Option<i8> {
    LEXICON
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|i| LEXICON[i].1)
}

/// How a mood score reads: a small band around 0 is neither happy nor unhappy.
pub fn feeling(score: f64) -> &'static str {
    if score <= -0.05 {
        "unhappy"
    } else if score >= 0.05 {
        "happy"
    } else {
        "neutral"
    }
}

/// The mood of `comment`.
pub fn mood(comment: &str) -> Mood {
    let lower = comment.to_lowercase();
    let mut words = Vec::new();
    let mut negated = false;
    for word in lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']))
        .filter(|w| !w.is_empty())
    {
        if NEGATIONS.contains(&word) {
            negated = true;
            continue;
        }
        if let Some(w) = weight(word) {
            let weight = if negated { -w } else { w };
            words.push(Counted {
                word: word.to_owned(),
                weight,
            });
            negated = false;
        }
    }
    let sum: f64 = words.iter().map(|c| f64::from(c.weight)).sum();
    Mood {
        score: sum / (sum * sum + 15.0).sqrt(),
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_near_zero_read_as_neutral() {
        assert_eq!(
            [feeling(-0.3), feeling(0.01), feeling(0.6)],
            ["unhappy", "neutral", "happy"]
        );
    }

    #[test]
    fn the_lexicon_is_sorted_and_has_no_twins() {
        assert!(
            LEXICON.windows(2).all(|p| p[0].0 < p[1].0),
            "keep LEXICON sorted"
        );
    }

    #[test]
    fn angry_comments_score_low_and_say_why() {
        let m = mood("This is useless and the price is a scam. I want a refund!");
        assert!(m.score < -0.7, "{}", m.score);
        let words: Vec<_> = m.words.iter().map(|c| c.word.as_str()).collect();
        assert_eq!(words, ["useless", "scam"]);
        let nl = mood("Waardeloos, echt schandalig. Ik wil opzeggen.");
        assert!(nl.score < -0.7, "{}", nl.score);
    }

    #[test]
    fn praise_scores_high_and_negation_turns_words_around() {
        assert!(mood("Great page, very helpful, thanks!").score > 0.8);
        assert!(mood("Super duidelijk, dank je").score > 0.7);
        let not_helpful = mood("not helpful at all");
        assert_eq!(
            not_helpful.words,
            [Counted {
                word: "helpful".into(),
                weight: -2
            }]
        );
        assert!(not_helpful.score < 0.0);
        assert!(mood("niet duidelijk").score < 0.0);
    }

    #[test]
    fn no_scored_word_is_neutral() {
        let m = mood("Which port does it use?");
        assert!(m.score.abs() < f64::EPSILON && m.words.is_empty());
        assert!(mood("").score.abs() < f64::EPSILON);
    }
}
