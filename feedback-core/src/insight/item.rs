//! A stored piece of feedback as the read API returns it, and its CSV form.

use serde::{Deserialize, Serialize};

use crate::channel::{Channel, Reason};
use crate::rating::Rating;

/// One stored item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The comment's mood, -1 (furious) to 1 (delighted); `None` without a comment.
    #[serde(default)]
    pub mood: Option<f64>,
    /// The words that made the mood.
    #[serde(default)]
    pub mood_words: Vec<crate::intake::mood::Counted>,
    /// Every urgency rule the item matched; empty when it is not urgent.
    #[serde(default)]
    pub urgent: Vec<crate::intake::urgency::UrgentReason>,
    /// Where the item stands with the site's team.
    #[serde(default)]
    pub status: crate::follow_up::status::ItemStatus,
    /// The customer's answer to "did this solve it?": `solved` or `not_solved`, once given.
    #[serde(default)]
    pub customer_answer: Option<String>,
    /// The known-issue notice the answer was given under, by id; counted apart from the others.
    #[serde(default)]
    pub under_notice: Option<String>,
    /// Who in the organisation is responsible for it, if anyone.
    #[serde(default)]
    pub owner: Option<String>,
    /// The team the site's routing gave it when it was stored, if any.
    #[serde(default)]
    pub team: Option<String>,
}

/// The CSV header row, in the order of [`Item::csv_row`].
pub const CSV_HEADER: &str =
    "id,created_at,updated_at,page,title,channel,rating,reasons,comment,contact_email,locale,spam,mood,urgent,status,under_notice,owner,team\r\n";

/// One CSV cell: quoted, and neutralised when a spreadsheet would read it as a formula.
pub fn csv_cell(value: &str) -> String {
    let mut cell = String::with_capacity(value.len() + 3);
    write_cell(&mut cell, value);
    cell
}

/// Appends [`csv_cell`] of `value` to `out`: an export writes thousands of rows, so cells are
/// written in place rather than each allocated and joined.
fn write_cell(out: &mut String, value: &str) {
    out.push('"');
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        // A plain number (a negative mood) cannot run anything; everything else that could start a formula can.
        let number = value.parse::<f64>().is_ok_and(f64::is_finite) && !value.starts_with('+');
        if !number {
            out.push('\'');
        }
    }
    let mut rest = value;
    while let Some(quote) = rest.find('"') {
        out.push_str(&rest[..=quote]);
        out.push('"');
        rest = &rest[quote + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

/// Items as a CSV document: the header row, then one row per item.
pub fn csv_document<'a>(items: impl IntoIterator<Item = &'a Item>) -> String {
    let items = items.into_iter();
    // About what a row with a short comment takes, so a long export grows its buffer a few times only.
    let mut csv = String::with_capacity(CSV_HEADER.len() + items.size_hint().0 * 200);
    csv.push_str(CSV_HEADER);
    for item in items {
        item.write_csv_row(&mut csv);
    }
    csv
}

impl Item {
    /// The item as one CSV line (RFC 4180, CRLF).
    pub fn csv_row(&self) -> String {
        let mut row = String::new();
        self.write_csv_row(&mut row);
        row
    }

    /// Appends [`Item::csv_row`] to `out`.
    fn write_csv_row(&self, out: &mut String) {
        let reasons: Vec<_> = self.reasons.iter().map(|r| r.as_str()).collect();
        let mood = self.mood.map(|m| format!("{m:.3}")).unwrap_or_default();
        let urgent: Vec<_> = self
            .urgent
            .iter()
            .map(crate::intake::urgency::UrgentReason::rule)
            .collect();
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
            &mood,
            &urgent.join(";"),
            self.status.as_str(),
            self.under_notice.as_deref().unwrap_or_default(),
            self.owner.as_deref().unwrap_or_default(),
            self.team.as_deref().unwrap_or_default(),
        ];
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_cell(out, cell);
        }
        out.push_str("\r\n");
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
        assert_eq!(csv_cell("-0.612"), "\"-0.612\"", "numbers stay numbers");
        assert!(csv_cell("-1+cmd|' /C calc'!A0").starts_with("\"'"));
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
            mood: Some(-0.5),
            mood_words: Vec::new(),
            urgent: vec![crate::intake::urgency::UrgentReason::ContactRequested],
            status: crate::follow_up::status::ItemStatus::Acknowledged,
            customer_answer: None,
            under_notice: Some("n-1".into()),
            owner: Some("ana@example.com".into()),
            team: Some("billing".into()),
        };
        let row = item.csv_row();
        assert_eq!(
            row.matches("\",\"").count() + 1,
            CSV_HEADER.split(',').count()
        );
        assert!(row.contains("\"incorrect;other\""));
        assert!(row.contains("\"'=1+1\""));
        assert!(row.ends_with("\"acknowledged\",\"n-1\",\"ana@example.com\",\"billing\"\r\n"));
    }
}
