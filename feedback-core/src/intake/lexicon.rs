//! The mood lexicons: published word lists compiled in as data, one per language, and the
//! language-specific reading of a word (lower case, Arabic normalisation and clitics, Snowball stems).
//!
//! The data is `feedback-core/lexicons/*.tsv` (`entry`, weight on VADER's scale, source; sorted), made
//! from the published sources by `lexicons/make.py`; their licences are in `lexicons/NOTICE.md`. The
//! stem index is made when the crate is built (`build.rs`). Both are searched where they lie, by
//! binary search over their lines: a worker isolate's first comment in a language costs finding the
//! line starts, not parsing or stemming thousands of entries.

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

/// Tab-separated lines sorted by their first column, searched without being parsed whole.
struct Sorted {
    text: &'static str,
    /// Where each line starts.
    starts: Vec<usize>,
}

impl Sorted {
    fn new(text: &'static str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i < text.len())
            .collect();
        Self { text, starts }
    }

    fn line(&self, i: usize) -> &'static str {
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e - 1);
        &self.text[self.starts[i]..end]
    }

    fn key(line: &str) -> &str {
        line.split('\t').next().unwrap_or(line)
    }

    /// Every line whose first column is `key`, in order.
    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'static str> + 'a {
        let first = self.starts_partition(key);
        (first..self.starts.len())
            .map(|i| self.line(i))
            .take_while(move |line| Self::key(line) == key)
    }

    /// The first line whose key is not below `key`.
    fn starts_partition(&self, key: &str) -> usize {
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let mid = usize::midpoint(low, high);
            if Self::key(self.line(mid)) < key {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }
}

/// A language's entries, by exact form and by Snowball stem.
pub struct Lexicon {
    language: Language,
    entries: Sorted,
    /// The line numbers of the single-word entries, in the order of their stems (`build.rs`).
    order: &'static [u8],
    stemmer: Stemmer,
    /// The longest entry, in words.
    pub longest: usize,
}

const DATA: [(Language, &str, &[u8]); 6] = [
    (
        Language::En,
        include_str!("../../lexicons/en.tsv"),
        include_bytes!(concat!(env!("OUT_DIR"), "/en.order")),
    ),
    (
        Language::Nl,
        include_str!("../../lexicons/nl.tsv"),
        include_bytes!(concat!(env!("OUT_DIR"), "/nl.order")),
    ),
    (
        Language::De,
        include_str!("../../lexicons/de.tsv"),
        include_bytes!(concat!(env!("OUT_DIR"), "/de.order")),
    ),
    (
        Language::Fr,
        include_str!("../../lexicons/fr.tsv"),
        include_bytes!(concat!(env!("OUT_DIR"), "/fr.order")),
    ),
    (
        Language::Es,
        include_str!("../../lexicons/es.tsv"),
        include_bytes!(concat!(env!("OUT_DIR"), "/es.order")),
    ),
    (
        Language::Ar,
        include_str!("../../lexicons/ar.tsv"),
        include_bytes!(concat!(env!("OUT_DIR"), "/ar.order")),
    ),
];

const EMOJI: &str = include_str!("../../lexicons/emoji.tsv");

/// The Snowball algorithm for a language (`build.rs` indexes with the same).
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

/// One line of `entry<TAB>weight<TAB>source`; `None` for a malformed line (the tests check there are none).
fn parse(line: &'static str) -> Option<(&'static str, Entry)> {
    let mut parts = line.split('\t');
    let (entry, weight, source) = (parts.next()?, parts.next()?, parts.next()?);
    Some((
        entry,
        Entry {
            weight: weight.parse().ok()?,
            source,
        },
    ))
}

impl Lexicon {
    fn load(language: Language, data: &'static str, order: &'static [u8]) -> Self {
        let longest = data
            .lines()
            .map(|line| Sorted::key(line).split(' ').count())
            .max()
            .unwrap_or(1);
        Self {
            language,
            entries: Sorted::new(data),
            order,
            stemmer: Stemmer::create(algorithm(language)),
            longest,
        }
    }

    /// The lexicon of `language`, indexed on first use.
    pub fn of(language: Language) -> &'static Self {
        static TABLES: [OnceLock<Lexicon>; 6] = [const { OnceLock::new() }; 6];
        let i = Language::ALL
            .iter()
            .position(|l| *l == language)
            .unwrap_or(0);
        TABLES[i].get_or_init(|| Self::load(language, DATA[i].1, DATA[i].2))
    }

    /// The entry for a phrase of one or more normalised words, written exactly.
    pub fn exact(&self, phrase: &str) -> Option<(&'static str, Entry)> {
        self.entries.all(phrase).next().and_then(parse)
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
        let stem = self.stem(word);
        let first = self.stem_partition(&stem);
        (first..self.order.len() / 2)
            .map(|k| self.by_stem(k))
            .take_while(|entry| self.stemmer.stem(entry) == stem.as_str())
            .filter(|entry| entry.chars().count() <= length + slack)
            .min_by_key(|entry| entry.chars().count().abs_diff(length))
            .and_then(|entry| self.exact(entry))
    }

    /// The `k`-th single-word entry in the order of stems.
    fn by_stem(&self, k: usize) -> &'static str {
        let line = usize::from(u16::from_le_bytes([
            self.order[2 * k],
            self.order[2 * k + 1],
        ]));
        Sorted::key(self.entries.line(line))
    }

    /// The first position in the stem order whose entry's stem is not below `stem`: a binary
    /// search that stems a dozen entries instead of all of them.
    fn stem_partition(&self, stem: &str) -> usize {
        let (mut low, mut high) = (0, self.order.len() / 2);
        while low < high {
            let mid = usize::midpoint(low, high);
            if *self.stemmer.stem(self.by_stem(mid)) < *stem {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// The word's Snowball stem in this language.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }
}

/// The weight of one emoji, from VADER's description of it.
pub fn emoji(symbol: &str) -> Option<(&'static str, Entry)> {
    static TABLE: OnceLock<Sorted> = OnceLock::new();
    TABLE
        .get_or_init(|| Sorted::new(EMOJI))
        .all(symbol)
        .next()
        .and_then(parse)
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

/// One piece of a comment: a normalised word or an emoji.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// A word, lower-cased, its apostrophes straightened; Arabic normalised.
    Word(String),
    /// An emoji the emoji table weighs.
    Emoji(String),
}

/// A comment's words and weighed emoji, in order: what mood and the urgent words both read.
pub fn pieces(comment: &str) -> Vec<Piece> {
    let text = comment
        .replace(['\u{2019}', '\u{02BC}'], "'")
        .to_lowercase();
    let mut out = Vec::new();
    let push_word = |word: &str, out: &mut Vec<Piece>| {
        let word = word.trim_matches('\'');
        if word.chars().any(is_arabic) {
            out.push(Piece::Word(normalise_arabic(word)));
        } else if !word.is_empty() {
            out.push(Piece::Word(word.to_owned()));
        }
    };
    let mut start = None;
    for (i, c) in text.char_indices() {
        if in_word(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            push_word(&text[s..i], &mut out);
        }
        if let Some((symbol, _)) = emoji(&text[i..i + c.len_utf8()]) {
            out.push(Piece::Emoji(symbol.to_owned()));
        }
    }
    if let Some(s) = start {
        push_word(&text[s..], &mut out);
    }
    out
}

/// Whether `c` is part of a word: letters, digits, marks and the apostrophe inside a word.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || is_arabic(c) && !matches!(c, '،' | '؛' | '؟')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_every_lexicon_reads() {
        let tables = DATA.map(|(l, data, _)| (l, data));
        for (language, data) in tables.into_iter().chain([(Language::En, EMOJI)]) {
            let total = data.lines().count();
            assert!(total > 250, "{language:?}: {total} entries");
            let parsed: Vec<_> = data.lines().filter_map(parse).collect();
            assert_eq!(parsed.len(), total, "{language:?}: a malformed line");
            assert!(parsed
                .iter()
                .all(|(e, v)| !e.is_empty() && v.weight != 0.0 && v.weight.abs() <= 5.0));
            // Binary search needs each table sorted by entry, each entry once.
            assert!(
                parsed.windows(2).all(|p| p[0].0 < p[1].0),
                "{language:?}: not sorted"
            );
            assert_eq!(Sorted::new(data).starts.len(), total);
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
