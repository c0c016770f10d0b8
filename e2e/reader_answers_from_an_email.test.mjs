// A marketer puts thumbs in a newsletter; a reader taps one, lands on a page with the answer
// pre-selected and confirms it. Mail scanners open every link too — by HEAD, by GET, by posting the
// form within a second, by following a link no person sees — and none of that counts. Broken,
// expired and replayed links record nothing new. And the loop closes: a resolved complaint is
// followed up with "did this solve it?", and a "no" reopens the item and tells the integrators.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, ARTIFACTS, DEMO_TOKEN, LINK_KEYS, axeViolations, eventually, launchBrowser, startCollector, startReceiver } from "./harness.mjs";

let collector;
let browser;
let receiver;
/** The test's Chromium runs headless and says so, which is a scanner signal; a reader's browser does not. */
const READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const HUMAN_PAUSE = 1_700; // a person reads before tapping; the collector counts nothing sooner than 1.5 s

before(async () => {
  collector = await startCollector({ name: "email" });
  browser = await launchBrowser();
  receiver = await startReceiver();
});
after(async () => {
  await browser?.close();
  await receiver?.stop();
  await collector?.stop();
});

const links = (body) => collector.api("/v1/sites/demo/email-links", { method: "POST", token: DEMO_TOKEN, body });
const votesOf = async (page) =>
  (await collector.api(`/v1/sites/demo/feedback?channel=email&page=${encodeURIComponent(page)}`, { token: DEMO_TOKEN })).body.items;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The landing page's served proof and hidden link, as a scanner reading the HTML finds them. */
const landing = async (url, init) => {
  const response = await fetch(url, init);
  const html = await response.text();
  return {
    status: response.status,
    html,
    served: html.match(/name="served" value="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&"),
    trap: html.match(/class="trap" href="([^"]+)"/)?.[1]?.replaceAll("&amp;", "&"),
  };
};
const confirm = (url, fields, headers = {}) =>
  fetch(url.split("?")[0], {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": READER_AGENT, ...headers },
    body: new URLSearchParams(fields),
  });

test("a newsletter's thumbs render like an e-mail, and a reader's confirm stores exactly one vote", async () => {
  const page = "https://docs.example.com/newsletter/42";
  const made = await links({ page, campaign: "newsletter-42", recipient: "crm-1001", lang: "en" });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.deepEqual(made.body.links.map((l) => l.answer), ["up", "down"]);
  assert.doesNotMatch(made.body.html, /<script|<style|<link|class=/);
  assert.match(made.body.text, /^Was this page helpful\?\nYes: http.*\nNo: http/);

  const mail = await browser.newPage({ viewport: { width: 640, height: 260 }, bypassCSP: true, userAgent: READER_AGENT }); // to run axe-core
  await mail.setContent(`<!doctype html><html><body style="margin:24px">${made.body.html}</body></html>`);
  await mail.screenshot({ path: join(ARTIFACTS, "email-snippet.png") });
  await mail.getByRole("link", { name: "👍 Yes" }).click();
  await mail.getByRole("heading", { name: "Was this page helpful?" }).waitFor();
  assert.equal(await mail.getByRole("radio", { name: "Yes" }).isChecked(), true, "the tapped answer is pre-selected");
  assert.deepEqual(await axeViolations(mail), []);
  await mail.setViewportSize({ width: 640, height: 560 });
  await mail.screenshot({ path: join(ARTIFACTS, "email-landing.png") });
  assert.equal((await votesOf(page)).length, 0, "opening the link records nothing");

  await mail.getByLabel("What did you like? (optional)").fill("Short and useful, thanks");
  await pause(HUMAN_PAUSE);
  await mail.getByRole("button", { name: "Send" }).click();
  await mail.getByRole("status").filter({ hasText: "Thank you for your feedback!" }).waitFor();
  let votes = await votesOf(page);
  assert.equal(votes.length, 1);
  assert.deepEqual([votes[0].rating, votes[0].comment, votes[0].channel], ["up", "Short and useful, thanks", "email"]);

  // The same reader changes their mind through the other link of the same e-mail: still one vote.
  await mail.goto(made.body.links[1].url);
  await pause(HUMAN_PAUSE);
  await mail.getByRole("button", { name: "Send" }).click();
  await mail.getByRole("status").waitFor();
  votes = await votesOf(page);
  assert.equal(votes.length, 1);
  assert.equal(votes[0].rating, "down");
  await mail.close();
});

test("the landing page offers the widget's reasons for the chosen answer's side, in the reader's language", async () => {
  const page = "https://docs.example.com/newsletter/45";
  const made = await links({ page, message: "reasons-nl", lang: "nl" });
  const down = made.body.links.find((l) => l.answer === "down").url;
  const mail = await browser.newPage({ userAgent: READER_AGENT, bypassCSP: true }); // to run axe-core
  await mail.goto(down);
  // After a "no": the reasons for a no, the two new ones among them; none of a yes.
  const wrong = mail.getByRole("group", { name: "Wat ging er mis? (optioneel)" });
  await wrong.getByRole("checkbox", { name: "Verouderd" }).waitFor();
  assert.equal(await wrong.getByRole("checkbox", { name: "Slecht vertaald" }).isVisible(), true);
  assert.equal(await mail.getByRole("checkbox", { name: "Duidelijk" }).isVisible(), false);
  assert.deepEqual(await axeViolations(mail), []);
  // The reader ticks a reason, then changes their mind to "yes": the reasons of a yes appear.
  await wrong.getByRole("checkbox", { name: "Verouderd" }).check();
  await mail.getByRole("radio", { name: "Ja" }).check();
  const helped = mail.getByRole("group", { name: "Wat hielp? (optioneel)" });
  await helped.getByRole("checkbox", { name: "Duidelijk" }).check();
  await helped.getByRole("checkbox", { name: "Goede voorbeelden" }).check();
  assert.equal(await wrong.isVisible(), false);
  await mail.screenshot({ path: join(ARTIFACTS, "email-landing-reasons.png") });
  await pause(HUMAN_PAUSE);
  await mail.getByRole("button", { name: "Versturen" }).click();
  await mail.getByRole("status").waitFor();
  const votes = await votesOf(page);
  assert.equal(votes.length, 1);
  // The reason of the side the reader left is not kept: it explained an answer they did not send.
  assert.deepEqual([votes[0].rating, votes[0].reasons], ["up", ["clear", "good_examples"]]);
  await mail.close();
});

test("scanners open, prefetch, post at once and follow hidden links: none of it is a vote", async () => {
  const page = "https://docs.example.com/newsletter/43";
  const { body } = await links({ page, message: "scanner-check", mode: "smileys" });
  const url = body.links.find((l) => l.answer === "happy").url;

  assert.equal((await fetch(url, { method: "HEAD" })).status, 200);
  const looked = await landing(url);
  assert.equal(looked.status, 200);
  assert.match(looked.html, /value="happy" checked/);

  const quick = await landing(url);
  assert.equal((await confirm(url, { answer: "happy", served: quick.served })).status, 200, "a scanner sees the same thanks");

  const curious = await landing(url);
  assert.equal((await fetch(new URL(curious.trap, url))).status, 204);
  await pause(HUMAN_PAUSE);
  await confirm(url, { answer: "happy", served: curious.served });

  const headless = await landing(url);
  await pause(HUMAN_PAUSE);
  await confirm(url, { answer: "happy", served: headless.served }, { "user-agent": "Mozilla/5.0 HeadlessChrome/131.0" });
  await pause(HUMAN_PAUSE);
  await confirm(url, { answer: "happy" }); // never looked at the page
  assert.equal((await votesOf(page)).length, 0, "no scanner signal counted");

  const events = await collector.d1("SELECT kind, reason FROM link_events WHERE message = 'scanner-check' ORDER BY seq");
  const suspected = events.filter((e) => e.kind === "suspected_scanner").map((e) => e.reason);
  assert.equal(suspected.length, 4);
  assert.match(suspected[0], /^confirmed \d+ ms after the page was served$/);
  assert.equal(suspected[1], "followed the page's hidden link");
  assert.equal(suspected[2], "scanner user agent (headlesschrome)");
  assert.equal(suspected[3], "confirmed without viewing the page");
  assert.deepEqual([...new Set(events.map((e) => e.kind))].sort(), ["head", "suspected_scanner", "trap", "view"]);

  // A person, at a person's pace, counts.
  const person = await landing(url);
  await pause(HUMAN_PAUSE);
  await confirm(url, { answer: "happy", served: person.served });
  const votes = await votesOf(page);
  assert.deepEqual(votes.map((v) => v.rating), ["happy"]);
});

/** Signs claims as the collector does (`LINK_KEYS` is the harness's), for links the API would never make. */
function sign(claims, keyId = "t1") {
  const secret = LINK_KEYS.split(":").slice(1).join(":");
  const body = `${keyId}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

test("tampered, expired, foreign-key and replayed links record nothing new", async () => {
  const page = "https://docs.example.com/newsletter/44";
  const { body } = await links({ page, message: "replay-check" });
  const url = body.links[0].url;
  const token = url.split("/e/")[1].split("?")[0];
  const [kid, claims, mac] = token.split(".");
  const decoded = JSON.parse(Buffer.from(claims, "base64url").toString());

  const forged = Buffer.from(JSON.stringify({ ...decoded, p: "https://docs.example.com/other" })).toString("base64url");
  const cases = {
    tampered: [`${kid}.${forged}.${mac}`, 400, /changed after it was sent/],
    truncated: [token.slice(0, 20), 400, /incomplete|changed/],
    expired: [sign({ ...decoded, x: Math.floor(Date.now() / 1000) - 60 }), 410, /expired/],
    "retired key": [sign(decoded, "t0"), 400, /no longer valid/],
  };
  for (const [name, [bad, status, text]] of Object.entries(cases)) {
    const shown = await fetch(`${collector.url}/e/${bad}?answer=up`);
    assert.equal(shown.status, status, name);
    assert.match(await shown.text(), text, name);
    const posted = await confirm(`${collector.url}/e/${bad}`, { answer: "up", served: "x" });
    assert.equal(posted.status, status, `${name} (POST)`);
  }
  assert.equal((await votesOf("https://docs.example.com/other")).length, 0);

  // A genuine confirmation, then the very same request replayed: one vote.
  const seen = await landing(url);
  await pause(HUMAN_PAUSE);
  await confirm(url, { answer: "up", served: seen.served, comment: "first" });
  await pause(500);
  await confirm(url, { answer: "up", served: seen.served, comment: "first" });
  const votes = await votesOf(page);
  assert.equal(votes.length, 1);
  assert.equal(votes[0].comment, "first");
});

test("resolve, ask 'did this solve it?', the customer says no: the item is open again and integrators hear it", async () => {
  const endpoint = await collector.api("/v1/admin/sites/demo/endpoints", { method: "POST", token: ADMIN_TOKEN, body: { url: `${receiver.url}/hooks` } });
  await receiver.control({ secret: endpoint.body.secret });
  const sent = await collector.api("/v1/feedback", {
    method: "POST",
    body: {
      site: "demo", page: "https://docs.example.com/billing/refunds", rating: "down", comment: "I was charged twice",
      contact: { email: "ann@example.net", consent: true }, idempotency_key: "loop-story-item-1",
    },
  });
  assert.equal(sent.status, 201);
  const id = sent.body.id;
  const path = `/v1/sites/demo/feedback/${id}`;
  await eventually(async () => (await receiver.received()).some((e) => e.body.type === "feedback.urgent" && e.body.data.id === id), { what: "the urgent item's webhook" });

  const early = await collector.api(`${path}/resolution-link`, { method: "POST", token: DEMO_TOKEN });
  assert.equal(early.status, 422, "only resolved items are followed up");
  assert.equal(early.body.errors[0].field, "status");

  await collector.api(path, { method: "PATCH", token: DEMO_TOKEN, body: { status: "resolved", note: "Refunded the second charge" } });
  const asked = await collector.api(`${path}/resolution-link`, { method: "POST", token: DEMO_TOKEN, body: { lang: "en" } });
  assert.equal(asked.status, 201, JSON.stringify(asked.body));
  assert.equal(asked.body.to, "ann@example.net");
  assert.match(asked.body.html, /Did this solve your problem\?/);

  const customer = await browser.newPage({ userAgent: READER_AGENT });
  await customer.goto(asked.body.links.find((l) => l.answer === "not_solved").url);
  assert.equal(await customer.getByRole("radio", { name: "No, not yet" }).isChecked(), true);
  await customer.getByRole("textbox").fill("Still charged twice on my statement");
  await pause(HUMAN_PAUSE);
  await customer.getByRole("button", { name: "Send" }).click();
  await customer.getByRole("status").waitFor();
  await customer.close();

  const item = (await collector.api(path, { token: DEMO_TOKEN })).body;
  assert.equal(item.status, "new", "reopened");
  assert.equal(item.customer_answer, "not_solved");
  assert.deepEqual(item.history.at(-1), {
    at: item.history.at(-1).at, from: "resolved", to: "new", by: "customer",
    note: "Customer: not solved — Still charged twice on my statement",
  });
  const reopened = await eventually(async () => (await receiver.received()).find((e) => e.body.type === "feedback.reopened"), { what: "feedback.reopened" });
  assert.equal(reopened.verified, true, reopened.error);
  assert.deepEqual([reopened.body.data.id, reopened.body.data.customer_comment], [id, "Still charged twice on my statement"]);

  // Kiosk and e-mail answers are reported per channel.
  const email = await collector.api("/v1/sites/demo/pages?channel=email", { token: DEMO_TOKEN });
  assert.deepEqual(
    email.body.pages.map((p) => p.page).sort(),
    ["https://docs.example.com/newsletter/42", "https://docs.example.com/newsletter/43", "https://docs.example.com/newsletter/44", "https://docs.example.com/newsletter/45"],
  );
});

test("a marketer asks the customer from the inbox, in the customer's language, and sees their answer there", async () => {
  const sent = await collector.api("/v1/feedback", {
    method: "POST",
    body: {
      site: "demo", page: "https://docs.example.com/billing/invoices", rating: "down", locale: "nl",
      comment: "Ik wil mijn geld terug, de factuur klopt niet", contact: { email: "joost@example.nl", consent: true },
      idempotency_key: "loop-story-item-2",
    },
  });
  assert.equal(sent.status, 201);
  const id = sent.body.id;
  await collector.api(`/v1/sites/demo/feedback/${id}`, { method: "PATCH", token: DEMO_TOKEN, body: { status: "resolved", note: "Credit note sent" } });

  // CSP bypassed only so that axe can be injected; the dashboard's own policy is checked elsewhere.
  const context = await browser.newContext({ bypassCSP: true });
  const marketer = await context.newPage();
  await marketer.goto(`${collector.url}/dashboard?site=demo`);
  await marketer.getByLabel("Read token").fill(DEMO_TOKEN);
  await marketer.getByRole("button", { name: "Sign in" }).click();
  await marketer.goto(`${collector.url}/dashboard/demo/inbox?status=resolved`);
  const card = marketer.locator(`#item-${id}`);
  await card.getByRole("link", { name: "Ask the customer whether this solved their problem" }).click();
  await marketer.getByRole("heading", { name: "Ask the customer" }).waitFor();
  assert.deepEqual(await axeViolations(marketer), []);
  // In the customer's language, to the address they gave, ready for the marketer's mail app.
  assert.equal(await marketer.locator("dl.message dd").first().textContent(), "joost@example.nl");
  assert.equal(await marketer.locator("dl.message dd").nth(1).textContent(), "Is je probleem hiermee opgelost?");
  const mailto = new URL(await marketer.getByRole("link", { name: "Open in your mail app" }).getAttribute("href"));
  assert.equal(mailto.protocol, "mailto:");
  assert.equal(decodeURIComponent(mailto.pathname), "joost@example.nl");
  const text = await marketer.getByLabel("The message as plain text").inputValue();
  assert.equal(mailto.searchParams.get("body"), text);
  assert.match(await marketer.getByLabel(/The message as HTML/).inputValue(), /Is je probleem hiermee opgelost\?/);
  await marketer.screenshot({ path: join(ARTIFACTS, "dashboard-ask-customer.png"), fullPage: true });
  const solved = text.match(/https?:\/\/\S+answer=solved/)?.[0];
  assert.ok(solved, text);

  // The customer answers from the e-mail; the marketer sees it in the inbox, and is no longer offered to ask.
  const customer = await browser.newPage({ userAgent: READER_AGENT });
  await customer.goto(solved);
  await pause(HUMAN_PAUSE);
  await customer.getByRole("button", { name: "Versturen" }).click();
  await customer.getByRole("status").waitFor();
  await customer.close();
  await marketer.getByRole("link", { name: "← Back to the inbox" }).click();
  await marketer.waitForURL(/status=resolved/);
  assert.match(await card.locator(".customer").textContent(), /Customer says: it solved their problem/);
  assert.equal(await card.getByRole("link", { name: /Ask the customer/ }).count(), 0);
  // An item that cannot be asked (not resolved) answers a page that says why.
  const refused = await marketer.goto(`${collector.url}/dashboard/demo/items/${id}/ask`);
  assert.equal(refused.status(), 200, "resolved items may be asked again");
  await collector.api(`/v1/sites/demo/feedback/${id}`, { method: "PATCH", token: DEMO_TOKEN, body: { status: "acknowledged" } });
  const notResolved = await marketer.goto(`${collector.url}/dashboard/demo/items/${id}/ask`);
  assert.equal(notResolved.status(), 422);
  assert.match(await marketer.locator("body").textContent(), /resolve it before asking the customer/);
  await context.close();
});
