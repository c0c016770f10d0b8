//! The thumbs (or faces) a marketer pastes into an e-mail: tables and inline styles only, no script,
//! no external CSS, so it renders the same in Outlook, Gmail and Apple Mail; plus a text fallback.

use std::fmt::Write;

use crate::ask::embed::Mode;
use crate::rating::Rating;
use crate::strings::Strings;

/// Escapes text for HTML content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The ratings an e-mail offers in a mode: thumbs, or three faces for `smileys`.
pub fn ratings(mode: Mode) -> &'static [Rating] {
    match mode {
        Mode::Smileys | Mode::Kiosk => &[Rating::Sad, Rating::Neutral, Rating::Happy],
        Mode::Thumbs | Mode::Text => &[Rating::Up, Rating::Down],
    }
}

/// "Did this solve your problem?" and its two answers, in `lang` (English when unknown).
pub fn resolution_wording(lang: &str) -> (&'static str, &'static str, &'static str) {
    match crate::strings::strings_for(lang).lang {
        "nl" => (
            "Is je probleem hiermee opgelost?",
            "Ja, opgelost",
            "Nee, nog niet",
        ),
        "de" => (
            "Hat das Ihr Problem gelöst?",
            "Ja, gelöst",
            "Nein, noch nicht",
        ),
        "fr" => (
            "Votre problème est-il résolu ?",
            "Oui, résolu",
            "Non, pas encore",
        ),
        "es" => (
            "¿Se ha resuelto tu problema?",
            "Sí, resuelto",
            "No, todavía no",
        ),
        "ar" => ("هل حُلّت مشكلتك؟", "نعم، حُلّت", "لا، ليس بعد"),
        _ => ("Did this solve your problem?", "Yes, solved", "No, not yet"),
    }
}

/// A symbol beside each label; never alone, the words carry the meaning.
const fn symbol(rating: Rating) -> &'static str {
    match rating {
        Rating::Up => "👍",
        Rating::Down => "👎",
        Rating::Sad => "🙁",
        Rating::Neutral => "😐",
        Rating::Happy => "🙂",
    }
}

/// The snippet for a vote: `(html, text)`. `links` pairs each rating with its address.
pub fn snippet(question: &str, strings: &Strings, links: &[(Rating, String)]) -> (String, String) {
    let labelled: Vec<(String, String)> = links
        .iter()
        .map(|(rating, url)| {
            (
                format!("{}\u{a0}{}", symbol(*rating), strings.rating(*rating)),
                url.clone(),
            )
        })
        .collect();
    buttons(question, strings, &labelled)
}

/// The same look for any labelled links (the "did this solve it?" answers): `(html, text)`.
pub fn buttons(question: &str, strings: &Strings, links: &[(String, String)]) -> (String, String) {
    let mut cells = String::new();
    for (label, url) in links {
        let _ = write!(
            cells,
            "<td style=\"padding:0 8px 0 0;\"><a href=\"{}\" style=\"display:inline-block;padding:10px 18px;border:1px solid #0b57d0;border-radius:22px;color:#0b57d0;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:20px;text-decoration:none;\">{}</a></td>",
            escape(url),
            escape(label).replace('\u{a0}', "&nbsp;")
        );
    }
    let html = format!(
        "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" dir=\"{dir}\" lang=\"{lang}\" style=\"margin:16px 0;border-collapse:collapse;\">\n<tr><td style=\"padding:0 0 10px 0;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:22px;font-weight:bold;color:#1b1f24;\">{question}</td></tr>\n<tr><td><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;\"><tr>{cells}</tr></table></td></tr>\n</table>",
        dir = strings.dir.as_str(),
        lang = strings.lang,
        question = escape(question),
    );
    let mut text = format!("{question}\n");
    for (label, url) in links {
        let label = label.rsplit('\u{a0}').next().unwrap_or(label);
        let _ = writeln!(text, "{label}: {url}");
    }
    (html, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::strings_for;

    #[test]
    fn the_snippet_is_tables_and_inline_styles_only() {
        let links = vec![
            (Rating::Up, "https://c.test/e/t?r=up&x=\"1\"".to_owned()),
            (Rating::Down, "https://c.test/e/t?r=down".to_owned()),
        ];
        let (html, text) = snippet("Was this <b>e-mail</b> helpful?", strings_for("nl"), &links);
        assert!(!html.contains("<script") && !html.contains("<style") && !html.contains("class="));
        assert!(html.contains("Was this &lt;b&gt;e-mail&lt;/b&gt; helpful?"));
        assert!(html.contains("href=\"https://c.test/e/t?r=up&amp;x=&quot;1&quot;\""));
        assert!(html.contains("👍&nbsp;Ja") && html.contains("👎&nbsp;Nee"));
        assert_eq!(
            text,
            "Was this <b>e-mail</b> helpful?\nJa: https://c.test/e/t?r=up&x=\"1\"\nNee: https://c.test/e/t?r=down\n"
        );
        assert_eq!(ratings(Mode::Smileys).len(), 3);
    }
}
