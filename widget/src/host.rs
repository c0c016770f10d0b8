//! The widget's place on the host page: a Shadow DOM so the page's CSS and ours never meet.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Document, HtmlElement, ShadowRootInit, ShadowRootMode};

/// `widget.css` without its comments and spare whitespace (see `build/minify_css.rs`).
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// The host page's document.
pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("the widget needs a browser document"))
}

/// Says something to the page's developer in the console.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&format!("[feedback widget] {message}").into());
}

/// The page's `<link rel=canonical>` address, already absolute as the browser resolves it.
pub fn canonical_link(document: &Document) -> Option<String> {
    let link = document.query_selector("link[rel=canonical]").ok()??;
    link.dyn_into::<web_sys::HtmlLinkElement>()
        .ok()
        .map(|l| l.href())
}

/// `page` resolved against the page's own address, so owners may write `data-page="/pricing"`.
pub fn absolute(page: &str, base: &str) -> String {
    web_sys::Url::new_with_base(page, base).map_or_else(|_| page.to_owned(), |u| u.href())
}

/// Attaches an open shadow root with our stylesheet and returns the element to mount into.
///
/// A constructable stylesheet is used because a strict `style-src` does not block it.
pub fn shadow_root(host: &HtmlElement, theme: &str) -> Result<HtmlElement, JsValue> {
    // The stylesheet keys its colours on this attribute of the host.
    host.set_attribute("data-theme", theme)?;
    let root = match host.shadow_root() {
        // Mounting twice on one element replaces the first widget.
        Some(root) => {
            root.set_inner_html("");
            root
        }
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(STYLE)?;
    root.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    let mount_point: HtmlElement = document()?.create_element("div")?.unchecked_into();
    mount_point.set_class_name("fb-root");
    root.append_child(&mount_point)?;
    Ok(mount_point)
}

/// Tells the page what the visitor sent: a `feedback:submitted` event on the host element, bubbling,
/// with the item as sent in `detail`, so owners can hook their analytics.
pub fn announce(host: &HtmlElement, body: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&js_sys::JSON::parse(body).unwrap_or(JsValue::NULL));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("feedback:submitted", &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Shows the floating widget in the browser's top layer (the Popover API), where no ancestor's
/// `transform`, `filter`, `contain`, `overflow` or `z-index` can clip or cover it. In a browser
/// without popovers the call fails (caught) and the widget stays `position: fixed`.
pub fn into_top_layer(root: &HtmlElement) {
    let corner = root.query_selector(".floating").ok().flatten();
    if let Some(corner) = corner.and_then(|c| c.dyn_into::<HtmlElement>().ok()) {
        let _ = corner.show_popover();
    }
}
