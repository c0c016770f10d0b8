// The one script a website owner pastes. It stays tiny and runs no UI: it finds where each widget goes,
// reserves its space, and loads the widget (Rust, wasm) from next to its own URL once the page has
// loaded and the widget nears the viewport or the browser is idle. Everything else is in Rust.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var base = script.src;
  var defaults = { api: new URL(base).origin };
  copy(script.dataset, defaults);
  // Heights reserved before the widget appears (kept in step with feedback-core's embed.rs).
  var reserved = { rating: 150, text: 230, kiosk: 260 };
  var cache = (window.__feedbackWidget = window.__feedbackWidget || {});

  function copy(from, to) {
    for (var key in from) if (key !== "feedback" && from[key] != null) to[key] = from[key];
    return to;
  }

  function wasm() {
    return (cache[base] = cache[base] ||
      import(new URL("widget.js", base).href).then(function (widget) {
        return widget.default({ module_or_path: new URL("widget_bg.wasm", base) }).then(function () {
          return widget;
        });
      }));
  }

  function pageLoaded() {
    return new Promise(function (done) {
      if (document.readyState === "complete") done();
      else addEventListener("load", function () { done(); }, { once: true });
    });
  }

  // Resolves when the host is within a screen of the viewport or the browser has a quiet moment.
  function wanted(host) {
    return new Promise(function (done) {
      var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 1500); };
      idle(done, { timeout: 4000 });
      if (window.IntersectionObserver) {
        var seen = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); done(); }
        }, { rootMargin: "100% 0px" });
        seen.observe(host);
      }
    });
  }

  function mount(host, options) {
    options = copy(options || {}, copy(defaults, {}));
    host.classList.add("feedback-widget");
    if (options.placement !== "floating") {
      // Inline and important, set through the CSSOM: a strict style-src allows it, and no page rule,
      // not even `* { all: unset !important }`, can undo it.
      var mode = options.mode === "text" || options.mode === "kiosk" ? options.mode : "rating";
      host.style.setProperty("display", "block", "important");
      host.style.setProperty("min-height", reserved[mode] + "px", "important");
    }
    return pageLoaded()
      .then(function () { return wanted(host); })
      .then(wasm)
      .then(function (widget) { widget.mount(host, options); })
      .catch(function (error) {
        host.style.setProperty("display", "none", "important");
        var csp = error instanceof WebAssembly.CompileError || /Content.Security.Policy|unsafe-eval/i.test(error);
        console.error(csp
          ? "[feedback widget] This page's Content-Security-Policy blocks WebAssembly, so the widget is not shown. " +
            "Add 'wasm-unsafe-eval' to script-src (and the collector's origin to script-src and connect-src)."
          : "[feedback widget] could not start: " + error);
        throw error;
      });
  }

  // The page's own API: FeedbackWidget.mount(element, { site, mode, ... }) returns a promise.
  window.FeedbackWidget = window.FeedbackWidget || { mount: mount };

  function place() {
    if (defaults.placement === "floating") {
      var corner = document.createElement("div");
      document.body.appendChild(corner);
      return mount(corner).catch(function () {});
    }
    // Inline: every [data-feedback] element no other tag has taken, else right after this tag.
    var targets = document.querySelectorAll("[data-feedback]:not(.feedback-widget)");
    if (!targets.length) {
      var host = document.createElement("div");
      script.parentNode.insertBefore(host, script.nextSibling);
      targets = [host];
    }
    for (var i = 0; i < targets.length; i++) mount(targets[i], copy(targets[i].dataset, {})).catch(function () {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", place);
  else place();
})();
