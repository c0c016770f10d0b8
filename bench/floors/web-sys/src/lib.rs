//! A button and a status line that thanks: the floor of a widget without a framework.

use wasm_bindgen::prelude::*;

/// Mounts the button and the status line into `host`.
#[wasm_bindgen]
pub fn mount(host: &web_sys::HtmlElement) -> Result<(), JsValue> {
    let document = host.owner_document().ok_or("no document")?;
    let button = document.create_element("button")?;
    button.set_text_content(Some("Yes"));
    let status = document.create_element("p")?;
    status.set_attribute("role", "status")?;
    host.append_child(&button)?;
    host.append_child(&status)?;
    let thank = Closure::<dyn FnMut()>::new(move || {
        status.set_text_content(Some("Thank you for your feedback!"));
    });
    button.add_event_listener_with_callback("click", thank.as_ref().unchecked_ref())?;
    thank.forget();
    Ok(())
}
