//! The core's rooms keep their rule (ARCHITECTURE.md): no module imports one that imports it back.
//! Read from the sources, so a new `use` that closes a loop fails here.

mod common {
    pub mod module_graph;
}

use common::module_graph;

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let sources = module_graph::crate_sources(env!("CARGO_MANIFEST_DIR"));
    assert!(sources.contains_key("intake::decision") && sources.contains_key("delivery::event"));
    if let Some(cycle) = module_graph::first_cycle(&sources) {
        panic!("an import cycle: {}", cycle.join(" → "));
    }
}
