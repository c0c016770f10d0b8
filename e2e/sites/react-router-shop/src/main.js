// A shop as a React Router single-page app: a layout that stays (with a site-wide feedback
// placeholder in its footer), routes that come and go (each with its own placeholder), <title> and
// <link rel=canonical> rendered by React 19 into <head>, and one route that mounts the widget through
// the page's own API (FeedbackWidget.mount), as the README's React example does.
import { createElement as h, useEffect, useRef } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Outlet, Route, Routes } from "react-router-dom";

const pages = {
  "/": ["Acme Shop", "Everything for your desk."],
  "/pricing": ["Pricing", "Plans start at 5 euros a month."],
  "/delivery": ["Delivery", "We ship within two working days."],
};

function Page({ path }) {
  const [title, text] = pages[path];
  return h(
    "article",
    null,
    h("title", null, `${title} · Acme Shop`),
    h("link", { rel: "canonical", href: `https://shop.acme.example${path}` }),
    h("h1", null, title),
    h("p", null, text),
    h("div", { "data-feedback": "" }),
  );
}

// The README's React example: mount on render, unmount when the component goes.
function ContactFeedback() {
  const place = useRef(null);
  useEffect(() => {
    const widget = window.FeedbackWidget.mount(place.current, { site: "demo", page: "/contact/form", mode: "thumbs" });
    return () => { widget.then((w) => w.unmount()); };
  }, []);
  return h("div", { ref: place, className: "contact-feedback" });
}

function Contact() {
  return h(
    "article",
    null,
    h("title", null, "Contact · Acme Shop"),
    h("h1", null, "Contact"),
    h("p", null, "Write to us any time."),
    h(ContactFeedback),
  );
}

function Layout() {
  return h(
    "div",
    null,
    h(
      "nav",
      null,
      h(Link, { to: "/" }, "Home"),
      " · ",
      h(Link, { to: "/pricing" }, "Pricing"),
      " · ",
      h(Link, { to: "/delivery" }, "Delivery"),
      " · ",
      h(Link, { to: "/contact" }, "Contact"),
    ),
    h("main", null, h(Outlet)),
    h("footer", { className: "site-feedback" }, h("div", { "data-feedback": "", "data-mode": "smileys" })),
  );
}

createRoot(document.getElementById("root")).render(
  h(
    BrowserRouter,
    null,
    h(
      Routes,
      null,
      h(
        Route,
        { element: h(Layout) },
        ...Object.keys(pages).map((path) => h(Route, { key: path, path, element: h(Page, { path }) })),
        h(Route, { path: "/contact", element: h(Contact) }),
      ),
    ),
  ),
);
