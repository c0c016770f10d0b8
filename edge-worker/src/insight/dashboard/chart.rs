//! Charts as inline SVG: drawn here, coloured by the stylesheet (so both themes and forced colours
//! work), each with a text alternative.

use feedback_core::insight::dashboard::{format_count, format_share, Bucket};
use feedback_core::insight::stats::Votes;
use maud::{html, Markup};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 26.0;
const TOP: f64 = 10.0;

/// A count as a coordinate; counts stay far below 2^52.
#[allow(clippy::cast_precision_loss)]
fn float(n: u64) -> f64 {
    n as f64
}

/// "Nov 20" from "2026-11-20".
pub fn short_day(day: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = day
        .get(5..7)
        .and_then(|m| m.parse::<usize>().ok())
        .and_then(|m| MONTHS.get(m.wrapping_sub(1)));
    let date = day.get(8..10).map(|d| d.trim_start_matches('0'));
    match (month, date) {
        (Some(month), Some(date)) => format!("{month} {date}"),
        _ => day.to_owned(),
    }
}

/// A bucket's span as people say it: "Nov 20" or "Nov 16 – Nov 22".
pub fn span(bucket: &Bucket) -> String {
    if bucket.start == bucket.end {
        short_day(&bucket.start)
    } else {
        format!("{} – {}", short_day(&bucket.start), short_day(&bucket.end))
    }
}

/// The smallest of 2, 4, 6, 8 × 10ⁿ (or 10ⁿ⁺¹) at or above `max`: round and even, so the middle
/// gridline is a whole number too.
pub fn nice_ceiling(max: u64) -> u64 {
    let mut step = 1;
    loop {
        for factor in [2, 4, 6, 8, 10] {
            if step * factor >= max {
                return step * factor;
            }
        }
        step *= 10;
    }
}

fn describe(votes: Votes) -> String {
    format!(
        "{} helpful, {} not helpful, {} neutral",
        format_count(votes.positive),
        format_count(votes.negative),
        format_count(votes.neutral)
    )
}

/// The trend: one stacked bar per bucket (helpful at the bottom, then neutral, then not helpful),
/// with a summary for screen readers and a table of the same figures behind a disclosure.
pub fn trend(buckets: &[Bucket], id: &str) -> Markup {
    let max = buckets.iter().map(|b| b.votes.total()).max().unwrap_or(0);
    let ceiling = nice_ceiling(max.max(1));
    #[allow(clippy::cast_precision_loss)]
    let scale = (HEIGHT - TOP - BOTTOM) / ceiling as f64;
    #[allow(clippy::cast_precision_loss)]
    let slot = (WIDTH - LEFT) / buckets.len().max(1) as f64;
    let bar = (slot * 0.78).max(1.0);
    let base = HEIGHT - BOTTOM;
    let total = buckets.iter().fold(Votes::default(), |mut sum, b| {
        sum.positive += b.votes.positive;
        sum.negative += b.votes.negative;
        sum.neutral += b.votes.neutral;
        sum
    });
    let busiest = buckets.iter().max_by_key(|b| b.votes.total());
    let summary = match (buckets.first(), buckets.last(), busiest) {
        (Some(first), Some(last), Some(peak)) if total.total() > 0 => format!(
            "From {} to {}: {} answers, {} helpful. Busiest: {} with {}.",
            short_day(&first.start),
            short_day(&last.end),
            format_count(total.total()),
            format_share(total.helpful_share()),
            span(peak),
            format_count(peak.votes.total())
        ),
        _ => "No answers in this range yet.".to_owned(),
    };
    let labels: Vec<usize> = match buckets.len() {
        0 => Vec::new(),
        1 => vec![0],
        n => vec![0, n / 2, n - 1],
    };
    #[allow(clippy::cast_precision_loss)]
    let x_of = |i: usize| LEFT + slot * i as f64;
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img"
                aria-labelledby=(format!("{id}-title {id}-desc")) preserveAspectRatio="none" {
                title id=(format!("{id}-title")) { "Answers over time" }
                desc id=(format!("{id}-desc")) { (summary) }
                @for (value, y) in [(0, base), (ceiling / 2, base - (HEIGHT - TOP - BOTTOM) / 2.0), (ceiling, TOP)] {
                    line.grid x1=(LEFT) x2=(WIDTH) y1=(y) y2=(y) {}
                    text.axis x=(LEFT - 6.0) y=(y + 4.0) text-anchor="end" { (format_count(value)) }
                }
                @for (i, bucket) in buckets.iter().enumerate() {
                    @let x = x_of(i) + (slot - bar) / 2.0;
                    @let (pos, neu, neg) = (float(bucket.votes.positive) * scale, float(bucket.votes.neutral) * scale, float(bucket.votes.negative) * scale);
                    g {
                        title { (span(bucket)) ": " (describe(bucket.votes)) }
                        rect.pos x=(x) width=(bar) y=(base - pos) height=(pos) {}
                        rect.neu x=(x) width=(bar) y=(base - pos - neu) height=(neu) {}
                        rect.neg x=(x) width=(bar) y=(base - pos - neu - neg) height=(neg) {}
                    }
                }
                @for i in &labels {
                    @let anchor = if *i == 0 { "start" } else if *i + 1 == buckets.len() { "end" } else { "middle" };
                    @let x = if *i == 0 { x_of(0) } else if *i + 1 == buckets.len() { WIDTH } else { x_of(*i) + slot / 2.0 };
                    text.axis x=(x) y=(HEIGHT - 6.0) text-anchor=(anchor) { (short_day(&buckets[*i].start)) }
                }
            }
            figcaption {
                ul.legend {
                    li { span.key.pos {} "Helpful" }
                    li { span.key.neu {} "Neutral" }
                    li { span.key.neg {} "Not helpful" }
                }
            }
            details.table-alt {
                summary { "Show these figures as a table" }
                table {
                    thead { tr { th scope="col" { "Period" } th scope="col" { "Helpful" } th scope="col" { "Neutral" } th scope="col" { "Not helpful" } th scope="col" { "Helpful share" } } }
                    tbody {
                        @for bucket in buckets {
                            tr {
                                th scope="row" { (span(bucket)) }
                                td { (format_count(bucket.votes.positive)) }
                                td { (format_count(bucket.votes.neutral)) }
                                td { (format_count(bucket.votes.negative)) }
                                td { (format_share(bucket.votes.helpful_share())) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A page's votes per day as a small line; `label` says the same in words for screen readers.
pub fn sparkline(values: &[u64]) -> Markup {
    const W: f64 = 96.0;
    const H: f64 = 24.0;
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    #[allow(clippy::cast_precision_loss)]
    let step = if values.len() > 1 {
        W / (values.len() - 1) as f64
    } else {
        0.0
    };
    #[allow(clippy::cast_precision_loss)]
    let point = |i: usize, v: u64| (step * i as f64, H - 2.0 - (H - 4.0) * v as f64 / max as f64);
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (x, y) = point(i, *v);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    let peak = values.iter().copied().max().unwrap_or(0);
    let last = values.last().copied().unwrap_or(0);
    let label = format!(
        "Votes per day: most {}, last day {}",
        format_count(peak),
        format_count(last)
    );
    let (end_x, end_y) = point(values.len().saturating_sub(1), last);
    html! {
        svg.spark viewBox=(format!("-2 0 {} {H}", W + 4.0)) width="100" height="24" role="img" aria-label=(label) {
            polyline points=(points.join(" ")) {}
            circle cx=(end_x) cy=(end_y) r="2" {}
        }
    }
}

/// A horizontal bar for a share of a whole; the figures beside it say the same in text.
pub fn share_bar(part: u64, whole: u64, class: &str) -> Markup {
    #[allow(clippy::cast_precision_loss)]
    let share = if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    };
    bar(share, class)
}

/// A horizontal bar for a share (0 to 1) known only as a share; the figure beside it says the same.
pub fn bar(share: f64, class: &str) -> Markup {
    let percent = 100.0 * share.clamp(0.0, 1.0);
    html! {
        svg.bar viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false" {
            rect.track x="0" y="0" width="100" height="8" {}
            rect class=(class) x="0" y="0" width=(format!("{percent:.2}")) height="8" {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(day: &str, positive: u64, negative: u64) -> Bucket {
        Bucket {
            start: day.into(),
            end: day.into(),
            votes: Votes {
                positive,
                negative,
                neutral: 0,
            },
        }
    }

    #[test]
    fn axes_use_round_numbers() {
        assert_eq!(nice_ceiling(1), 2);
        assert_eq!(nice_ceiling(3), 4);
        assert_eq!(nice_ceiling(96), 100);
        assert_eq!(nice_ceiling(101), 200);
        assert_eq!(nice_ceiling(4_100), 6_000);
    }

    #[test]
    fn days_read_as_dates() {
        assert_eq!(short_day("2026-11-03"), "Nov 3");
        assert_eq!(short_day("garbage"), "garbage");
    }

    #[test]
    fn the_trend_says_in_words_what_it_draws() {
        let svg = trend(
            &[
                bucket("2026-11-20", 3, 1),
                bucket("2026-11-21", 10, 0),
                bucket("2026-11-22", 0, 0),
            ],
            "t",
        )
        .into_string();
        assert!(svg
            .contains("From Nov 20 to Nov 22: 14 answers, 93% helpful. Busiest: Nov 21 with 10."));
        assert_eq!(svg.matches("<g>").count(), 3, "one bar group per bucket");
        assert!(
            svg.contains("<td>75%</td>") && svg.contains("<td>100%</td>"),
            "a row per bucket"
        );
        assert!(
            svg.contains("<td>–</td>"),
            "a day without answers has no share"
        );
        let empty = trend(&[], "e").into_string();
        assert!(empty.contains("No answers in this range yet."));
    }

    #[test]
    fn a_sparkline_spans_its_box_and_names_its_peak() {
        let svg = sparkline(&[0, 4, 2]).into_string();
        assert!(svg.contains("points=\"0.0,22.0 48.0,2.0 96.0,12.0\""));
        assert!(svg.contains("aria-label=\"Votes per day: most 4, last day 2\""));
        assert!(sparkline(&[]).into_string().contains("most 0"));
    }
}
