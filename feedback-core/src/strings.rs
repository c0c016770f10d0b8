//! Every sentence a visitor reads, one table per language.

/// The widget's texts in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The language tag these strings are in.
    pub lang: &'static str,
    /// The accessible name of the whole widget.
    pub widget_label: &'static str,
    /// The question above the answers.
    pub question: &'static str,
    /// The label of the thumbs-up answer.
    pub yes: &'static str,
    /// The label of the thumbs-down answer.
    pub no: &'static str,
    /// Said at once after an answer, whatever the network does.
    pub thanks: &'static str,
}

/// English, the fallback for every language we do not have.
pub const EN: Strings = Strings {
    lang: "en",
    widget_label: "Page feedback",
    question: "Was this page helpful?",
    yes: "Yes",
    no: "No",
    thanks: "Thank you for your feedback!",
};

const ALL: [&Strings; 1] = [&EN];

/// The strings for a language tag (`nl`, `nl-BE`, `EN`), falling back to English.
pub fn strings_for(tag: &str) -> &'static Strings {
    let primary = tag
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    ALL.into_iter().find(|s| s.lang == primary).unwrap_or(&EN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_and_empty_tags_fall_back_to_english() {
        assert_eq!(strings_for("tlh"), &EN);
        assert_eq!(strings_for(""), &EN);
        assert_eq!(strings_for("EN-gb"), &EN);
    }
}
