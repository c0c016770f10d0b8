// Makes signed e-mail links with the demo site's read token (public for the demo only) and shows
// the snippet a newsletter would carry, and its links, which open the landing page.
document.getElementById("make").addEventListener("submit", async (event) => {
  event.preventDefault();
  const problem = document.getElementById("problem");
  problem.textContent = "";
  const answer = await fetch("/v1/sites/demo/email-links", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer demo-read-token" },
    body: JSON.stringify({
      page: "https://docs.acme.example/newsletter/42",
      campaign: "newsletter-42",
      lang: document.getElementById("lang").value,
      mode: document.getElementById("mode").value,
    }),
  });
  const body = await answer.json();
  if (!answer.ok) {
    problem.textContent = body.detail ?? "The links could not be made.";
    return;
  }
  // Links in the sandboxed snippet open in a new tab, as they would from a mail client.
  document.getElementById("snippet").srcdoc = `<base target="_blank">${body.html}`;
  const list = document.getElementById("links");
  list.replaceChildren(...body.links.map(({ answer: rating, url }) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = `${rating}: ${url.slice(0, 60)}…`;
    item.append(link);
    return item;
  }));
});
