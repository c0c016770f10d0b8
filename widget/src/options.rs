//! What the loader passes from the tag's `data-*` attributes, read once into a [`Config`].

use feedback_core::ask::embed::{custom_question, flag, UnknownValue};
use feedback_core::{choose_page, strings, Mode, Placement, Strings, Theme};
use wasm_bindgen::JsValue;

use crate::host;

/// One widget's settings, with every default applied.
#[allow(clippy::struct_excessive_bools)] // each is one independent `data-*` switch of the tag
pub struct Config {
    /// The collector's origin, without a trailing slash.
    pub api: String,
    /// The site id.
    pub site: String,
    /// The page's identity when the widget was mounted.
    pub page: String,
    /// Whether the owner named the page (`data-page`); otherwise it follows the address.
    pub page_given: bool,
    /// The page's title, sent along for dashboards.
    pub title: String,
    /// The visitor's language.
    pub strings: &'static Strings,
    /// How the visitor answers.
    pub mode: Mode,
    /// Colours.
    pub theme: Theme,
    /// Inline or floating.
    pub placement: Placement,
    /// The owner's own question, if any.
    pub question: Option<String>,
    /// Whether to offer "may we contact you?".
    pub contact: bool,
    /// Whether to show the page's public results once the visitor has answered.
    pub results: bool,
    /// Whether to show the site's note after an answer and a known-issue notice before the question.
    pub notes: bool,
}

fn get(options: &js_sys::Object, name: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// The value, or the default with a console warning that names the mistake.
fn or_warn<T: Default>(parsed: Result<T, UnknownValue>) -> T {
    parsed.unwrap_or_else(|error| {
        host::warn(&error.to_string());
        T::default()
    })
}

/// The document's address.
fn address(document: &web_sys::Document) -> String {
    document
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_default()
}

/// The page the document shows, as `feedback-core` chooses it: the owner's, else the canonical
/// link, else the address.
fn page_of(document: &web_sys::Document, data_page: Option<&str>) -> String {
    choose_page(
        data_page,
        host::canonical_link(document).as_deref(),
        &address(document),
    )
}

impl Config {
    /// The page an answer given now is about: on a single-page site the reader may have moved on
    /// a moment before the loader mounts the widget again for the new page.
    pub fn page_now(&self) -> String {
        match host::document() {
            Ok(document) if !self.page_given => page_of(&document, None),
            _ => self.page.clone(),
        }
    }

    /// Reads the options object; only a missing `data-site` is an error.
    pub fn read(options: &js_sys::Object) -> Result<Self, JsValue> {
        let site = get(options, "site")
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| JsValue::from_str("the script tag needs data-site=\"your-site-id\""))?;
        let api = get(options, "api")
            .ok_or_else(|| JsValue::from_str("the loader did not say where the API is"))?;
        let document = host::document()?;
        let data_page = get(options, "page").map(|p| host::absolute(&p, &address(&document)));
        let page = page_of(&document, data_page.as_deref());
        let html_lang = document
            .document_element()
            .and_then(|e| e.get_attribute("lang"));
        let browser = web_sys::window().and_then(|w| w.navigator().language());
        let data_lang = get(options, "lang");
        let strings = strings::pick(
            [data_lang, html_lang, browser]
                .iter()
                .flatten()
                .map(String::as_str),
        );
        Ok(Self {
            api: api.trim_end_matches('/').to_owned(),
            site: site.trim().to_owned(),
            page,
            page_given: data_page.is_some(),
            title: document.title(),
            strings,
            mode: or_warn(Mode::parse(get(options, "mode").as_deref())),
            theme: or_warn(Theme::parse(get(options, "theme").as_deref())),
            placement: or_warn(Placement::parse(get(options, "placement").as_deref())),
            question: custom_question(get(options, "question").as_deref()),
            contact: flag(get(options, "contact").as_deref()),
            results: flag(get(options, "results").as_deref()),
            notes: flag(get(options, "notes").as_deref()),
        })
    }

    /// The question above the answers.
    pub fn question(&self) -> String {
        self.question.clone().unwrap_or_else(|| {
            match self.mode {
                Mode::Text => self.strings.text_question(),
                Mode::Kiosk => self.strings.kiosk_question(),
                Mode::Thumbs | Mode::Smileys => self.strings.question(),
            }
            .to_owned()
        })
    }
}
