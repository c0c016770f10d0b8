// A visitor meets the widget in each of its modes on one page: thumbs with reasons and a contact
// request, three faces, a comment only, and a kiosk that resets for the next person.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { ARTIFACTS, eventually, launchBrowser, startCollector, watchProblems } from "./harness.mjs";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ name: "every-mode" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const widget = (page, path) => page.locator(`[data-page="${path}"]`);
const rowsFor = (path) =>
  collector.d1(
    `SELECT rating, reasons, comment, contact_email, contact_consent, channel, revision FROM feedback
     WHERE page LIKE '%${path}' ORDER BY created_at`,
  );

test("thumbs: No, two reasons, a comment and a contact address arrive as one item", async () => {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${collector.url}/modes.html`);
  await page.evaluate(() => {
    window.submitted = [];
    document.addEventListener("feedback:submitted", (e) => window.submitted.push(e.detail));
  });
  const thumbs = widget(page, "/modes/thumbs");
  await thumbs.getByRole("button", { name: "No" }).waitFor();
  // Nothing more is asked before the visitor has answered.
  assert.equal(await thumbs.getByRole("button", { name: "Send" }).count(), 0);
  await thumbs.getByRole("button", { name: "No" }).click();
  // Thanked at once, before anything else is asked.
  await thumbs.getByRole("status").filter({ hasText: "Thank you for your feedback!" }).waitFor();
  await thumbs.getByRole("button", { name: "Missing information" }).click();
  await thumbs.getByRole("button", { name: "Did not solve my problem" }).click();
  await thumbs.getByLabel("How can we improve this page? (optional)").fill("  Which port does it use?  ");
  // The address is asked for only once the visitor agrees to be contacted.
  assert.equal(await thumbs.getByRole("textbox", { name: "Your e-mail address" }).count(), 0);
  await thumbs.getByLabel("You may contact me about this feedback").check();
  await thumbs.getByLabel("Your e-mail address").fill("not-an-address");
  await thumbs.getByRole("button", { name: "Send" }).click();
  await thumbs.getByText("Please enter an e-mail address such as name@example.com.").waitFor();
  assert.equal(await thumbs.getByLabel("Your e-mail address").getAttribute("aria-invalid"), "true");
  await thumbs.getByLabel("Your e-mail address").fill("ann@example.com");
  await thumbs.getByRole("button", { name: "Send" }).click();
  await thumbs.getByRole("status").filter({ hasText: "Thank you, we received your comment." }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "modes-light.png"), fullPage: true });

  const [row] = await eventually(async () => {
    const rows = await rowsFor("/modes/thumbs");
    return rows.length === 1 && rows[0].revision === 1 && rows;
  }, { what: "the follow-up replacing the vote" });
  assert.deepEqual(row, {
    rating: "down",
    reasons: '["missing_information","did_not_solve"]',
    comment: "Which port does it use?",
    contact_email: "ann@example.com",
    contact_consent: 1,
    channel: "web",
    revision: 1,
  });
  // The page heard both submissions, with what was sent.
  const submitted = await page.evaluate(() => window.submitted);
  assert.equal(submitted.length, 2);
  assert.equal(submitted[1].comment, "Which port does it use?");
  assert.deepEqual(submitted[1].reasons, ["missing_information", "did_not_solve"]);
  assert.deepEqual(problems, []);
});

test("three faces: a happy face asks what was liked, and offers no reasons", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const faces = widget(page, "/modes/smileys");
  await faces.getByRole("button", { name: "Good" }).waitFor();
  assert.deepEqual(await faces.getByRole("button").allInnerTexts(), ["Bad", "Okay", "Good"]);
  await faces.getByRole("button", { name: "Good" }).click();
  await faces.getByLabel("What did you like? (optional)").fill("The diagrams");
  assert.equal(await faces.getByRole("button", { name: "Incorrect" }).count(), 0);
  await faces.getByRole("button", { name: "Send" }).click();
  await faces.getByRole("status").filter({ hasText: "we received your comment" }).waitFor();
  const rows = await eventually(async () => {
    const rows = await rowsFor("/modes/smileys");
    return rows[0]?.comment && rows;
  });
  assert.deepEqual(rows.map((r) => [r.rating, r.comment]), [["happy", "The diagrams"]]);
});

test("comment only: an empty comment is explained, a written one is stored without a rating", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const text = widget(page, "/modes/text");
  await text.getByText("What do you think of this page?").waitFor();
  await text.getByRole("button", { name: "Send" }).click();
  await text.getByText("Please write a comment first.").waitFor();
  const box = text.getByLabel("Your comment");
  assert.equal(await box.getAttribute("aria-invalid"), "true");
  assert.equal(await box.evaluate((el) => el === el.getRootNode().activeElement), true, "focus is on the field");
  await box.fill("The table on step 3 is cut off on my phone.");
  await text.getByRole("button", { name: "Send" }).click();
  await text.getByRole("status").filter({ hasText: "we received your comment" }).waitFor();
  const rows = await eventually(async () => (await rowsFor("/modes/text")).length === 1 && rowsFor("/modes/text"));
  assert.deepEqual(rows.map((r) => [r.rating, r.comment]), [[null, "The table on step 3 is cut off on my phone."]]);
});

test("kiosk: each person's answer is its own item, and the kiosk resets after the thank-you", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const kiosk = widget(page, "/modes/kiosk");
  await kiosk.getByRole("button", { name: "Good" }).click();
  await kiosk.getByRole("status").filter({ hasText: "Thank you" }).waitFor();
  assert.equal(await kiosk.getByRole("button", { name: "Good" }).getAttribute("aria-pressed"), "true");
  await page.screenshot({ path: join(ARTIFACTS, "kiosk.png"), clip: await kiosk.boundingBox() });
  // Ready for the next person: nothing selected, nothing said, nothing more asked.
  await eventually(async () => (await kiosk.getByRole("status").innerText()).trim() === "", { what: "the reset" });
  assert.equal(await kiosk.getByRole("button", { name: "Good" }).getAttribute("aria-pressed"), "false");
  assert.equal(await kiosk.getByRole("textbox").count(), 0);
  await kiosk.getByRole("button", { name: "Good" }).click();
  await kiosk.getByRole("button", { name: "Bad" }).click();
  const rows = await eventually(async () => (await rowsFor("/modes/kiosk")).length === 3 && rowsFor("/modes/kiosk"));
  assert.deepEqual(rows.map((r) => [r.rating, r.channel]), [["happy", "kiosk"], ["happy", "kiosk"], ["sad", "kiosk"]]);
});

test("screenshots of every mode in the dark", async () => {
  const page = await browser.newPage({ colorScheme: "dark" });
  await page.goto(`${collector.url}/modes.html`);
  await widget(page, "/modes/kiosk").getByRole("button", { name: "Good" }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "modes-dark.png"), fullPage: true });
  const background = await widget(page, "/modes/smileys")
    .locator(".fb")
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(background, "rgb(27, 31, 36)", "auto theme follows the dark system preference");
});
