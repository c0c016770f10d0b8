//! The mood of a comment, in every language the widget speaks, explainable word by word.
//!
//! Words weigh what published lexicons say (VADER for English, Pattern for Dutch and French, Klenner
//! et al. for German, AFINN for French, and AFINN machine-translated for Spanish and Arabic; see
//! `lexicons/NOTICE.md` and [`super::lexicon`]). A word is found as written, as a phrase of up to three
//! words, without Arabic clitics, or by its Snowball stem. A negation word up to three words before
//! (or, in Dutch and German, right after) turns a word around and dampens it, as VADER does
//! (`× -0.74`). Emoji weigh what their description weighs in VADER. The score is VADER's
//! normalisation of the sum, `s / sqrt(s² + 15)`, so it lies in -1..1 and means the same in every
//! language.

use serde::{Deserialize, Serialize};

use super::lexicon::{self, negations, Lexicon, Piece as Token};
use crate::language::{is_arabic, Language};

/// One word (or emoji) that counted, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counted {
    /// The word as written (lower-cased; for a phrase, its words).
    pub word: String,
    /// The lexicon entry it matched (the same word, its stem's entry, or the word without clitics).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entry: String,
    /// The lexicon the entry comes from (`vader`, `pattern-nl`, `klenner-de`, `pattern-fr`,
    /// `afinn-fr`, `afinn-es-mt`, `afinn-ar-mt`, `vader-emoji`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Its weight after negation, on VADER's scale (about -4..4).
    pub weight: f64,
    /// Whether a negation turned it around.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
}

/// A comment's mood.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mood {
    /// -1 (furious) to 1 (delighted); 0 when no word counted.
    pub score: f64,
    /// The words that made the score, in order.
    pub words: Vec<Counted>,
    /// The language the comment was read in; absent when it could not be told (only emoji).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// VADER's factor for a negated word.
const NEGATED: f64 = -0.74;

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

/// The comment as [`lexicon::pieces`] reads it, with French elisions (`n'`, `l'`, `qu'`) split off
/// their word, so that `n'` counts as the negation it is.
fn tokens(comment: &str, language: Option<Language>) -> Vec<Token> {
    let mut out = Vec::new();
    for piece in lexicon::pieces(comment) {
        match piece {
            Token::Word(word) if language == Some(Language::Fr) && !word.chars().any(is_arabic) => {
                match word.split_once('\'') {
                    Some((elided, rest)) if elided.chars().count() <= 7 => {
                        out.push(Token::Word(elided.to_owned()));
                        out.push(Token::Word(rest.to_owned()));
                    }
                    _ => out.push(Token::Word(word)),
                }
            }
            piece => out.push(piece),
        }
    }
    out
}

fn word(token: &Token) -> Option<&str> {
    match token {
        Token::Word(w) => Some(w),
        Token::Emoji(_) => None,
    }
}

/// The mood of `comment`, read in the language of `locale` (the widget's) or, without one, in the
/// language the text is written in.
pub fn mood(comment: &str, locale: Option<&str>) -> Mood {
    let language = Language::of(locale, comment);
    let tokens = tokens(comment, language);
    let mut words = Vec::new();
    let is_negation = |language: Language, token: Option<&Token>| {
        token
            .and_then(word)
            .is_some_and(|w| negations(language).contains(&w))
    };
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let Some(text) = word(token) else {
            if let Token::Emoji(symbol) = token {
                if let Some((entry, value)) = lexicon::emoji(symbol) {
                    words.push(Counted {
                        word: symbol.clone(),
                        entry: entry.to_owned(),
                        source: value.source.to_owned(),
                        weight: value.weight,
                        negated: false,
                    });
                }
            }
            i += 1;
            continue;
        };
        // A word in Arabic script is read as Arabic even in a comment that is mostly not.
        let Some(lang) = (if text.chars().any(is_arabic) {
            Some(Language::Ar)
        } else {
            language
        }) else {
            i += 1;
            continue;
        };
        if negations(lang).contains(&text) {
            i += 1;
            continue;
        }
        let lexicon = Lexicon::of(lang);
        let phrase = (2..=lexicon.longest.min(3)).rev().find_map(|n| {
            let parts: Option<Vec<&str>> = tokens.get(i..i + n)?.iter().map(word).collect();
            lexicon.exact(&parts?.join(" ")).map(|found| (n, found))
        });
        let Some((n, (entry, value))) =
            phrase.or_else(|| lexicon.word(text).map(|found| (1, found)))
        else {
            i += 1;
            continue;
        };
        let before = (i.saturating_sub(3)..i).any(|j| is_negation(lang, tokens.get(j)));
        let after =
            matches!(lang, Language::De | Language::Nl) && is_negation(lang, tokens.get(i + n));
        let negated = before || after;
        let weight = if negated {
            value.weight * NEGATED
        } else {
            value.weight
        };
        let written: Vec<&str> = tokens[i..i + n].iter().filter_map(word).collect();
        words.push(Counted {
            word: written.join(" "),
            entry: entry.to_owned(),
            source: value.source.to_owned(),
            weight: (weight * 100.0).round() / 100.0,
            negated,
        });
        i += n;
    }
    let sum: f64 = words.iter().map(|c| c.weight).sum();
    Mood {
        score: sum / (sum * sum + 15.0).sqrt(),
        words,
        language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(m: &Mood) -> Vec<(&str, bool)> {
        m.words
            .iter()
            .map(|c| (c.entry.as_str(), c.negated))
            .collect()
    }

    #[test]
    fn scores_near_zero_read_as_neutral() {
        assert_eq!(
            [feeling(-0.3), feeling(0.01), feeling(0.6)],
            ["unhappy", "neutral", "happy"]
        );
    }

    #[test]
    fn angry_comments_score_low_in_every_language_and_say_why() {
        let cases = [
            (
                "en",
                "This is useless and the price is a scam. I want a refund!",
            ),
            (
                "nl",
                "Waardeloos, echt schandalig en slecht. Ik wil opzeggen.",
            ),
            ("de", "Ich will mein Geld zurück, eine Frechheit, Betrug!"),
            (
                "fr",
                "Je veux être remboursé, c'est une arnaque, je vais porter plainte",
            ),
            (
                "es",
                "Quiero que me devuelvan el dinero, es una estafa horrible",
            ),
            ("ar", "أريد استرداد أموالي، هذا احتيال وخدمة سيئة"),
        ];
        for (locale, comment) in cases {
            let m = mood(comment, Some(locale));
            assert!(m.score <= -0.4, "{locale}: {} from {:?}", m.score, m.words);
            assert_eq!(m.language.map(Language::code), Some(locale));
            assert!(m
                .words
                .iter()
                .all(|c| !c.source.is_empty() && !c.entry.is_empty()));
        }
    }

    #[test]
    fn praise_scores_high_in_every_language() {
        let cases = [
            ("en", "Great page, very helpful, thanks!"),
            ("nl", "Super duidelijk en handig, geweldig"),
            ("de", "Sehr gut erklärt, hilfreich und klar"),
            ("fr", "Excellent, très clair et utile"),
            ("es", "Excelente, muy útil y claro"),
            ("ar", "ممتاز، مفيد جدا وواضح"),
        ];
        for (locale, comment) in cases {
            let m = mood(comment, Some(locale));
            assert!(m.score >= 0.4, "{locale}: {} from {:?}", m.score, m.words);
        }
    }

    #[test]
    fn negation_turns_words_around_in_each_language() {
        let en = mood("not helpful at all", Some("en"));
        assert_eq!(counted(&en), [("helpful", true)]);
        assert!(en.score < 0.0);
        assert!(mood("niet duidelijk", Some("nl")).score < 0.0);
        assert!(mood("Das ist nicht gut", Some("de")).score < 0.0);
        assert!(mood("Ce n'est pas utile", Some("fr")).score < 0.0);
        assert!(mood("No es útil", Some("es")).score < 0.0);
        assert!(mood("ليس مفيد", Some("ar")).score < 0.0);
    }

    #[test]
    fn words_are_found_by_their_stem() {
        // "disappointingly" is not in VADER; its stem is that of "disappointing".
        let m = mood("disappointingly", Some("en"));
        assert_eq!(m.words.len(), 1, "{:?}", m.words);
        assert!(m.words[0].weight < 0.0);
    }

    #[test]
    fn strange_input_scores_without_error_and_says_what_counted() {
        let only_emoji = mood("👍👍 😠", None);
        assert_eq!(only_emoji.language, None);
        assert_eq!(only_emoji.words.len(), 3, "{:?}", only_emoji.words);
        assert!(only_emoji.score > 0.0, "{:?}", only_emoji.words);
        assert!(only_emoji
            .words
            .iter()
            .all(|c| ["vader-emoji", "ours"].contains(&c.source.as_str())));
        // A language we do not hear: nothing counts, and nothing fails.
        let unknown = mood("これは役に立たない", None);
        assert!(unknown.words.is_empty() && unknown.score.abs() < f64::EPSILON);
        // Mixed scripts: the Arabic word is read as Arabic inside an English comment.
        let mixed = mood("The page is fine but احتيال", Some("en"));
        assert!(
            mixed.words.iter().any(|c| c.source == "afinn-ar-mt"),
            "{:?}",
            mixed.words
        );
        assert!(mood("", None).score.abs() < f64::EPSILON);
        assert!(mood("Which port does it use?", Some("en")).words.is_empty());
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn any_text_in_any_locale_scores_within_range(text in "\\PC{0,80}", locale in 0usize..8) {
            let locale = ["en", "nl", "de", "fr", "es", "ar", "pt-BR", ""].get(locale).copied();
            let m = mood(&text, locale);
            proptest::prop_assert!((-1.0..=1.0).contains(&m.score));
            proptest::prop_assert!(m.words.iter().all(|c| !c.source.is_empty() && c.weight.is_finite()));
        }
    }
}
