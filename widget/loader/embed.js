// The one script a website owner pastes. It stays tiny and runs no UI: it finds where each widget goes,
// reserves its space, and loads the widget (Rust, wasm) from next to its own URL once the page has
// loaded and the widget nears the viewport or the browser is idle. It keeps watching the document, so
// single-page sites work too (see `place`). Everything else is in Rust.
(() => {
  const script = document.currentScript;
  if (!script) return;
  const base = script.src;
  const copy = (from, to) => {
    for (const key in from) if (from[key] != null) to[key] = from[key];
    return to;
  };
  const defaults = { api: new URL(base).origin, ...script.dataset };
  // Heights reserved before the widget appears, by mode; 134 for the others: each the question's own
  // height (kept in step with feedback-core's embed.rs, shown by a browser story).
  const reserved = { text: 264, kiosk: 276 };
  const cache = (window.__feedbackWidget ||= {});
  // Hosts with a widget; each host's `__fb` is its {options, widget}, where `widget` is the
  // function the wasm answered that takes the widget away again.
  const mounted = new Set();
  let corner, address, pending;

  const wasm = () =>
    (cache[base] ||= import(new URL("widget.js", base).href).then((widget) =>
      widget.default({ module_or_path: new URL("widget_bg.wasm", base) }).then(() => widget)));

  // Resolves once the page has loaded and the host is within a screen of the viewport or the
  // browser has a quiet moment.
  const wanted = (host) =>
    new Promise((done) => {
      if (document.readyState != "complete") return addEventListener("load", () => done(wanted(host)));
      // Without requestIdleCallback (Safari), a zero timeout: the page has loaded already.
      (window.requestIdleCallback || setTimeout)(done, { timeout: 4000 });
      const seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) seen.disconnect(), done();
      }, { rootMargin: "100% 0px" });
      seen.observe(host);
    });

  // Takes a host's widget away, releasing everything it holds.
  const unmount = (host) => {
    host.__fb?.widget?.();
    host.__fb = 0;
    mounted.delete(host);
  };

  const mount = (host, options) => {
    options = copy(options, { ...defaults });
    // A widget shown here stays until the new one replaces it.
    const state = (host.__fb = { options, widget: host.__fb?.widget });
    host.classList.add("feedback-widget");
    // Inline and important, set through the CSSOM: a strict style-src allows it, and no page rule,
    // not even `* { all: unset !important }`, can undo it.
    if (options.placement != "floating") {
      host.style.cssText += ";display:block!important;min-height:" + (reserved[options.mode] || 134) + "px!important";
    }
    const handle = {
      update: (changes) => mount(host, { ...options, ...changes }),
      unmount: () => unmount(host),
    };
    return wanted(host)
      .then(wasm)
      .then((widget) => {
        // Unmounted, mounted again, or taken out of the page meanwhile: nothing to show.
        if (host.__fb == state && host.isConnected) {
          state.widget?.();
          state.widget = widget.mount(host, options);
          mounted.add(host);
        }
        return handle;
      })
      .catch((error) => {
        host.style.cssText += ";display:none!important";
        console.error("[feedback widget] " + (/CompileError|Content.Security|unsafe-eval/i.test(error)
          ? "this page's Content-Security-Policy blocks WebAssembly: add 'wasm-unsafe-eval' and the collector to script-src, and the collector to connect-src."
          : "could not start: " + error));
        return handle;
      });
  };

  // The page's own API: FeedbackWidget.mount(element, { site, mode, ... }) resolves to a handle
  // with update(options) and unmount(), also when the widget could not start (the console says why).
  window.FeedbackWidget ||= { mount };

  // Runs at start and whenever the document's nodes or text changed (at most every 100 ms; a router
  // that reuses a page's elements changes only their text): widgets for placeholders
  // rendered since, none for removed ones; and after a same-document navigation (the address or the
  // canonical link changed; a fragment counts only when it is a route, #/… or #!/…), every widget
  // without its own data-page again, for the new page.
  const place = () => {
    pending = 0;
    // What page identity is read from, bar the owner's data-page: the address and the canonical link,
    // which a framework may update a moment after the address.
    const now = location.href.replace(/#(?!!?\/).*$/, "") + document.querySelector("link[rel=canonical]")?.href;
    for (const host of [...mounted]) {
      if (!host.isConnected) unmount(host);
      else if (now != address && !host.__fb.options.page) mount(host, host.__fb.options);
    }
    if (defaults.placement == "floating") {
      if (!corner?.isConnected) mount((corner = document.body.appendChild(document.createElement("div"))));
    } else {
      // Inline: every [data-feedback] element no other tag has taken, else (at start, for a tag in the
      // body) right after this tag; a tag in <head> waits for placeholders a framework renders.
      let targets = [...document.querySelectorAll("[data-feedback]:not(.feedback-widget)")];
      if (!address && !targets.length && script.closest("body")) script.after((targets = [document.createElement("div")])[0]);
      for (const target of targets) mount(target, { ...target.dataset });
    }
    address = now;
  };

  const start = () => {
    place();
    new MutationObserver(() => (pending = pending || setTimeout(place, 100)))
      .observe(document.documentElement, { childList: true, characterData: true, subtree: true, attributeFilter: ["href"] });
  };

  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
