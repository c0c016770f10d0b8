//! The worker's rooms keep their rules (ARCHITECTURE.md): no module imports one that imports it
//! back, and SQL is prepared only in `store/`. Read from the sources, so a new `use` that closes a
//! loop, or a statement written in a handler, fails here.

#[path = "../../feedback-core/tests/common/module_graph.rs"]
mod module_graph;

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let sources = module_graph::crate_sources(env!("CARGO_MANIFEST_DIR"));
    assert!(sources.contains_key("store::feedback") && sources.contains_key("routes"));
    if let Some(cycle) = module_graph::first_cycle(&sources) {
        panic!("an import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn sql_is_prepared_only_in_the_store() {
    let sources = module_graph::crate_sources(env!("CARGO_MANIFEST_DIR"));
    let outside: Vec<&String> = sources
        .iter()
        .filter(|(module, source)| !module.starts_with("store") && source.contains(".prepare("))
        .map(|(module, _)| module)
        .collect();
    assert!(
        outside.is_empty(),
        "SQL prepared outside store/: {outside:?}"
    );
}
