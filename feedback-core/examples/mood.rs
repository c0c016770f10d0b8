//! Prints the mood of each line on standard input (`cargo run -p feedback-core --example mood -- [locale]`).
use std::io::BufRead;

fn main() {
    let locale = std::env::args().nth(1);
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let m = feedback_core::intake::mood::mood(&line, locale.as_deref());
        println!(
            "{:+.3} {:?} {}",
            m.score,
            m.language,
            serde_json::to_string(&m.words).unwrap_or_default()
        );
    }
}
