//! Every sentence a visitor reads, one table per language.

use crate::{Rating, Reason};

/// Which way a language is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left (Arabic).
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// The widget's texts in one language.
///
/// One string per language, its texts in [`TEXTS`] order each ended by [`END`], rather than a
/// struct of string slices: each slice is a pointer and a length, and six tables of them cost the
/// widget some 570 bytes after brotli (measured), which every visitor downloads.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The language tag these strings are in.
    pub lang: &'static str,
    /// Which way the language is written.
    pub dir: Direction,
    texts: &'static str,
}

/// Ends each text in a table; no text may contain it (a table that does fails to compile).
const END: char = '\u{1f}';

/// Declares the texts every language has, in table order, with a method that reads each.
macro_rules! texts {
    ($($(#[doc = $doc:literal])+ $name:ident,)+) => {
        /// A text of a table, by its position.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        enum Text { $($name,)+ }

        /// The texts' names in the order every table lists them.
        const TEXTS: &[&str] = &[$(stringify!($name),)+];

        impl Strings {
            // Not inlined: 25 small functions weigh less than their calls grown at every site (measured).
            $($(#[doc = $doc])+ pub fn $name(&self) -> &'static str { self.text(Text::$name as usize) })+
        }
    };
}

texts! {
    /// The accessible name of the whole widget.
    widget_label,
    /// The question above thumbs and faces.
    question,
    /// The question of the comment-only mode.
    text_question,
    /// The question of the kiosk mode.
    kiosk_question,
    /// Thumbs up.
    yes,
    /// Thumbs down.
    no,
    /// The unhappy face.
    sad,
    /// The neither-nor face.
    neutral,
    /// The happy face.
    happy,
    /// Said at once after an answer, whatever the network does.
    thanks,
    /// Said after a comment or reasons were sent.
    thanks_more,
    /// Shown to a returning visitor whose earlier answer is selected.
    earlier,
    /// The heading of the reason chips after a negative answer.
    reasons_label,
    /// The heading of the reason chips after a positive answer.
    positive_reasons_label,
    /// The chip of [`Reason::Incorrect`]; the chips follow in [`Reason::ALL`] order.
    reason_incorrect,
    /// The chip of [`Reason::HardToUnderstand`].
    reason_hard_to_understand,
    /// The chip of [`Reason::MissingInformation`].
    reason_missing_information,
    /// The chip of [`Reason::OutOfDate`].
    reason_out_of_date,
    /// The chip of [`Reason::TranslationIssue`].
    reason_translation_issue,
    /// The chip of [`Reason::DidNotSolve`].
    reason_did_not_solve,
    /// The chip of [`Reason::Other`].
    reason_other,
    /// The chip of [`Reason::Clear`].
    reason_clear,
    /// The chip of [`Reason::Solved`].
    reason_solved,
    /// The chip of [`Reason::GoodExamples`].
    reason_good_examples,
    /// The comment field's label after a negative answer.
    comment_negative,
    /// The comment field's label after a positive or neutral answer.
    comment_positive,
    /// The comment field's label in the comment-only mode.
    comment_text,
    /// The consent box: the visitor may be contacted.
    contact_consent,
    /// The e-mail field's label.
    email_label,
    /// Said when the consent box is ticked but the address cannot be one.
    email_invalid,
    /// Said when the comment-only mode is sent empty.
    comment_missing,
    /// The send button.
    send,
    /// The floating button that opens the widget.
    open,
    /// The button that closes the floating panel.
    close,
    /// Heads a known-issue notice the site published, shown before the question.
    notice_label,
    /// Heads the note on what the site changed after feedback, shown after an answer.
    note_label,
    /// Said when the collector refused what was sent, so it cannot be stored.
    refused,
}

/// A language's table: every text of [`TEXTS`], named, in that order — checked when compiling.
macro_rules! table {
    ($lang:literal, $dir:expr, { $($name:ident: $text:literal,)+ }) => {{
        const TEXTS_OF_TABLE: &str = concat!($($text, '\u{1f}',)+);
        const _: () = assert!(
            same_names(&[$(stringify!($name),)+], TEXTS) && ends(TEXTS_OF_TABLE) == TEXTS.len(),
            "a table must list every text once, in the order of `texts!`, and no text may contain U+001F"
        );
        Strings { lang: $lang, dir: $dir, texts: TEXTS_OF_TABLE }
    }};
}

/// Whether two lists of names are the same, in the same order (a `const fn`, for [`table!`]).
const fn same_names(left: &[&str], right: &[&str]) -> bool {
    if left.len() != right.len() {
        return false;
    }
    let mut name = 0;
    while name < left.len() {
        let (one, other) = (left[name].as_bytes(), right[name].as_bytes());
        if one.len() != other.len() {
            return false;
        }
        let mut byte = 0;
        while byte < one.len() {
            if one[byte] != other[byte] {
                return false;
            }
            byte += 1;
        }
        name += 1;
    }
    true
}

/// How many texts a table's string ends (a `const fn`, for [`table!`]).
const fn ends(texts: &str) -> usize {
    let bytes = texts.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == END as u8 {
            n += 1;
        }
        i += 1;
    }
    n
}

impl Strings {
    /// The text at `position` in [`TEXTS`] order.
    fn text(&self, position: usize) -> &'static str {
        // A loop over bytes, not `split`: the widget carries no string searcher for it.
        let (mut start, mut seen) = (0, 0);
        for (i, byte) in self.texts.bytes().enumerate() {
            if byte == END as u8 {
                if seen == position {
                    return self.texts.get(start..i).unwrap_or_default();
                }
                seen += 1;
                start = i + 1;
            }
        }
        ""
    }

    /// The label of one answer.
    pub fn rating(&self, rating: Rating) -> &'static str {
        match rating {
            Rating::Up => self.yes(),
            Rating::Down => self.no(),
            Rating::Sad => self.sad(),
            Rating::Neutral => self.neutral(),
            Rating::Happy => self.happy(),
        }
    }

    /// The label of one reason chip.
    pub fn reason(&self, reason: Reason) -> &'static str {
        self.text(Text::reason_incorrect as usize + reason as usize)
    }
}

// Statics, not consts: every `&CONST` may become its own copy in the binary (English was in the
// widget's wasm twice), and the widget ships every byte to every visitor.

/// English, the fallback for every language we do not have.
pub static EN: Strings = table!("en", Direction::Ltr, {
    widget_label: "Page feedback",
    question: "Was this page helpful?",
    text_question: "What do you think of this page?",
    kiosk_question: "How was your visit today?",
    yes: "Yes",
    no: "No",
    sad: "Bad",
    neutral: "Okay",
    happy: "Good",
    thanks: "Thank you for your feedback!",
    thanks_more: "Thank you, we received your comment.",
    earlier: "Your earlier answer is selected. You can change it.",
    reasons_label: "What went wrong? (optional)",
    positive_reasons_label: "What helped? (optional)",
    reason_incorrect: "Incorrect",
    reason_hard_to_understand: "Hard to understand",
    reason_missing_information: "Missing information",
    reason_out_of_date: "Out of date",
    reason_translation_issue: "Translation issue",
    reason_did_not_solve: "Did not solve my problem",
    reason_other: "Something else",
    reason_clear: "Clear",
    reason_solved: "Solved my problem",
    reason_good_examples: "Good examples",
    comment_negative: "How can we improve this page? (optional)",
    comment_positive: "What did you like? (optional)",
    comment_text: "Your comment",
    contact_consent: "You may contact me about this feedback",
    email_label: "Your e-mail address",
    email_invalid: "Please enter an e-mail address such as name@example.com.",
    comment_missing: "Please write a comment first.",
    send: "Send",
    open: "Feedback",
    close: "Close",
    notice_label: "Known issue",
    note_label: "You said, we did",
    refused: "Sorry, your feedback could not be saved.",
});

/// Dutch.
pub static NL: Strings = table!("nl", Direction::Ltr, {
    widget_label: "Feedback over deze pagina",
    question: "Had je iets aan deze pagina?",
    text_question: "Wat vind je van deze pagina?",
    kiosk_question: "Hoe was je bezoek vandaag?",
    yes: "Ja",
    no: "Nee",
    sad: "Slecht",
    neutral: "Gaat wel",
    happy: "Goed",
    thanks: "Bedankt voor je feedback!",
    thanks_more: "Bedankt, we hebben je opmerking ontvangen.",
    earlier: "Je eerdere antwoord is geselecteerd. Je kunt het wijzigen.",
    reasons_label: "Wat ging er mis? (optioneel)",
    positive_reasons_label: "Wat hielp? (optioneel)",
    reason_incorrect: "Onjuist",
    reason_hard_to_understand: "Moeilijk te begrijpen",
    reason_missing_information: "Informatie ontbreekt",
    reason_out_of_date: "Verouderd",
    reason_translation_issue: "Slecht vertaald",
    reason_did_not_solve: "Mijn probleem is niet opgelost",
    reason_other: "Iets anders",
    reason_clear: "Duidelijk",
    reason_solved: "Mijn probleem is opgelost",
    reason_good_examples: "Goede voorbeelden",
    comment_negative: "Hoe kunnen we deze pagina verbeteren? (optioneel)",
    comment_positive: "Wat vond je goed? (optioneel)",
    comment_text: "Je opmerking",
    contact_consent: "Jullie mogen contact met me opnemen over deze feedback",
    email_label: "Je e-mailadres",
    email_invalid: "Vul een e-mailadres in, zoals naam@voorbeeld.nl.",
    comment_missing: "Schrijf eerst een opmerking.",
    send: "Versturen",
    open: "Feedback",
    close: "Sluiten",
    notice_label: "Bekend probleem",
    note_label: "Jullie zeiden, wij deden",
    refused: "Sorry, je feedback kon niet worden opgeslagen.",
});

/// German.
pub static DE: Strings = table!("de", Direction::Ltr, {
    widget_label: "Feedback zu dieser Seite",
    question: "War diese Seite hilfreich?",
    text_question: "Was halten Sie von dieser Seite?",
    kiosk_question: "Wie war Ihr Besuch heute?",
    yes: "Ja",
    no: "Nein",
    sad: "Schlecht",
    neutral: "Geht so",
    happy: "Gut",
    thanks: "Vielen Dank für Ihr Feedback!",
    thanks_more: "Danke, wir haben Ihren Kommentar erhalten.",
    earlier: "Ihre frühere Antwort ist ausgewählt. Sie können sie ändern.",
    reasons_label: "Was war nicht gut? (optional)",
    positive_reasons_label: "Was hat geholfen? (optional)",
    reason_incorrect: "Fehlerhaft",
    reason_hard_to_understand: "Schwer verständlich",
    reason_missing_information: "Informationen fehlen",
    reason_out_of_date: "Veraltet",
    reason_translation_issue: "Schlecht übersetzt",
    reason_did_not_solve: "Mein Problem ist nicht gelöst",
    reason_other: "Etwas anderes",
    reason_clear: "Verständlich",
    reason_solved: "Mein Problem ist gelöst",
    reason_good_examples: "Gute Beispiele",
    comment_negative: "Wie können wir diese Seite verbessern? (optional)",
    comment_positive: "Was hat Ihnen gefallen? (optional)",
    comment_text: "Ihr Kommentar",
    contact_consent: "Sie dürfen mich zu diesem Feedback kontaktieren",
    email_label: "Ihre E-Mail-Adresse",
    email_invalid: "Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.",
    comment_missing: "Bitte schreiben Sie zuerst einen Kommentar.",
    send: "Senden",
    open: "Feedback",
    close: "Schließen",
    notice_label: "Bekanntes Problem",
    note_label: "Ihr Feedback, unsere Änderung",
    refused: "Ihr Feedback konnte leider nicht gespeichert werden.",
});

/// French.
pub static FR: Strings = table!("fr", Direction::Ltr, {
    widget_label: "Avis sur cette page",
    question: "Cette page vous a-t-elle été utile ?",
    text_question: "Que pensez-vous de cette page ?",
    kiosk_question: "Comment s’est passée votre visite ?",
    yes: "Oui",
    no: "Non",
    sad: "Mauvaise",
    neutral: "Correcte",
    happy: "Bonne",
    thanks: "Merci pour votre avis !",
    thanks_more: "Merci, nous avons bien reçu votre commentaire.",
    earlier: "Votre réponse précédente est sélectionnée. Vous pouvez la modifier.",
    reasons_label: "Qu’est-ce qui n’allait pas ? (facultatif)",
    positive_reasons_label: "Qu’est-ce qui vous a aidé ? (facultatif)",
    reason_incorrect: "Incorrect",
    reason_hard_to_understand: "Difficile à comprendre",
    reason_missing_information: "Informations manquantes",
    reason_out_of_date: "Obsolète",
    reason_translation_issue: "Mal traduit",
    reason_did_not_solve: "N’a pas résolu mon problème",
    reason_other: "Autre chose",
    reason_clear: "Clair",
    reason_solved: "A résolu mon problème",
    reason_good_examples: "Bons exemples",
    comment_negative: "Comment pouvons-nous améliorer cette page ? (facultatif)",
    comment_positive: "Qu’avez-vous apprécié ? (facultatif)",
    comment_text: "Votre commentaire",
    contact_consent: "Vous pouvez me contacter au sujet de cet avis",
    email_label: "Votre adresse e-mail",
    email_invalid: "Veuillez saisir une adresse e-mail comme nom@exemple.fr.",
    comment_missing: "Veuillez d’abord écrire un commentaire.",
    send: "Envoyer",
    open: "Votre avis",
    close: "Fermer",
    notice_label: "Problème connu",
    note_label: "Vous l’avez dit, nous l’avons fait",
    refused: "Désolé, votre avis n’a pas pu être enregistré.",
});

/// Spanish.
pub static ES: Strings = table!("es", Direction::Ltr, {
    widget_label: "Opinión sobre esta página",
    question: "¿Te ha resultado útil esta página?",
    text_question: "¿Qué te parece esta página?",
    kiosk_question: "¿Qué tal ha sido tu visita hoy?",
    yes: "Sí",
    no: "No",
    sad: "Mala",
    neutral: "Normal",
    happy: "Buena",
    thanks: "¡Gracias por tu opinión!",
    thanks_more: "Gracias, hemos recibido tu comentario.",
    earlier: "Tu respuesta anterior está seleccionada. Puedes cambiarla.",
    reasons_label: "¿Qué ha fallado? (opcional)",
    positive_reasons_label: "¿Qué te ha ayudado? (opcional)",
    reason_incorrect: "Incorrecta",
    reason_hard_to_understand: "Difícil de entender",
    reason_missing_information: "Falta información",
    reason_out_of_date: "Desactualizada",
    reason_translation_issue: "Mal traducida",
    reason_did_not_solve: "No resolvió mi problema",
    reason_other: "Otra cosa",
    reason_clear: "Clara",
    reason_solved: "Resolvió mi problema",
    reason_good_examples: "Buenos ejemplos",
    comment_negative: "¿Cómo podemos mejorar esta página? (opcional)",
    comment_positive: "¿Qué te ha gustado? (opcional)",
    comment_text: "Tu comentario",
    contact_consent: "Podéis contactarme sobre esta opinión",
    email_label: "Tu correo electrónico",
    email_invalid: "Escribe un correo electrónico como nombre@ejemplo.es.",
    comment_missing: "Escribe primero un comentario.",
    send: "Enviar",
    open: "Opinión",
    close: "Cerrar",
    notice_label: "Problema conocido",
    note_label: "Lo dijisteis, lo hicimos",
    refused: "Lo sentimos, no se ha podido guardar tu opinión.",
});

/// Arabic, written right to left.
pub static AR: Strings = table!("ar", Direction::Rtl, {
    widget_label: "ملاحظات حول هذه الصفحة",
    question: "هل كانت هذه الصفحة مفيدة؟",
    text_question: "ما رأيك في هذه الصفحة؟",
    kiosk_question: "كيف كانت زيارتك اليوم؟",
    yes: "نعم",
    no: "لا",
    sad: "سيئة",
    neutral: "مقبولة",
    happy: "جيدة",
    thanks: "شكرًا لك على ملاحظاتك!",
    thanks_more: "شكرًا لك، لقد استلمنا تعليقك.",
    earlier: "إجابتك السابقة محددة. يمكنك تغييرها.",
    reasons_label: "ما المشكلة؟ (اختياري)",
    positive_reasons_label: "ما الذي ساعدك؟ (اختياري)",
    reason_incorrect: "معلومات غير صحيحة",
    reason_hard_to_understand: "صعبة الفهم",
    reason_missing_information: "معلومات ناقصة",
    reason_out_of_date: "معلومات قديمة",
    reason_translation_issue: "ترجمة سيئة",
    reason_did_not_solve: "لم تحل مشكلتي",
    reason_other: "شيء آخر",
    reason_clear: "واضحة",
    reason_solved: "حلّت مشكلتي",
    reason_good_examples: "أمثلة جيدة",
    comment_negative: "كيف يمكننا تحسين هذه الصفحة؟ (اختياري)",
    comment_positive: "ما الذي أعجبك؟ (اختياري)",
    comment_text: "تعليقك",
    contact_consent: "أوافق على التواصل معي بشأن هذه الملاحظات",
    email_label: "بريدك الإلكتروني",
    email_invalid: "يرجى إدخال بريد إلكتروني مثل name@example.com.",
    comment_missing: "يرجى كتابة تعليق أولًا.",
    send: "إرسال",
    open: "ملاحظات",
    close: "إغلاق",
    notice_label: "مشكلة معروفة",
    note_label: "قلتم، ففعلنا",
    refused: "عذرًا، تعذّر حفظ ملاحظاتك.",
});

/// Every language the widget speaks.
pub static ALL: [&Strings; 6] = [&EN, &NL, &DE, &FR, &ES, &AR];

/// The strings for one language tag (`nl`, `nl-BE`, `EN`), if we speak it.
pub fn find(tag: &str) -> Option<&'static Strings> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    ALL.into_iter().find(|s| s.lang == primary)
}

/// The strings for a language tag, falling back to English.
pub fn strings_for(tag: &str) -> &'static Strings {
    find(tag).unwrap_or(&EN)
}

/// The first of `tags` we speak (the owner's `data-lang`, then `<html lang>`, then the browser's), else English.
pub fn pick<'a>(tags: impl IntoIterator<Item = &'a str>) -> &'static Strings {
    tags.into_iter().find_map(find).unwrap_or(&EN)
}

/// `n` with its digits grouped by three, as each language writes it (`1,204`, `1.204`, `1 204`).
pub fn group_digits(n: u64, separator: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_empty_tags_fall_back_to_english() {
        assert_eq!(strings_for("tlh"), &EN);
        assert_eq!(strings_for(""), &EN);
        assert_eq!(strings_for("EN-gb"), &EN);
        assert_eq!(strings_for("nl_BE"), &NL);
    }

    #[test]
    fn the_first_language_we_speak_wins() {
        assert_eq!(pick(["", "tlh", "de-AT", "fr"]), &DE);
        assert_eq!(pick(["ar"]).dir, Direction::Rtl);
        assert_eq!(pick(["x-klingon"]), &EN);
    }

    #[test]
    fn every_table_is_complete_and_distinct_where_it_must_be() {
        for strings in ALL {
            let texts = [
                strings.widget_label(),
                strings.question(),
                strings.text_question(),
                strings.kiosk_question(),
                strings.thanks(),
                strings.thanks_more(),
                strings.earlier(),
                strings.reasons_label(),
                strings.positive_reasons_label(),
                strings.notice_label(),
                strings.note_label(),
                strings.comment_negative(),
                strings.comment_positive(),
                strings.comment_text(),
                strings.contact_consent(),
                strings.email_label(),
                strings.email_invalid(),
                strings.comment_missing(),
                strings.send(),
                strings.open(),
                strings.close(),
                strings.refused(),
            ];
            assert!(
                texts.iter().all(|t| !t.trim().is_empty()),
                "{}",
                strings.lang
            );
            // Two answers with one label could not be told apart by a screen reader.
            let answers: Vec<_> = Rating::ALL.iter().map(|r| strings.rating(*r)).collect();
            let faces = &answers[2..];
            assert!(faces[0] != faces[1] && faces[1] != faces[2] && answers[0] != answers[1]);
            let mut chips: Vec<_> = Reason::ALL.iter().map(|r| strings.reason(*r)).collect();
            chips.sort_unstable();
            chips.dedup();
            assert_eq!(chips.len(), Reason::ALL.len(), "{}", strings.lang);
            if strings.lang != "en" {
                assert_ne!(
                    strings.question(),
                    EN.question(),
                    "{} is untranslated",
                    strings.lang
                );
            }
        }
    }

    #[test]
    fn a_table_out_of_order_or_with_the_separator_in_a_text_is_caught() {
        // What `table!` asserts when compiling, on tables that would be wrong.
        assert!(same_names(&["yes", "no"], &["yes", "no"]));
        assert!(!same_names(&["no", "yes"], &["yes", "no"]));
        assert!(!same_names(&["yes"], &["yes", "no"]));
        assert!(!same_names(&["yes", "now"], &["yes", "no"]));
        assert_eq!(ends("Yes\u{1f}No\u{1f}"), 2);
        assert_eq!(ends("Yes\u{1f}N\u{1f}o\u{1f}"), 3);
    }

    #[test]
    fn chips_follow_the_reason_order() {
        assert_eq!(EN.reason(Reason::Incorrect), "Incorrect");
        assert_eq!(EN.reason(Reason::Other), "Something else");
    }
}
