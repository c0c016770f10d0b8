// A site tells its visitors, on the page itself, what it heard and what it did. A marketer resolves
// complaints and publishes a note ("you said, we did") that the next visitors read after they answer,
// in their own language when there is one; a page that alerted gets a known-issue notice that the
// next visitors read before the question, their answers are counted apart, and the notice goes away
// when it expires. Visitors say why a page helped as well as why it did not. Bad input about notes is
// refused naming the field; only the site's own words, as plain text, ever reach a visitor.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ADMIN_TOKEN, ARTIFACTS, DEMO_TOKEN, axeViolations, eventually, launchBrowser, startCollector, startHostSite, watchProblems } from "./harness.mjs";

let collector;
let browser;
let host;

/** A host page with the widget showing notes; `canonical` makes a second address the same page. */
const hostPage = (lang, { canonical, title = "Guide" } = {}) => `<!doctype html><html lang="${lang}"><head><title>${title}</title>
  ${canonical ? `<link rel="canonical" href="${canonical}">` : ""}</head><body><h1>${title}</h1><p>Some help.</p>
  <script src="${collector.url}/embed.js" data-site="demo" data-notes async></script></body></html>`;

before(async () => {
  collector = await startCollector({ name: "notes" });
  // Settings before the first answer: the hot path caches a site for 30 s.
  const rules = { page_alert: { negatives: 3, window_minutes: 10, cooldown_minutes: 60 } };
  const quiet = await collector.api("/v1/admin/sites/demo", { method: "PATCH", token: ADMIN_TOKEN, body: { urgency: rules } });
  assert.equal(quiet.body.public_notes, false);
  browser = await launchBrowser();
  // A canonical link makes a second address (another language's copy) the same page.
  host = await startHostSite({
    "/gids": hostPage("nl", { title: "Gids" }),
    "/gids-fr": hostPage("fr", { canonical: "/gids", title: "Guide" }),
    "/export": hostPage("en", { title: "Export" }),
    "/export-ar": hostPage("ar", { canonical: "/export", title: "تصدير" }),
    "/reasons": hostPage("en", { title: "Reasons" }),
  });
});
after(async () => {
  await browser?.close();
  await host?.close();
  await collector?.stop();
});

async function signIn(context) {
  const page = await context.newPage();
  await page.goto(`${collector.url}/dashboard?site=demo`);
  await page.getByLabel("Read token").fill(DEMO_TOKEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Results" }).waitFor();
  return page;
}

/** An answer from a visitor of its own (the collector tells visitors apart by address and agent). */
const answer = (visitor, body) =>
  collector.api("/v1/feedback", {
    method: "POST",
    headers: { "user-agent": `visitor-${visitor}`, origin: host.url },
    body: { site: "demo", idempotency_key: `key-${visitor}-${Date.now()}`, ...body },
  });

/** Opens a page as a new visitor (nothing cached) and waits for the widget's question. */
async function visit(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${host.url}${path}`);
  await page.locator(".feedback-widget .question").waitFor();
  return { context, page, widget: page.locator(".feedback-widget"), problems };
}

const items = async (query) =>
  (await collector.api(`/v1/sites/demo/feedback?${new URLSearchParams(query)}`, { token: DEMO_TOKEN })).body.items;

test("publishing waits until the site shows notes, and bad notes are refused naming the field", async () => {
  const page = `${host.url}/gids`;
  const publish = (body, kind = "notes", token = DEMO_TOKEN) => collector.api(`/v1/sites/demo/${kind}`, { method: "POST", token, body });
  const off = await publish({ page, text: "Fixed." });
  assert.equal(off.status, 409);
  assert.match(off.headers.get("content-type"), /application\/problem\+json/);
  assert.match(off.body.detail, /turn on public_notes/);

  const on = await collector.api("/v1/admin/sites/demo", { method: "PATCH", token: ADMIN_TOKEN, body: { public_notes: true, language: "en" } });
  assert.deepEqual([on.body.public_notes, on.body.language], [true, "en"]);

  const refused = async (body, kind) => {
    const { status, body: problem } = await publish(body, kind);
    assert.equal(status, 422, JSON.stringify(problem));
    return problem.errors.map((e) => `${e.field}:${e.rule}`);
  };
  assert.deepEqual(await refused({ page, text: "x".repeat(281) }), ["text:max_length"]);
  assert.deepEqual(await refused({ page, text: "Step 3 is <b>fixed</b>" }), ["text:markup"]);
  assert.deepEqual(await refused({ page, text: "<script>alert(1)</script>" }), ["text:markup"]);
  assert.deepEqual(await refused({ page: "https://elsewhere.example/help", text: "Fixed." }), ["page:origin"]);
  assert.deepEqual(await refused({ page, text: "Fixed.", lang: "pt" }), ["lang:one_of"]);
  assert.deepEqual(await refused({ page, text: "Fixed.", expires_in_days: 3 }), ["expires_in_days:notice_only"]);
  assert.deepEqual(await refused({ page, text: "Broken.", expires_in_days: 0 }, "notices"), ["expires_in_days:range"]);
  assert.deepEqual(await refused({ text: "  " }), ["page:required", "text:required"]);
  assert.equal((await publish({ page, text: "Fixed." }, "notes", "not-the-token")).status, 401);
  const gone = await collector.api("/v1/sites/demo/notes/n-nothing/unpublish", { method: "POST", token: DEMO_TOKEN });
  assert.equal(gone.status, 404);
  assert.equal((await collector.api("/v1/sites/demo/notes?colour=red", { token: DEMO_TOKEN })).status, 400);
  assert.deepEqual((await collector.api(`/v1/sites/demo/notes?page=${encodeURIComponent(page)}`, { token: DEMO_TOKEN })).body.notes, []);
});

test("a marketer resolves two complaints and publishes a note; the next visitors read it after answering, in their language", async () => {
  const page = `${host.url}/gids`;
  for (const visitor of ["nl-1", "nl-2"]) {
    const sent = await answer(visitor, { page, rating: "down", locale: "nl", comment: "Ik wil mijn geld terug, dit is oplichterij!" });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
  }
  const context = await browser.newContext({ bypassCSP: true }); // to run axe-core on the dashboard
  const dashboard = await signIn(context);
  await dashboard.goto(`${collector.url}/dashboard/demo/inbox`);
  const cards = dashboard.locator("article.item", { hasText: page });
  await eventually(async () => (await cards.count()) === 2, { what: "both complaints in the inbox" });
  // The first is resolved quietly; resolving the second tells the page's visitors what was done.
  await cards.first().getByLabel("Status").selectOption("resolved");
  await cards.first().getByRole("button", { name: "Save" }).click();
  await dashboard.getByText("Saved. The item is now resolved.").waitFor();
  const said = "Updated on 3 Dec after your feedback: the refund steps now say where the form is.";
  await cards.first().getByLabel("Status").selectOption("resolved");
  await cards.first().getByLabel(/tell this page's visitors what you did/).fill(said);
  await cards.first().getByRole("button", { name: "Save" }).click();
  await dashboard.getByText("Visitors of this page see the note after they answer.").waitFor();
  assert.equal((await items({ page })).filter((i) => i.status === "resolved").length, 2);

  // The same news for Dutch readers, from the page's detail.
  await dashboard.goto(`${collector.url}/dashboard/demo/page?page=${encodeURIComponent(page)}`);
  const form = dashboard.locator("#publish-note");
  const dutch = "Bijgewerkt op 3 december na jullie feedback: de stappen voor terugbetaling zeggen nu waar het formulier staat.";
  await form.getByLabel("Note", { exact: true }).fill(dutch);
  await form.getByLabel("Language").selectOption("nl");
  await form.getByRole("button", { name: "Publish note" }).click();
  await dashboard.getByText("Visitors of this page see the note after they answer.").waitFor();
  const history = dashboard.getByRole("table", { name: "History" });
  assert.equal(await history.getByRole("row").count(), 3, "two notes and the header");
  assert.deepEqual(await axeViolations(dashboard), []);
  await dashboard.screenshot({ path: join(ARTIFACTS, "dashboard-page-notes.png"), fullPage: true });

  // A Dutch reader answers and then reads the Dutch note, marked as Dutch.
  const nl = await visit("/gids");
  const note = nl.widget.locator(".note");
  assert.equal(await note.isVisible(), false, "not before the answer: it would sway it");
  await nl.widget.getByRole("button", { name: "Ja", exact: true }).click();
  await note.getByText(dutch).waitFor();
  assert.equal(await note.locator("strong").textContent(), "Jullie zeiden, wij deden");
  assert.equal(await note.getByText(dutch).getAttribute("lang"), "nl");
  assert.deepEqual(await axeViolations(nl.page, { include: ".feedback-widget" }), []);
  await nl.page.screenshot({ path: join(ARTIFACTS, "widget-note-after-answer.png"), fullPage: true });
  assert.deepEqual(nl.problems, []);
  await nl.context.close();

  // A French reader of the same page has no note in French: the site's own (English) one, marked English.
  const fr = await visit("/gids-fr");
  await fr.widget.getByRole("button", { name: "Oui", exact: true }).click();
  await fr.widget.locator(".note").getByText(said).waitFor();
  assert.equal(await fr.widget.locator(".note strong").textContent(), "Vous l’avez dit, nous l’avons fait");
  assert.equal(await fr.widget.locator(".note").getByText(said).getAttribute("lang"), "en");
  await fr.context.close();

  // Taken down, the Dutch note gives way to the English one at once (the edge forgets it).
  await dashboard.getByRole("button", { name: /^Take down the note/ }).first().click();
  await dashboard.getByText("Taken down. Visitors no longer see it").waitFor();
  const later = await visit("/gids");
  await later.widget.getByRole("button", { name: "Ja", exact: true }).click();
  await later.widget.locator(".note").getByText(said).waitFor();
  await later.context.close();
  const listed = (await collector.api(`/v1/sites/demo/notes?page=${encodeURIComponent(page)}`, { token: DEMO_TOKEN })).body.notes;
  assert.deepEqual(listed.map((n) => [n.lang, n.author, n.unpublished_at !== undefined]), [["nl", "dashboard", true], ["en", "dashboard", false]]);
  await context.close();
});

test("a page alert becomes a notice before the question; answers under it are counted apart until it expires", async () => {
  const page = `${host.url}/export`;
  for (const visitor of ["e-1", "e-2", "e-3"]) {
    assert.equal((await answer(visitor, { page, rating: "down" })).status, 201);
  }
  const context = await browser.newContext();
  const dashboard = await signIn(context);
  // One click from the alert to a notice, prefilled for its author to finish.
  const alerts = dashboard.getByRole("region", { name: "Pages that alerted this week" });
  await alerts.getByRole("link", { name: `Publish a notice for ${page}` }).click();
  const form = dashboard.locator("#publish-notice");
  assert.equal(await form.getByLabel("Notice").inputValue(), "We know something on this page is not working. We are fixing it.");
  const notice = "We know the export on this page fails; a fix is coming.";
  await form.getByLabel("Notice").fill(notice);
  await form.getByLabel("Shown for (days)").fill("1");
  await form.getByRole("button", { name: "Publish notice" }).click();
  await dashboard.getByText("see the notice before the question").waitFor();
  const [published] = (await collector.api(`/v1/sites/demo/notes?page=${encodeURIComponent(page)}`, { token: DEMO_TOKEN })).body.notes;
  assert.equal(published.kind, "notice");
  assert.ok(Math.abs(published.expires_at - published.published_at - 86_400_000) < 1000, "a day, as asked");
  // Let it end in 20 s, to watch it go: every cache of it must end with it.
  const ends = Date.now() + 20_000;
  await collector.d1(`UPDATE page_notes SET expires_at = ${ends} WHERE id = '${published.id}'`);
  const publicAnswer = await collector.api(`/v1/sites/demo/results?page=${encodeURIComponent(page)}&lang=en`);
  assert.equal(publicAnswer.body.notice.text, notice);
  assert.equal(publicAnswer.body.decided, undefined, "this site keeps its results to itself");
  const maxAge = Number(publicAnswer.headers.get("cache-control").match(/max-age=(\d+)/)[1]);
  assert.ok(maxAge <= 20, `cached for ${maxAge} s, past the notice's end`);

  // The next visitor reads the notice before the question, as text, not as an alarm.
  const visitor = await visit("/export");
  const shown = visitor.widget.locator(".notice");
  await shown.getByText(notice).waitFor();
  const order = await visitor.widget.locator(".fb").evaluate((card) =>
    [...card.querySelectorAll(".notice, .question")].map((e) => e.className));
  assert.deepEqual(order, ["notice", "question"]);
  assert.equal(await shown.getAttribute("role"), null);
  assert.equal(await shown.getAttribute("aria-live"), null);
  assert.equal(await visitor.widget.getByRole("group", { name: "Was this page helpful?" }).getAttribute("aria-describedby"), "fb-notice");
  assert.deepEqual(await axeViolations(visitor.page, { include: ".feedback-widget" }), []);
  await visitor.page.screenshot({ path: join(ARTIFACTS, "widget-notice-before-question.png"), clip: { x: 0, y: 0, width: 600, height: 340 } });
  await visitor.widget.getByRole("button", { name: "No", exact: true }).click();
  await eventually(async () => (await items({ page, under_notice: "true" })).length === 1, { what: "the answer under the notice" });
  assert.equal((await items({ page, under_notice: "true" }))[0].under_notice, published.id);
  assert.equal((await items({ page, under_notice: "false" })).length, 3, "the alert's answers came before it");
  await visitor.context.close();

  // Arabic, on a phone 320 px wide: right to left, the notice in the site's language and marked so.
  const narrow = await visit("/export-ar", { viewport: { width: 320, height: 640 } });
  await narrow.widget.locator(".notice").getByText(notice).waitFor();
  assert.equal(await narrow.widget.locator(".fb").getAttribute("dir"), "rtl");
  assert.equal(await narrow.widget.locator(".notice").getByText(notice).getAttribute("lang"), "en");
  assert.equal(await narrow.widget.locator(".notice strong").textContent(), "مشكلة معروفة");
  assert.ok(await narrow.page.evaluate(() => document.documentElement.scrollWidth <= 320), "nothing wider than the phone");
  await narrow.page.emulateMedia({ forcedColors: "active" });
  assert.deepEqual(await axeViolations(narrow.page, { include: ".feedback-widget" }), []);
  await narrow.page.screenshot({ path: join(ARTIFACTS, "widget-notice-rtl-320.png") });
  await narrow.context.close();

  // The dashboard shows the answers under the notice apart from the page's figures.
  await dashboard.goto(`${collector.url}/dashboard/demo/page?page=${encodeURIComponent(page)}`);
  await dashboard.getByText("Given under a known-issue notice: 1").waitFor();

  // After its end, the next visitor sees no notice, and their answer is not marked.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends - Date.now()) + 1500));
  const after = await visit("/export");
  await after.widget.getByRole("button", { name: "No", exact: true }).click();
  await after.widget.locator(".status").getByText("Thank you").waitFor();
  assert.equal(await after.widget.locator(".notice").isVisible(), false);
  await eventually(async () => (await items({ page, under_notice: "false" })).length === 4, { what: "the answer after the notice" });
  await after.context.close();
  await context.close();
});

test("a visitor says why a page helped; the reasons of each side are stored and counted", async () => {
  const { context, page, widget } = await visit("/reasons");
  await widget.getByRole("button", { name: "No", exact: true }).click();
  const wrong = widget.getByRole("group", { name: "What went wrong? (optional)" });
  await wrong.getByRole("button", { name: "Out of date" }).waitFor();
  assert.equal(await wrong.getByRole("button", { name: "Translation issue" }).isVisible(), true);
  assert.equal(await widget.getByRole("button", { name: "Clear", exact: true }).isVisible(), false);
  await wrong.getByRole("button", { name: "Out of date" }).click();
  // A change of mind to "yes" offers the reasons of a yes, and forgets the one of the no.
  await widget.getByRole("button", { name: "Yes", exact: true }).click();
  const helped = widget.getByRole("group", { name: "What helped? (optional)" });
  await helped.getByRole("button", { name: "Clear", exact: true }).click();
  await helped.getByRole("button", { name: "Good examples" }).click();
  assert.equal(await widget.getByRole("button", { name: "Out of date" }).isVisible(), false);
  assert.deepEqual(await axeViolations(page, { include: ".feedback-widget" }), []);
  await page.screenshot({ path: join(ARTIFACTS, "widget-positive-reasons.png") });
  await widget.getByRole("button", { name: "Send" }).click();
  await widget.getByText("Thank you, we received your comment.").waitFor();
  const url = `${host.url}/reasons`;
  await eventually(async () => (await items({ page: url }))[0]?.reasons?.length === 2, { what: "the reasons" });
  const [item] = await items({ page: url });
  assert.deepEqual([item.rating, item.reasons], ["up", ["clear", "good_examples"]]);
  const summary = (await collector.api(`/v1/sites/demo/summary?page=${encodeURIComponent(url)}`, { token: DEMO_TOKEN })).body;
  assert.deepEqual(summary.reasons.map((r) => [r.reason, r.count]), [["clear", 1], ["good_examples", 1]]);
  const csv = (await collector.api(`/v1/sites/demo/feedback?format=csv&page=${encodeURIComponent(url)}`, { token: DEMO_TOKEN })).body;
  assert.match(csv.split("\r\n")[0], /,reasons,.*,under_notice,owner,team$/);
  assert.match(csv, /"clear;good_examples"/);
  await context.close();

  const marketer = await browser.newContext();
  const dashboard = await signIn(marketer);
  await dashboard.goto(`${collector.url}/dashboard/demo/page?page=${encodeURIComponent(url)}`);
  const why = dashboard.getByRole("list", { name: "Why it helped" });
  assert.deepEqual(await why.locator(".label").allTextContents(), ["Clear", "Good examples"]);
  await marketer.close();
});

test("a note is shown exactly as written: text that looks like code stays text", async () => {
  const page = `${host.url}/reasons`;
  const text = `Fixed: 2 < 3 & "quotes" stay; {{ braces }} and ' too.`;
  const made = await collector.api("/v1/sites/demo/notes", { method: "POST", token: DEMO_TOKEN, body: { page, text } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const { context, widget } = await visit("/reasons");
  await widget.getByRole("button", { name: "Yes", exact: true }).click();
  await eventually(async () => (await widget.locator(".note span").textContent()) === text, { what: "the note as written" });
  assert.equal(await widget.locator(".note span").evaluate((e) => e.children.length), 0, "no element came from the text");
  await context.close();
});
