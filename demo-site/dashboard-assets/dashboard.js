// Keeps an open dashboard current without a reload: every few seconds (the body's
// data-refresh-seconds) it reads this same address again and swaps in the parts marked data-live,
// except a part the reader is working in (focus inside, or a disclosure opened).
(() => {
  const seconds = Number(document.body.dataset.refreshSeconds) || 15;
  let busy = false;

  const inUse = (el) => el.contains(document.activeElement) || el.querySelector("details[open]");

  async function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const response = await fetch(location.href, { headers: { "x-dashboard-refresh": "1" }, cache: "no-store" });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const part of document.querySelectorAll("[data-live]")) {
        const next = fresh.querySelector(`[data-live="${part.dataset.live}"]`);
        if (!next || inUse(part) || next.innerHTML === part.innerHTML) continue;
        part.replaceChildren(...Array.from(next.childNodes, (node) => document.importNode(node, true)));
      }
    } catch {
      // Offline or signed out: the figures stay as they were until the next try.
    } finally {
      busy = false;
    }
  }

  setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", refresh);
})();
