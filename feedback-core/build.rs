//! Indexes each mood lexicon by Snowball stem at build time, so a worker isolate does not stem some
//! 30 000 entries on its first comment: `OUT_DIR/{lang}.order` lists the line numbers of
//! `lexicons/{lang}.tsv`'s single-word entries (u16, little-endian) in the order of their stems (the
//! same stemmer the scorer uses). Two bytes an entry, where writing the stems out cost the worker
//! 150 KiB gzip.

use rust_stemmers::{Algorithm, Stemmer};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (code, algorithm) in [
        ("en", Algorithm::English),
        ("nl", Algorithm::Dutch),
        ("de", Algorithm::German),
        ("fr", Algorithm::French),
        ("es", Algorithm::Spanish),
        ("ar", Algorithm::Arabic),
    ] {
        let source = format!("lexicons/{code}.tsv");
        println!("cargo::rerun-if-changed={source}");
        let text = std::fs::read_to_string(&source).expect("the lexicon is readable");
        let stemmer = Stemmer::create(algorithm);
        let mut order: Vec<(String, u16)> = text
            .lines()
            .enumerate()
            .filter_map(|(i, line)| Some((line.split('\t').next()?, i)))
            .filter(|(entry, _)| !entry.is_empty() && !entry.contains(' '))
            .map(|(entry, i)| {
                let line = u16::try_from(i).expect("a lexicon holds fewer than 65 536 lines");
                (stemmer.stem(entry).into_owned(), line)
            })
            .collect();
        order.sort();
        let bytes: Vec<u8> = order.iter().flat_map(|(_, i)| i.to_le_bytes()).collect();
        std::fs::write(
            std::path::Path::new(&out).join(format!("{code}.order")),
            bytes,
        )
        .expect("OUT_DIR is writable");
    }
}
