//! The languages the product speaks and hears: one list for the widget's texts, mood and urgency.

use serde::{Deserialize, Serialize};

/// A language the widget asks in and the collector understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    En,
    /// Dutch.
    Nl,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Arabic.
    Ar,
}

impl Language {
    /// Every language, in the order the README lists them.
    pub const ALL: [Self; 6] = [Self::En, Self::Nl, Self::De, Self::Fr, Self::Es, Self::Ar];

    /// The primary language subtag (`en`, `nl`, …).
    pub const fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Nl => "nl",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::Ar => "ar",
        }
    }

    /// The language of a BCP 47 tag (`de-CH`, `NL`, `fr_BE`), if it is one of ours.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Self::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// Which language `text` is written in: the item's `locale` when it names one of ours, else
    /// Arabic by its script, else a guess among the other five from the text's letter trigrams
    /// (`whatlang`); `None` for text without enough letters to tell (only emoji, a number).
    pub fn of(locale: Option<&str>, text: &str) -> Option<Self> {
        if let Some(language) = locale.and_then(Self::from_tag) {
            return Some(language);
        }
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let arabic = text.chars().filter(|c| is_arabic(*c)).count();
        if letters > 0 && arabic * 2 >= letters {
            return Some(Self::Ar);
        }
        let detector = whatlang::Detector::with_allowlist(vec![
            whatlang::Lang::Eng,
            whatlang::Lang::Nld,
            whatlang::Lang::Deu,
            whatlang::Lang::Fra,
            whatlang::Lang::Spa,
        ]);
        match detector.detect_lang(text)? {
            whatlang::Lang::Nld => Some(Self::Nl),
            whatlang::Lang::Deu => Some(Self::De),
            whatlang::Lang::Fra => Some(Self::Fr),
            whatlang::Lang::Spa => Some(Self::Es),
            _ => Some(Self::En),
        }
    }
}

/// Whether `c` is an Arabic letter or mark (the Arabic blocks and their presentation forms).
pub fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_speaks_no_language_the_collector_cannot_hear() {
        // The widget's texts and the languages mood and urgency understand are one list: a new
        // table in `strings` fails here until the collector hears it too.
        let widget: Vec<_> = crate::strings::ALL
            .iter()
            .map(|s| Language::from_tag(s.lang))
            .collect();
        assert_eq!(widget, Language::ALL.map(Some));
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.code()), Some(language));
            assert!(
                crate::strings::find(language.code()).is_some(),
                "{language:?} has no widget texts"
            );
        }
    }

    #[test]
    fn the_locale_wins_then_the_script_then_the_words() {
        assert_eq!(
            Language::of(Some("de-CH"), "this is English"),
            Some(Language::De)
        );
        assert_eq!(
            Language::of(Some("pt-BR"), "Je veux être remboursé, c'est une arnaque"),
            Some(Language::Fr)
        );
        assert_eq!(
            Language::of(None, "أريد استرداد أموالي، هذا احتيال"),
            Some(Language::Ar)
        );
        assert_eq!(
            Language::of(None, "Ich will mein Geld zurück, eine Frechheit, Betrug!"),
            Some(Language::De)
        );
        assert_eq!(
            Language::of(None, "Quiero que me devuelvan el dinero, es una estafa"),
            Some(Language::Es)
        );
        assert_eq!(
            Language::of(None, "Ik wil mijn geld terug, wat een oplichterij"),
            Some(Language::Nl)
        );
        assert_eq!(Language::of(None, "👍👍"), None);
    }
}
