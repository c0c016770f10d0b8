//! What a website owner can ask of the widget through the tag's `data-*` attributes.

use crate::{Channel, Rating};

/// How the visitor answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Yes / No thumbs, with reasons after a No.
    #[default]
    Thumbs,
    /// Three faces.
    Smileys,
    /// A comment box only.
    Text,
    /// Three large faces on an on-site terminal; resets after each thank-you.
    Kiosk,
}

/// Light or dark colours, or whatever the visitor's system prefers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
    /// Dark text on light.
    Light,
    /// Light text on dark.
    Dark,
}

/// Where the widget appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    /// In the page's flow: at a `[data-feedback]` element, else right after the script tag.
    #[default]
    Inline,
    /// A button in the page's corner that opens the widget.
    Floating,
}

/// An attribute value the widget does not know; the widget then uses the default and says so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("data-{attribute}=\"{value}\" is not one of {allowed}; using \"{default}\"")]
pub struct UnknownValue {
    /// The attribute, without `data-`.
    pub attribute: &'static str,
    /// What the page said.
    pub value: String,
    /// The values that exist.
    pub allowed: &'static str,
    /// What is used instead.
    pub default: &'static str,
}

fn parse_named<T: Copy + Default>(
    attribute: &'static str,
    value: Option<&str>,
    table: &[(&'static str, T)],
) -> Result<T, UnknownValue> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(T::default());
    };
    let lower = value.to_ascii_lowercase();
    table
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, v)| *v)
        .ok_or_else(|| UnknownValue {
            attribute,
            value: value.to_owned(),
            allowed: match attribute {
                "mode" => "thumbs, smileys, text, kiosk",
                "theme" => "auto, light, dark",
                _ => "inline, floating",
            },
            default: table[0].0,
        })
}

impl Mode {
    /// Reads `data-mode`; absent means thumbs.
    pub fn parse(value: Option<&str>) -> Result<Self, UnknownValue> {
        parse_named(
            "mode",
            value,
            &[
                ("thumbs", Self::Thumbs),
                ("smileys", Self::Smileys),
                ("text", Self::Text),
                ("kiosk", Self::Kiosk),
            ],
        )
    }

    /// The answers offered, in the order shown.
    pub const fn ratings(self) -> &'static [Rating] {
        match self {
            Self::Thumbs => &[Rating::Up, Rating::Down],
            Self::Smileys | Self::Kiosk => &[Rating::Sad, Rating::Neutral, Rating::Happy],
            Self::Text => &[],
        }
    }

    /// The channel its items are counted in.
    pub const fn channel(self) -> Channel {
        match self {
            Self::Kiosk => Channel::Kiosk,
            _ => Channel::Web,
        }
    }

    /// Whether the widget remembers the visitor's answer and offers reasons, a comment and contact.
    /// A kiosk serves a queue of strangers, so it does neither.
    pub const fn follows_up(self) -> bool {
        !matches!(self, Self::Kiosk)
    }

    /// The height the loader reserves before the widget appears, in CSS pixels, so nothing moves.
    pub const fn reserved_height(self) -> u32 {
        match self {
            Self::Thumbs | Self::Smileys => RESERVED_RATING,
            Self::Text => RESERVED_TEXT,
            Self::Kiosk => RESERVED_KIOSK,
        }
    }
}

/// Reserved heights, mirrored in `widget/loader/embed.js` and `widget/src/widget.css`; a test keeps
/// the three in step.
pub const RESERVED_RATING: u32 = 134;
/// The comment-only mode's reserved height.
pub const RESERVED_TEXT: u32 = 264;
/// The kiosk's reserved height.
pub const RESERVED_KIOSK: u32 = 276;

impl Theme {
    /// Reads `data-theme`; absent means auto.
    pub fn parse(value: Option<&str>) -> Result<Self, UnknownValue> {
        parse_named(
            "theme",
            value,
            &[
                ("auto", Self::Auto),
                ("light", Self::Light),
                ("dark", Self::Dark),
            ],
        )
    }

    /// The value of the host's `data-theme`, which the stylesheet keys on.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

impl Placement {
    /// Reads `data-placement`; absent means inline.
    pub fn parse(value: Option<&str>) -> Result<Self, UnknownValue> {
        parse_named(
            "placement",
            value,
            &[("inline", Self::Inline), ("floating", Self::Floating)],
        )
    }
}

/// The longest question an owner may set with `data-question`, in characters; longer is cut.
pub const MAX_QUESTION_CHARS: usize = 200;

/// The owner's own question, trimmed and cut to [`MAX_QUESTION_CHARS`]; `None` when blank.
pub fn custom_question(value: Option<&str>) -> Option<String> {
    let value = value?.trim();
    (!value.is_empty()).then(|| value.chars().take(MAX_QUESTION_CHARS).collect())
}

/// Whether a `data-*` flag such as `data-contact` is switched on (`""`, `true`, `yes`, `1`, `on`).
pub fn flag(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        ["", "true", "yes", "1", "on"]
            .iter()
            .any(|word| v.trim().eq_ignore_ascii_case(word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_values_are_the_defaults_and_case_does_not_matter() {
        assert_eq!(Mode::parse(None), Ok(Mode::Thumbs));
        assert_eq!(Mode::parse(Some(" Smileys ")), Ok(Mode::Smileys));
        assert_eq!(Theme::parse(Some("DARK")), Ok(Theme::Dark));
        assert_eq!(Placement::parse(Some("")), Ok(Placement::Inline));
        assert_eq!(Placement::parse(Some("floating")), Ok(Placement::Floating));
    }

    #[test]
    fn an_unknown_value_says_what_exists_and_what_is_used() {
        let error = Mode::parse(Some("stars")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "data-mode=\"stars\" is not one of thumbs, smileys, text, kiosk; using \"thumbs\""
        );
        assert!(Theme::parse(Some("sepia"))
            .unwrap_err()
            .to_string()
            .contains("auto, light, dark"));
    }

    #[test]
    fn each_mode_offers_its_answers_and_counts_in_its_channel() {
        assert_eq!(Mode::Thumbs.ratings(), &[Rating::Up, Rating::Down]);
        assert_eq!(Mode::Smileys.ratings().len(), 3);
        assert!(Mode::Text.ratings().is_empty());
        assert_eq!(Mode::Kiosk.channel(), Channel::Kiosk);
        assert_eq!(Mode::Smileys.channel(), Channel::Web);
        assert!(!Mode::Kiosk.follows_up());
    }

    #[test]
    fn the_loader_and_the_stylesheet_reserve_the_same_heights() {
        let loader = include_str!("../../../widget/loader/embed.js");
        let css = include_str!("../../../widget/src/widget.css");
        for (name, height) in [
            ("rating", RESERVED_RATING),
            ("text", RESERVED_TEXT),
            ("kiosk", RESERVED_KIOSK),
        ] {
            // The loader names the other modes and falls back to the rating modes' height.
            let in_loader = if name == "rating" {
                format!("|| {height})")
            } else {
                format!("{name}: {height}")
            };
            assert!(loader.contains(&in_loader), "loader: {name}");
            assert!(
                css.contains(&format!("min-height: {height}px; /* {name} */")),
                "css: {name}"
            );
        }
    }

    #[test]
    fn questions_are_trimmed_and_cut() {
        assert_eq!(custom_question(Some("  ")), None);
        assert_eq!(
            custom_question(Some(" Did this help? ")).as_deref(),
            Some("Did this help?")
        );
        assert_eq!(
            custom_question(Some(&"x".repeat(500))).map(|q| q.len()),
            Some(200)
        );
        assert!(flag(Some("")) && flag(Some("Yes")) && !flag(Some("no")) && !flag(None));
    }
}
