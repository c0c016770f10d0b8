// The one script a website owner pastes. It stays tiny: it finds where the widget goes, reads the
// tag's data-* options, and loads the widget (wasm) from next to its own URL. Everything else is Rust.
(function () {
  var script = document.currentScript;
  if (!script) return;
  var base = script.src;
  var options = { api: new URL(base).origin };
  for (var key in script.dataset) options[key] = script.dataset[key];

  var host = document.createElement("div");
  host.className = "feedback-widget";
  script.parentNode.insertBefore(host, script.nextSibling);

  // One download and one instance of the wasm, however many tags the page holds.
  var ready = (window.__feedbackWidget = window.__feedbackWidget ||
    import(new URL("widget.js", base).href).then(function (widget) {
      return widget.default({ module_or_path: new URL("widget_bg.wasm", base) }).then(function () {
        return widget;
      });
    }));
  ready
    .then(function (widget) { widget.mount(host, options); })
    .catch(function (error) { console.error("[feedback widget] could not start:", error); });
})();
