//! The mood lexicons: published word lists compiled in as data, one per language, and the
//! language-specific reading of a word (lower case, Arabic normalisation and clitics, Snowball stems).
//!
//! The data is `feedback-core/lexicons/*.tsv` (`entry`, weight on VADER's scale, source), made from
//! the published sources by `lexicons/make.py`; their licences are in `lexicons/NOTICE.md`. A
//! language's table is parsed the first time a comment in it is scored.

use std::collections::HashMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::language::{is_arabic, Language};

/// One lexicon entry: its weight (about -4..4) and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    /// The weight on VADER's scale.
    pub weight: f64,
    /// The source's short name, as in the TSV (`vader`, `pattern-nl`, …).
    pub source: &'static str,
}

/// A language's entries, by exact form and by Snowball stem.
pub struct Lexicon {
    language: Language,
    exact: HashMap<&'static str, Entry>,
    /// Single-word entries by their stem.
    stems: HashMap<String, Vec<(&'static str, Entry)>>,
    stemmer: Stemmer,
    /// The longest entry, in words.
    pub longest: usize,
}

const DATA: [(Language, &str); 6] = [
    (Language::En, include_str!("../../lexicons/en.tsv")),
    (Language::Nl, include_str!("../../lexicons/nl.tsv")),
    (Language::De, include_str!("../../lexicons/de.tsv")),
    (Language::Fr, include_str!("../../lexicons/fr.tsv")),
    (Language::Es, include_str!("../../lexicons/es.tsv")),
    (Language::Ar, include_str!("../../lexicons/ar.tsv")),
];

const EMOJI: &str = include_str!("../../lexicons/emoji.tsv");

/// The Snowball algorithm for a language.
const fn algorithm(language: Language) -> Algorithm {
    match language {
        Language::En => Algorithm::English,
        Language::Nl => Algorithm::Dutch,
        Language::De => Algorithm::German,
        Language::Fr => Algorithm::French,
        Language::Es => Algorithm::Spanish,
        Language::Ar => Algorithm::Arabic,
    }
}

/// Lines of `entry<TAB>weight<TAB>source`; a malformed line is skipped (the tests check there are none).
fn lines(data: &'static str) -> impl Iterator<Item = (&'static str, Entry)> {
    data.lines().filter_map(|line| {
        let mut parts = line.split('\t');
        let (entry, weight, source) = (parts.next()?, parts.next()?, parts.next()?);
        Some((
            entry,
            Entry {
                weight: weight.parse().ok()?,
                source,
            },
        ))
    })
}

impl Lexicon {
    fn load(language: Language, data: &'static str) -> Self {
        let stemmer = Stemmer::create(algorithm(language));
        let exact: HashMap<_, _> = lines(data).collect();
        let mut stems = HashMap::new();
        let mut longest = 1;
        for (entry, value) in lines(data) {
            let words = entry.split(' ').count();
            longest = longest.max(words);
            if words == 1 {
                stems
                    .entry(stemmer.stem(entry).into_owned())
                    .or_insert_with(Vec::new)
                    .push((entry, value));
            }
        }
        Self {
            language,
            exact,
            stems,
            stemmer,
            longest,
        }
    }

    /// The lexicon of `language`, parsed on first use.
    pub fn of(language: Language) -> &'static Self {
        static TABLES: [OnceLock<Lexicon>; 6] = [const { OnceLock::new() }; 6];
        let i = Language::ALL
            .iter()
            .position(|l| *l == language)
            .unwrap_or(0);
        TABLES[i].get_or_init(|| Self::load(language, DATA[i].1))
    }

    /// The entry for a phrase of one or more normalised words, written exactly.
    pub fn exact(&self, phrase: &str) -> Option<(&'static str, Entry)> {
        self.exact.get_key_value(phrase).map(|(k, v)| (*k, *v))
    }

    /// The entry for one normalised word: as written, without Arabic clitics, or by its stem.
    pub fn word(&self, word: &str) -> Option<(&'static str, Entry)> {
        if let Some(found) = self.exact(word) {
            return Some(found);
        }
        if self.language == Language::Ar {
            for bare in without_clitics(word) {
                if let Some(found) = self.exact(bare) {
                    return Some(found);
                }
            }
        }
        // By stem, only an entry about as long as the word: an inflection (`refunded`, `Frechheiten`),
        // not a longer derivation that Snowball cuts to the same stem (`use` is not `useful`).
        let length = word.chars().count();
        // Arabic's stemmer cuts deeper (patterns inside the word), so its fallback is stricter.
        let slack = if self.language == Language::Ar { 1 } else { 2 };
        self.stems
            .get(self.stem(word).as_str())?
            .iter()
            .filter(|(entry, _)| entry.chars().count() <= length + slack)
            .min_by_key(|(entry, _)| entry.chars().count().abs_diff(length))
            .copied()
    }

    /// The word's Snowball stem in this language.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }
}

/// The weight of one emoji, from VADER's description of it.
pub fn emoji(symbol: &str) -> Option<(&'static str, Entry)> {
    static TABLE: OnceLock<HashMap<&'static str, Entry>> = OnceLock::new();
    TABLE
        .get_or_init(|| lines(EMOJI).collect())
        .get_key_value(symbol)
        .map(|(k, v)| (*k, *v))
}

/// Words that turn the meaning of what follows (or, in Dutch and German, of the verb before them).
pub const fn negations(language: Language) -> &'static [&'static str] {
    match language {
        Language::En => &[
            "not",
            "no",
            "never",
            "none",
            "nobody",
            "nothing",
            "neither",
            "nor",
            "cannot",
            "without",
            "don't",
            "doesn't",
            "didn't",
            "isn't",
            "wasn't",
            "aren't",
            "weren't",
            "can't",
            "couldn't",
            "won't",
            "wouldn't",
            "shouldn't",
            "hasn't",
            "haven't",
            "hadn't",
            "dont",
            "doesnt",
            "didnt",
            "isnt",
            "cant",
            "wont",
        ],
        Language::Nl => &[
            "niet", "geen", "nooit", "niets", "niks", "nergens", "zonder", "noch",
        ],
        Language::De => &[
            "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals",
            "nichts", "ohne", "weder",
        ],
        Language::Fr => &[
            "ne", "n", "pas", "jamais", "rien", "aucun", "aucune", "sans", "ni", "personne",
        ],
        Language::Es => &[
            "no", "nunca", "jamás", "nada", "ningún", "ninguna", "ninguno", "sin", "tampoco", "ni",
        ],
        Language::Ar => &[
            "لا", "لم", "لن", "ليس", "ليست", "ما", "غير", "بدون", "بلا", "مش",
        ],
    }
}

/// Arabic text as the lexicon stores it: no tashkeel or tatweel, one alef, final ya and ta marbuta
/// as ya and ha. Other scripts pass unchanged.
pub fn normalise_arabic(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect()
}

/// An Arabic word without its clitics: the conjunctions, prepositions and article in front
/// (و ف ب ك ل ال), the pronouns behind (ه ها هم هن ك كم نا ي); the longest strips first.
fn without_clitics(word: &str) -> Vec<&str> {
    const FRONT: [&str; 11] = [
        "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ك", "ل",
    ];
    const BACK: [&str; 9] = ["هما", "كما", "ها", "هم", "هن", "كم", "نا", "ه", "ك"];
    let mut out = Vec::new();
    let fronts = FRONT
        .iter()
        .filter_map(|p| word.strip_prefix(p))
        .chain([word]);
    // What is left must still look like a word: most Arabic roots have three letters, and two-letter
    // remains are mostly other words (ذلك "that" is not ذل "humiliation" with a pronoun).
    for front in fronts {
        if front.chars().count() < 3 {
            continue;
        }
        if front != word {
            out.push(front);
        }
        for back in BACK.iter().filter_map(|s| front.strip_suffix(s)) {
            if back.chars().count() >= 3 {
                out.push(back);
            }
        }
    }
    out
}

/// Whether `c` is part of a word: letters, digits, marks and the apostrophe inside a word.
pub fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || is_arabic(c) && !matches!(c, '،' | '؛' | '؟')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_every_lexicon_reads() {
        for (language, data) in DATA.into_iter().chain([(Language::En, EMOJI)]) {
            let total = data.lines().count();
            assert!(total > 250, "{language:?}: {total} entries");
            assert_eq!(lines(data).count(), total, "{language:?}: a malformed line");
            assert!(
                lines(data).all(|(e, v)| !e.is_empty() && v.weight != 0.0 && v.weight.abs() <= 5.0)
            );
        }
    }

    #[test]
    fn words_are_found_as_written_by_stem_and_without_arabic_clitics() {
        let en = Lexicon::of(Language::En);
        assert_eq!(en.word("useless").map(|(e, _)| e), Some("useless"));
        let de = Lexicon::of(Language::De);
        assert!(de.word("frechheit").is_some());
        assert!(de.word("betrug").is_some());
        let ar = Lexicon::of(Language::Ar);
        let (entry, value) = ar
            .word(&normalise_arabic("والاحتيال"))
            .expect("fraud, with wa- and al-");
        assert!(value.weight < 0.0, "{entry}");
    }

    #[test]
    fn arabic_is_normalised_as_the_lexicon_is() {
        assert_eq!(normalise_arabic("إِحْتِيَال"), "احتيال");
        assert_eq!(normalise_arabic("مدرسة"), "مدرسه");
        assert_eq!(normalise_arabic("ســـيء"), "سيء");
    }
}
