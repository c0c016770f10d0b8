//! How long each language's lexicon takes to load on first use (`cargo run --release -p feedback-core --example lexicon_load`).
use feedback_core::intake::lexicon::Lexicon;
use feedback_core::language::Language;

fn main() {
    for language in Language::ALL {
        let start = std::time::Instant::now();
        let lexicon = Lexicon::of(language);
        let load = start.elapsed();
        let start = std::time::Instant::now();
        let found = lexicon.word("xyzzy").is_some();
        println!(
            "{language:?}: load {load:?}, one miss {:?} {found}",
            start.elapsed()
        );
    }
}
