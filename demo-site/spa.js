// A tiny single-page app with hash routes (#/pricing): each view replaces the article, its title and
// its canonical link, and ends with a feedback placeholder. The widget's loader notices each new page
// by itself; nothing here knows about the widget.
const views = {
  "/": ["Home", "Everything for your desk, delivered."],
  "/pricing": ["Pricing", "Plans start at 5 euros a month. Cancel any time."],
  "/delivery": ["Delivery", "We ship within two working days, free above 50 euros."],
};

function render() {
  const route = location.hash.replace(/^#/, "") || "/";
  const [title, text] = views[route] ?? ["Not found", "There is no such page."];
  document.title = `${title} · Acme Shop (demo)`;
  document.querySelector("link[rel=canonical]").href = `https://shop.acme.example/#${route}`;
  const view = document.getElementById("view");
  view.replaceChildren();
  const heading = document.createElement("h1");
  heading.textContent = title;
  const paragraph = document.createElement("p");
  paragraph.textContent = text;
  const place = document.createElement("div");
  place.dataset.feedback = "";
  view.append(heading, paragraph, place);
}

addEventListener("hashchange", render);
render();
