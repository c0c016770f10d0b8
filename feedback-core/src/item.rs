//! A stored piece of feedback as the read API returns it, and its CSV form.

use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Reason};
use crate::rating::Rating;

/// One stored item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The item's id.
    pub id: String,
    /// When it was first received (ISO 8601, UTC).
    pub created_at: String,
    /// When the visitor last changed it.
    pub updated_at: String,
    /// The normalised page.
    pub page: String,
    /// The page's title, as the widget saw it.
    pub title: Option<String>,
    /// Where it was asked.
    pub channel: Channel,
    /// The answer, if any.
    pub rating: Option<Rating>,
    /// The quick reasons chosen.
    pub reasons: Vec<Reason>,
    /// The visitor's words.
    pub comment: Option<String>,
    /// An address the visitor agreed to be contacted at.
    pub contact_email: Option<String>,
    /// The visitor's language.
    pub locale: Option<String>,
    /// Why it looks like spam, if it does.
    pub spam: Option<String>,
}

/// The CSV header row, in the order of [`Item::csv_row`].
pub const CSV_HEADER: &str =
    "id,created_at,updated_at,page,title,channel,rating,reasons,comment,contact_email,locale,spam\r\n";

/// One CSV cell: quoted, and neutralised when a spreadsheet would read it as a formula.
pub fn csv_cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

impl Item {
    /// The item as one CSV line (RFC 4180, CRLF).
    pub fn csv_row(&self) -> String {
        let reasons: Vec<_> = self.reasons.iter().map(|r| r.as_str()).collect();
        let cells = [
            self.id.as_str(),
            &self.created_at,
            &self.updated_at,
            &self.page,
            self.title.as_deref().unwrap_or_default(),
            self.channel.as_str(),
            self.rating.map(Rating::as_str).unwrap_or_default(),
            &reasons.join(";"),
            self.comment.as_deref().unwrap_or_default(),
            self.contact_email.as_deref().unwrap_or_default(),
            self.locale.as_deref().unwrap_or_default(),
            self.spam.as_deref().unwrap_or_default(),
        ];
        let mut row = cells.map(csv_cell).join(",");
        row.push_str("\r\n");
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://evil\")"),
            "\"'=HYPERLINK(\"\"http://evil\"\")\""
        );
        for formula in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(formula).starts_with("\"'"), "{formula:?}");
        }
        assert_eq!(csv_cell("plain, with comma"), "\"plain, with comma\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn a_row_has_a_cell_per_header() {
        let item = Item {
            id: "1".into(),
            created_at: "2026-11-22T10:00:00.000Z".into(),
            updated_at: "2026-11-22T10:00:00.000Z".into(),
            page: "https://x.test/".into(),
            title: None,
            channel: Channel::Web,
            rating: Some(Rating::Down),
            reasons: vec![Reason::Incorrect, Reason::Other],
            comment: Some("=1+1".into()),
            contact_email: None,
            locale: Some("en".into()),
            spam: None,
        };
        let row = item.csv_row();
        assert_eq!(
            row.matches("\",\"").count() + 1,
            CSV_HEADER.split(',').count()
        );
        assert!(row.contains("\"incorrect;other\""));
        assert!(row.contains("\"'=1+1\""));
    }
}
