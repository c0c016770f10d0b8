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
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The language tag these strings are in.
    pub lang: &'static str,
    /// Which way the language is written.
    pub dir: Direction,
    /// The accessible name of the whole widget.
    pub widget_label: &'static str,
    /// The question above thumbs and faces.
    pub question: &'static str,
    /// The question of the comment-only mode.
    pub text_question: &'static str,
    /// The question of the kiosk mode.
    pub kiosk_question: &'static str,
    /// Thumbs up.
    pub yes: &'static str,
    /// Thumbs down.
    pub no: &'static str,
    /// The unhappy face.
    pub sad: &'static str,
    /// The neither-nor face.
    pub neutral: &'static str,
    /// The happy face.
    pub happy: &'static str,
    /// Said at once after an answer, whatever the network does.
    pub thanks: &'static str,
    /// Said after a comment or reasons were sent.
    pub thanks_more: &'static str,
    /// Shown to a returning visitor whose earlier answer is selected.
    pub earlier: &'static str,
    /// The heading of the reason chips after a negative answer.
    pub reasons_label: &'static str,
    /// The heading of the reason chips after a positive answer.
    pub positive_reasons_label: &'static str,
    /// The chips, in [`Reason::ALL`] order.
    pub reasons: [&'static str; 10],
    /// The comment field's label after a negative answer.
    pub comment_negative: &'static str,
    /// The comment field's label after a positive or neutral answer.
    pub comment_positive: &'static str,
    /// The comment field's label in the comment-only mode.
    pub comment_text: &'static str,
    /// The consent box: the visitor may be contacted.
    pub contact_consent: &'static str,
    /// The e-mail field's label.
    pub email_label: &'static str,
    /// Said when the consent box is ticked but the address cannot be one.
    pub email_invalid: &'static str,
    /// Said when the comment-only mode is sent empty.
    pub comment_missing: &'static str,
    /// The send button.
    pub send: &'static str,
    /// The floating button that opens the widget.
    pub open: &'static str,
    /// The button that closes the floating panel.
    pub close: &'static str,
    /// Said when the collector refused what was sent, so it cannot be stored.
    pub refused: &'static str,
    /// Heads a known-issue notice the site published, shown before the question.
    pub notice_label: &'static str,
    /// Heads the note on what the site changed after feedback, shown after an answer.
    pub note_label: &'static str,
}

impl Strings {
    /// The label of one answer.
    pub const fn rating(&self, rating: Rating) -> &'static str {
        match rating {
            Rating::Up => self.yes,
            Rating::Down => self.no,
            Rating::Sad => self.sad,
            Rating::Neutral => self.neutral,
            Rating::Happy => self.happy,
        }
    }

    /// The label of one reason chip.
    pub const fn reason(&self, reason: Reason) -> &'static str {
        self.reasons[reason as usize]
    }
}

// Statics, not consts: every `&CONST` may become its own copy in the binary (English was in the
// widget's wasm twice), and the widget ships every byte to every visitor.

/// English, the fallback for every language we do not have.
pub static EN: Strings = Strings {
    lang: "en",
    dir: Direction::Ltr,
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
    reasons: [
        "Incorrect",
        "Hard to understand",
        "Missing information",
        "Out of date",
        "Translation issue",
        "Did not solve my problem",
        "Something else",
        "Clear",
        "Solved my problem",
        "Good examples",
    ],
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
};

/// Dutch.
pub static NL: Strings = Strings {
    lang: "nl",
    dir: Direction::Ltr,
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
    reasons: [
        "Onjuist",
        "Moeilijk te begrijpen",
        "Informatie ontbreekt",
        "Verouderd",
        "Slecht vertaald",
        "Mijn probleem is niet opgelost",
        "Iets anders",
        "Duidelijk",
        "Mijn probleem is opgelost",
        "Goede voorbeelden",
    ],
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
};

/// German.
pub static DE: Strings = Strings {
    lang: "de",
    dir: Direction::Ltr,
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
    reasons: [
        "Fehlerhaft",
        "Schwer verständlich",
        "Informationen fehlen",
        "Veraltet",
        "Schlecht übersetzt",
        "Mein Problem ist nicht gelöst",
        "Etwas anderes",
        "Verständlich",
        "Mein Problem ist gelöst",
        "Gute Beispiele",
    ],
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
};

/// French.
pub static FR: Strings = Strings {
    lang: "fr",
    dir: Direction::Ltr,
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
    reasons: [
        "Incorrect",
        "Difficile à comprendre",
        "Informations manquantes",
        "Obsolète",
        "Mal traduit",
        "N’a pas résolu mon problème",
        "Autre chose",
        "Clair",
        "A résolu mon problème",
        "Bons exemples",
    ],
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
};

/// Spanish.
pub static ES: Strings = Strings {
    lang: "es",
    dir: Direction::Ltr,
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
    reasons: [
        "Incorrecta",
        "Difícil de entender",
        "Falta información",
        "Desactualizada",
        "Mal traducida",
        "No resolvió mi problema",
        "Otra cosa",
        "Clara",
        "Resolvió mi problema",
        "Buenos ejemplos",
    ],
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
};

/// Arabic, written right to left.
pub static AR: Strings = Strings {
    lang: "ar",
    dir: Direction::Rtl,
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
    reasons: [
        "معلومات غير صحيحة",
        "صعبة الفهم",
        "معلومات ناقصة",
        "معلومات قديمة",
        "ترجمة سيئة",
        "لم تحل مشكلتي",
        "شيء آخر",
        "واضحة",
        "حلّت مشكلتي",
        "أمثلة جيدة",
    ],
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
};

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
                strings.widget_label,
                strings.question,
                strings.text_question,
                strings.kiosk_question,
                strings.thanks,
                strings.thanks_more,
                strings.earlier,
                strings.reasons_label,
                strings.positive_reasons_label,
                strings.notice_label,
                strings.note_label,
                strings.comment_negative,
                strings.comment_positive,
                strings.comment_text,
                strings.contact_consent,
                strings.email_label,
                strings.email_invalid,
                strings.comment_missing,
                strings.send,
                strings.open,
                strings.close,
                strings.refused,
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
            let mut chips = strings.reasons.to_vec();
            chips.sort_unstable();
            chips.dedup();
            assert_eq!(chips.len(), Reason::ALL.len(), "{}", strings.lang);
            if strings.lang != "en" {
                assert_ne!(
                    strings.question, EN.question,
                    "{} is untranslated",
                    strings.lang
                );
            }
        }
    }

    #[test]
    fn chips_follow_the_reason_order() {
        assert_eq!(EN.reason(Reason::Incorrect), "Incorrect");
        assert_eq!(EN.reason(Reason::Other), "Something else");
    }
}
