//! Transparency, opt-in per site: a page's results as anyone may read them, and the one line the
//! widget shows ("87% of 1,204 readers found this page helpful.").

use serde::Serialize;

use crate::insight::stats::Votes;
use crate::strings::group_digits;
use crate::strings::strings_for;

/// Below this many answers that took a side, no share is published: 2 of 3 is not "67 %".
pub const MIN_DECIDED: u64 = 10;

/// A page's public results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicResults {
    /// The normalised page.
    pub page: String,
    /// Answers that said helpful or not.
    pub decided: u64,
    /// The helpful share; `None` until [`MIN_DECIDED`] answers.
    pub helpful_share: Option<f64>,
    /// The sentence for readers in the asked language; `None` until [`MIN_DECIDED`] answers.
    pub line: Option<String>,
    /// The language of `line`.
    pub lang: &'static str,
}

/// How one language writes the sentence and its numbers.
struct Phrasing {
    template: &'static str,
    thousands: &'static str,
    percent: &'static str,
}

fn phrasing(lang: &str) -> Phrasing {
    let (template, thousands, percent) = match lang {
        "nl" => (
            "{share} van {count} lezers vond deze pagina nuttig.",
            ".",
            "%",
        ),
        "de" => (
            "{share} von {count} Lesern fanden diese Seite hilfreich.",
            ".",
            "\u{a0}%",
        ),
        "fr" => (
            "{share} des {count} lecteurs ont trouvé cette page utile.",
            "\u{202f}",
            "\u{a0}%",
        ),
        "es" => (
            "Al {share} de {count} lectores les resultó útil esta página.",
            ".",
            "\u{a0}%",
        ),
        "ar" => ("وجد {share} من {count} قارئًا هذه الصفحة مفيدة.", ",", "%"),
        _ => (
            "{share} of {count} readers found this page helpful.",
            ",",
            "%",
        ),
    };
    Phrasing {
        template,
        thousands,
        percent,
    }
}

impl PublicResults {
    /// The public view of `votes` on `page`, phrased in `lang` (a tag such as `nl-BE`; English when unknown).
    pub fn new(page: String, votes: Votes, lang: &str) -> Self {
        let lang = strings_for(lang).lang;
        let decided = votes.positive + votes.negative;
        let share = votes.helpful_share().filter(|_| decided >= MIN_DECIDED);
        let line = share.map(|share| {
            let phrasing = phrasing(lang);
            let percent = format!("{:.0}{}", share * 100.0, phrasing.percent);
            phrasing
                .template
                .replace("{share}", &percent)
                .replace("{count}", &group_digits(decided, phrasing.thousands))
        });
        Self {
            page,
            decided,
            helpful_share: share,
            line,
            lang,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn votes(positive: u64, negative: u64) -> Votes {
        Votes {
            positive,
            negative,
            neutral: 0,
        }
    }

    #[test]
    fn each_language_writes_its_own_numbers() {
        let line = |lang| {
            PublicResults::new("p".into(), votes(1048, 156), lang)
                .line
                .unwrap()
        };
        assert_eq!(line("en"), "87% of 1,204 readers found this page helpful.");
        assert_eq!(
            line("nl-BE"),
            "87% van 1.204 lezers vond deze pagina nuttig."
        );
        assert_eq!(
            line("de"),
            "87\u{a0}% von 1.204 Lesern fanden diese Seite hilfreich."
        );
        assert_eq!(
            line("fr"),
            "87\u{a0}% des 1\u{202f}204 lecteurs ont trouvé cette page utile."
        );
        assert_eq!(line("tlh"), line("en"));
    }

    #[test]
    fn too_few_answers_publish_no_share() {
        let few = PublicResults::new("p".into(), votes(6, 3), "en");
        assert_eq!((few.decided, few.helpful_share, few.line), (9, None, None));
        assert!(PublicResults::new("p".into(), votes(7, 3), "en")
            .line
            .is_some());
    }
}
