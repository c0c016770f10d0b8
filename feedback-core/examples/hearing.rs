//! How well the collector hears mood and urgency, per language, on labelled data nobody on the team
//! wrote: the XED subtitle sentences (positive or negative emotions only) and Banking77's customer
//! requests. Prints a Markdown section; `node bench/hearing.mjs` runs it and writes BENCHMARKS.md.
//!
//! Beside today's scorer runs the one it replaced: 75 English and Dutch words of our own, and the
//! 12 urgent words matched whole (kept here, verbatim, as the baseline).

// Counts here are thousands, far from f64's 52 bits; the report reads top to bottom in one function.
#![allow(clippy::cast_precision_loss, clippy::too_many_lines)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Instant;

use feedback_core::intake::mood::mood;
use feedback_core::intake::urgency::{UrgencyRules, UrgentReason};
use feedback_core::language::Language;

/// The lexicon before issue 19 (English and Dutch, AFINN scale), for the baseline.
#[rustfmt::skip]
const OLD_LEXICON: &[(&str, i8)] = &[
    ("aanrader", 3), ("angry", -3), ("annoyed", -2), ("annoying", -2), ("awesome", 3),
    ("awful", -3), ("bad", -2), ("belachelijk", -3), ("best", 3), ("beter", 2), ("boos", -3),
    ("broken", -2), ("clear", 2), ("complaint", -2), ("confusing", -2), ("crap", -3), ("dank", 2),
    ("disappointed", -2), ("disappointing", -2), ("disgrace", -3), ("duidelijk", 2), ("error", -1),
    ("excellent", 3), ("fantastic", 3), ("fantastisch", 3), ("fijn", 2), ("fout", -2),
    ("fouten", -2), ("frustrated", -2), ("frustrating", -2), ("frustrerend", -2), ("geweldig", 3),
    ("goed", 2), ("good", 2), ("great", 3), ("handig", 2), ("hate", -3), ("helpful", 2),
    ("helpt", 1), ("horrible", -3), ("incorrect", -2), ("klacht", -2), ("lousy", -2), ("love", 3),
    ("misleading", -3), ("misleidend", -3), ("mislukt", -2), ("nice", 2), ("nutteloos", -2),
    ("onbegrijpelijk", -2), ("onduidelijk", -2), ("onjuist", -2), ("oplichterij", -3),
    ("pathetic", -3), ("perfect", 3), ("ridiculous", -3), ("rip-off", -3), ("scam", -3),
    ("schandalig", -3), ("slecht", -2), ("stupid", -2), ("super", 3), ("terrible", -3),
    ("thanks", 2), ("top", 2), ("useful", 2), ("useless", -3), ("vreselijk", -3),
    ("waardeloos", -3), ("waste", -2), ("worst", -3), ("worthless", -3), ("wrong", -2),
    ("zinloos", -2),
];
const OLD_NEGATIONS: [&str; 9] = [
    "not", "never", "no", "don't", "didn't", "doesn't", "niet", "geen", "nooit",
];
const OLD_KEYWORDS: [&str; 12] = [
    "refund",
    "cancel",
    "complaint",
    "lawyer",
    "fraud",
    "scam",
    "klacht",
    "opzeggen",
    "terugbetalen",
    "terugbetaling",
    "advocaat",
    "oplichting",
];

/// Banking77's intents that should raise an urgent item: refunds, cancellations and fraud; the
/// other intents should not.
const URGENT_INTENTS: [&str; 8] = [
    "request_refund",
    "Refund_not_showing_up",
    "cancel_transfer",
    "compromised_card",
    "card_payment_not_recognised",
    "cash_withdrawal_not_recognised",
    "direct_debit_payment_not_recognised",
    "lost_or_stolen_card",
];

/// The old scorer: (score, words counted).
fn old_mood(comment: &str) -> (f64, usize) {
    let lower = comment.to_lowercase();
    let (mut sum, mut n, mut negated) = (0.0, 0, false);
    for word in lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(['\'', '-']))
        .filter(|w| !w.is_empty())
    {
        if OLD_NEGATIONS.contains(&word) {
            negated = true;
            continue;
        }
        if let Some((_, w)) = OLD_LEXICON.iter().find(|(k, _)| *k == word) {
            sum += f64::from(if negated { -w } else { *w });
            n += 1;
            negated = false;
        }
    }
    (sum, n)
}

fn old_urgent(comment: &str) -> bool {
    let lower = comment.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    OLD_KEYWORDS.iter().any(|k| words.contains(k))
}

/// A proportion with its 95 % Wilson interval, as `0.62 (0.59–0.65)`.
fn share(hits: usize, n: usize) -> String {
    if n == 0 {
        return "–".into();
    }
    let (p, n) = (hits as f64 / n as f64, n as f64);
    let z = 1.96_f64;
    let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / (1.0 + z * z / n);
    format!(
        "{p:.2} ({:.2}–{:.2})",
        (centre - half).max(0.0),
        (centre + half).min(1.0)
    )
}

/// Coverage, accuracy on covered, accuracy with abstentions as errors.
#[derive(Default)]
struct Tally {
    n: usize,
    covered: usize,
    right: usize,
}

impl Tally {
    fn add(&mut self, positive: bool, score: f64, counted: bool) {
        self.n += 1;
        // A comment whose words cancel out (score 0) abstains, as one with no word does.
        if counted && score != 0.0 {
            self.covered += 1;
            if (score > 0.0) == positive {
                self.right += 1;
            }
        }
    }
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = String::new();
    let mut rows = String::new();
    let mut detected = String::new();
    let mut goals = Vec::new();
    let mut timings = Vec::new();
    let mut loads = Vec::new();
    for language in Language::ALL {
        let path = root.join(format!("bench/data/xed/{}.tsv", language.code()));
        let data =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let start = Instant::now();
        let _ = feedback_core::intake::lexicon::Lexicon::of(language);
        loads.push(format!(
            "{} {:.2} ms",
            language.code(),
            start.elapsed().as_secs_f64() * 1e3
        ));
        let (mut new, mut old) = (Tally::default(), Tally::default());
        let mut identified = 0;
        let mut n = 0;
        for line in data.lines() {
            let Some((label, sentence)) = line.split_once('\t') else {
                continue;
            };
            let positive = label == "positive";
            let start = Instant::now();
            let m = mood(sentence, Some(language.code()));
            timings.push(start.elapsed().as_secs_f64() * 1e6);
            new.add(positive, m.score, !m.words.is_empty());
            let (sum, counted) = old_mood(sentence);
            old.add(positive, sum, counted > 0);
            if Language::of(None, sentence) == Some(language) {
                identified += 1;
            }
            n += 1;
        }
        let coverage = new.covered as f64 / new.n as f64;
        let accuracy = new.right as f64 / new.covered.max(1) as f64;
        goals.push((language, coverage >= 0.5, accuracy >= 0.65));
        writeln!(
            rows,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            language.code(),
            new.n,
            share(old.covered, old.n),
            share(new.covered, new.n),
            share(old.right, old.covered),
            share(new.right, new.covered),
            share(old.right, old.n),
            share(new.right, new.n),
        )
        .ok();
        writeln!(
            detected,
            "| {} | {} |",
            language.code(),
            share(identified, n)
        )
        .ok();
    }
    timings.sort_by(f64::total_cmp);
    let median = timings[timings.len() / 2];

    let csv =
        std::fs::read_to_string(root.join("bench/data/banking77/test.csv")).unwrap_or_default();
    let rules = UrgencyRules::default();
    let (mut urgent_n, mut other_n) = (0, 0);
    let mut hits = [[0usize; 2]; 3]; // [old, new keyword, new any rule][urgent intent?]
    let mut intents = BTreeSet::new();
    for line in csv.lines().skip(1) {
        let Some((text, intent)) = line.rsplit_once(',') else {
            continue;
        };
        let text = text.trim_matches('"');
        let urgent = URGENT_INTENTS.contains(&intent);
        intents.insert(intent);
        let m = mood(text, Some("en"));
        let reasons = rules.assess(None, Some(text), Some(&m), false);
        let keyword = reasons
            .iter()
            .any(|r| matches!(r, UrgentReason::Keyword { .. }));
        let i = usize::from(urgent);
        if urgent {
            urgent_n += 1;
        } else {
            other_n += 1;
        }
        hits[0][i] += usize::from(old_urgent(text));
        hits[1][i] += usize::from(keyword);
        hits[2][i] += usize::from(!reasons.is_empty());
    }

    let date = std::env::var("BENCH_DATE").unwrap_or_default();
    let machine = std::env::var("BENCH_MACHINE").unwrap_or_default();
    writeln!(
        out,
        "<!-- hearing:start -->\n## Hearing mood and urgency in six languages\n"
    )
    .ok();
    writeln!(out, "Command: `node bench/hearing.mjs` (runs `cargo run --release -p feedback-core --example hearing`) · machine: {machine} · date: {date}.").ok();
    writeln!(
        out,
        "Coverage, accuracy and recall are deterministic (the same data and code give the same figures); the times are one run on this machine.\n"
    )
    .ok();
    writeln!(out, "**Mood.** XED (Helsinki-NLP, CC BY 4.0; `bench/data/xed/`): movie subtitles annotated with Plutchik's emotions,").ok();
    writeln!(out, "projected from English and Finnish to the other languages. A sentence whose labels are all among anger, disgust,").ok();
    writeln!(out, "fear and sadness counts as negative, all among joy and trust as positive (mixed, anticipation and surprise").ok();
    writeln!(out, "are left out); 500 of each per language, spread over the file. *Covered*: a scored word (a score of 0 abstains);").ok();
    writeln!(out, "*accuracy*: the score's sign matches the label. 95 % Wilson intervals. `before` is the 75-word English and").ok();
    writeln!(
        out,
        "Dutch list this replaced, run on the same sentences.\n"
    )
    .ok();
    writeln!(out, "| lang | sentences | coverage before | coverage | accuracy on covered before | accuracy on covered | accuracy, abstentions wrong, before | accuracy, abstentions wrong |").ok();
    writeln!(
        out,
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    .ok();
    out.push_str(&rows);
    let met = |f: fn(&(Language, bool, bool)) -> bool| {
        let missed: Vec<&str> = goals.iter().filter(|g| !f(g)).map(|g| g.0.code()).collect();
        if missed.is_empty() {
            "met in every language".to_owned()
        } else {
            format!("**not met** in {}", missed.join(", "))
        }
    };
    writeln!(out, "\nGoals: coverage ≥ 0.5 ({}); accuracy on covered ≥ 0.65 ({}). Subtitles are short and often", met(|g| g.1), met(|g| g.2)).ok();
    writeln!(out, "sarcastic or elliptic; feedback comments are longer and more direct, so these are a floor. Median time to").ok();
    writeln!(out, "score one sentence once its language's lexicon is loaded: {median:.1} µs (this machine, release build). Loading").ok();
    writeln!(out, "a language's lexicon, once per worker isolate (its line starts; the stem index is made at build time):").ok();
    writeln!(out, "{}.\n", loads.join(", ")).ok();
    // The Arabic sentences `ar.tsv` does not hold: the lexicon's review was measured on that file
    // as it went, so this is the measure nobody looked at while choosing.
    let heldout =
        std::fs::read_to_string(root.join("bench/data/xed/ar-heldout.tsv")).unwrap_or_default();
    let mut held = Tally::default();
    for (label, sentence) in heldout.lines().filter_map(|l| l.split_once('\t')) {
        let m = mood(sentence, Some("ar"));
        held.add(label == "positive", m.score, !m.words.is_empty());
    }
    for line in [
        "Arabic's lexicon is AFINN translated by machine, and its noise is the limit. On 2026-12-05 a reader of".to_owned(),
        "Arabic removed 214 of its entries (`AR_NAMES`, `AR_EVERYDAY`, `AR_WRONG_SIGN` in `feedback-core/lexicons/make.py`):".to_owned(),
        "names of countries, peoples and persons, everyday words with no mood in the sense translated, and weights".to_owned(),
        "of the wrong sign, read among the entries found most often in a corpus apart from this one (ArSarcasm-v2's".to_owned(),
        "training tweets), and wrote 188 everyday Arabic words of praise, complaint and feeling for VADER's English".to_owned(),
        "ones, weighted as VADER weighs those (`AR_OURS`, source `ours-ar`), without looking at any benchmark's sentences.".to_owned(),
        "Before, Arabic's row read coverage 0.63 and accuracy on covered 0.61; the removals were measured on this".to_owned(),
        "row between their passes (0.65 after them), the words written after were not. On the other Arabic XED".to_owned(),
        "sentences labelled the same way (`bench/data/xed/ar-heldout.tsv`: 1,127 sentences, 1,052 of them negative),".to_owned(),
        format!("which no step was chosen by: coverage {}, accuracy on covered {} (by hand, before", share(held.covered, held.n), share(held.right, held.covered)),
        "the review: coverage 0.61, accuracy 0.66). On ArSarcasm-v2's test tweets (2,252 positive or negative; measured".to_owned(),
        "by hand, not vendored) accuracy on covered went from 0.65 to 0.61: there the names of politicians and".to_owned(),
        "countries carried the tweets' politics, which a feedback comment's mood should not. A reviewed Arabic".to_owned(),
        "lexicon with a licence that allows commercial use is still what Arabic needs; none was found (AraSenti, NRC,".to_owned(),
        "Chen and Skiena's, UniSent: non-commercial or no redistribution).\n".to_owned(),
    ] {
        writeln!(out, "{line}").ok();
    }
    writeln!(out, "Tried and not kept (2026-12-04, by hand): never looking up a function word (stopwords-iso) by its stem").ok();
    writeln!(out, "raised accuracy on covered by 0.01–0.02 but lowered the share read right in five languages (nl 0.43 → 0.40,").ok();
    writeln!(
        out,
        "es 0.40 → 0.37) and coverage below 0.5 in German and Spanish.\n"
    )
    .ok();
    writeln!(out, "Which language a sentence is in when no locale comes with it (e-mail, API): the share of these sentences").ok();
    writeln!(out, "identified as their own language (Arabic by script, the others by `whatlang` trigrams among our five):\n").ok();
    writeln!(out, "| lang | identified |\n| --- | ---: |").ok();
    out.push_str(&detected);
    writeln!(out, "\n**Urgency.** Banking77's test set (PolyAI, CC BY 4.0; `bench/data/banking77/`): {} requests in {} intents.", urgent_n + other_n, intents.len()).ok();
    writeln!(out, "Urgent are the refund, cancellation and fraud intents ({}: {} requests); the other {} requests should raise nothing.", URGENT_INTENTS.join(", "), urgent_n, other_n).ok();
    writeln!(out, "Each as an unrated comment in English (a thumb down would count the same; a thumb up never alerts).\n").ok();
    writeln!(
        out,
        "| rules | recall | false alarms |\n| --- | ---: | ---: |"
    )
    .ok();
    for (label, h) in [
        ("before: 12 English and Dutch words, matched whole", hits[0]),
        ("built-in words of six languages, matched on stems", hits[1]),
        (
            "every rule of a new site (also a mood at or below -0.6)",
            hits[2],
        ),
    ] {
        writeln!(
            out,
            "| {label} | {} | {} |",
            share(h[1], urgent_n),
            share(h[0], other_n)
        )
        .ok();
    }
    writeln!(out, "\nUrgency recall is measured in English only: no public labelled set of customer requests with a licence").ok();
    writeln!(out, "that allows this use was found for Dutch, German, French, Spanish or Arabic; their word lists are shown to").ok();
    writeln!(
        out,
        "work by the core's tests and the browser story, not measured."
    )
    .ok();
    writeln!(out, "<!-- hearing:end -->").ok();
    print!("{out}");
}
