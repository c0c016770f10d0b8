//! Prints the urgent words found in each line on standard input (`cargo run -p feedback-core --example urgent_words -- [locale]`).
use std::io::BufRead;

use feedback_core::intake::urgency::{UrgencyRules, UrgentReason};

fn main() {
    let locale = std::env::args().nth(1);
    let rules = UrgencyRules::default();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let m = feedback_core::intake::mood::mood(&line, locale.as_deref());
        let words: Vec<String> = rules
            .assess(None, Some(&line), Some(&m), false)
            .into_iter()
            .filter_map(|r| match r {
                UrgentReason::Keyword { keyword } => Some(keyword),
                _ => None,
            })
            .collect();
        println!("{}", words.join(","));
    }
}
