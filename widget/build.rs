//! Puts the widget's stylesheet, minified, where `host.rs` includes it.

#[path = "build/minify_css.rs"]
mod minify_css;

fn main() {
    let source = "src/widget.css";
    println!("cargo::rerun-if-changed={source}");
    println!("cargo::rerun-if-changed=build/minify_css.rs");
    let css = std::fs::read_to_string(source).expect("widget/src/widget.css is readable");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        std::path::Path::new(&out).join("widget.min.css"),
        minify_css::minify_css(&css),
    )
    .expect("OUT_DIR is writable");
}
