// Visitors who use a keyboard, a screen reader, high contrast or a dark system theme get the same
// widget: axe-core finds nothing in any mode or state, and a whole submission works by keyboard alone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { axeViolations, eventually, launchBrowser, startCollector } from "./harness.mjs";

let collector;
let browser;
before(async () => {
  collector = await startCollector({ name: "accessible" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await collector?.stop();
});

const widget = (page, path) => page.locator(`[data-page="${path}"]`);

async function everyState(page) {
  const found = {};
  const check = async (state) => {
    found[state] = await axeViolations(page, { include: [".feedback-widget"] });
  };
  await widget(page, "/modes/kiosk").getByRole("button", { name: "Good" }).waitFor();
  await check("asking");
  const thumbs = widget(page, "/modes/thumbs");
  await thumbs.getByRole("button", { name: "No" }).click();
  await thumbs.getByRole("button", { name: "Incorrect" }).click();
  await thumbs.getByLabel("You may contact me about this feedback").check();
  await thumbs.getByLabel("Your e-mail address").fill("nope");
  await thumbs.getByRole("button", { name: "Send" }).click();
  await thumbs.getByText("Please enter an e-mail address").waitFor();
  const text = widget(page, "/modes/text");
  await text.getByRole("button", { name: "Send" }).click();
  await text.getByText("Please write a comment first.").waitFor();
  await widget(page, "/modes/smileys").getByRole("button", { name: "Okay" }).click();
  await widget(page, "/modes/kiosk").getByRole("button", { name: "Bad" }).click();
  await check("follow-up, errors, thanks");
  await thumbs.getByLabel("Your e-mail address").fill("ann@example.com");
  await thumbs.getByRole("button", { name: "Send" }).click();
  await thumbs.getByText("we received your comment").waitFor();
  await check("sent");
  return found;
}

for (const colorScheme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.2 AA violation in any mode or state (${colorScheme} system theme)`, async () => {
    // Reduced motion: axe must measure colours at rest, not halfway through a 120 ms transition.
    const page = await browser.newPage({ colorScheme, reducedMotion: "reduce" });
    await page.goto(`${collector.url}/modes.html`);
    assert.deepEqual(await everyState(page), { asking: [], "follow-up, errors, thanks": [], sent: [] });

    await page.goto(`${collector.url}/floating.html`);
    await page.getByRole("button", { name: "Feedback" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "No" }).click();
    assert.deepEqual(await axeViolations(page, { include: [".feedback-widget"] }), [], "floating, open");
  });
}

test("in forced-colors mode the chosen answer is still marked", async () => {
  const page = await browser.newPage({ forcedColors: "active", reducedMotion: "reduce" });
  await page.goto(`${collector.url}/modes.html`);
  const thumbs = widget(page, "/modes/thumbs");
  await thumbs.getByRole("button", { name: "Yes" }).click();
  const [chosen, other] = await Promise.all(["Yes", "No"].map((name) =>
    thumbs.getByRole("button", { name }).evaluate((el) => getComputedStyle(el).backgroundColor)));
  assert.notEqual(chosen, other);
  assert.deepEqual(await axeViolations(page, { include: [".feedback-widget"] }), []);
});

test("a keyboard-only visitor answers, picks a reason, comments and sends, seeing where the focus is", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const thumbs = widget(page, "/modes/thumbs");
  await thumbs.getByRole("button", { name: "No" }).waitFor();
  // What has the focus, looking into shadow roots.
  const focused = () => page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const style = getComputedStyle(el);
    return { text: (el.innerText || el.id || el.type || "").trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
  });
  const tabTo = async (text) => {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      const now = await focused();
      if (now.text === text) return now;
    }
    throw new Error(`Tab never reached ${text}`);
  };
  const no = await tabTo("No");
  assert.equal(no.outline, "solid 3px", "focus is visible");
  await page.keyboard.press("Enter");
  await tabTo("Hard to understand");
  await page.keyboard.press("Space");
  await tabTo("fb-comment");
  await page.keyboard.type("Step 2 skips the login.");
  await tabTo("fb-consent");
  await page.keyboard.press("Space");
  await tabTo("fb-email");
  await page.keyboard.type("ann@example.com");
  const send = await tabTo("Send");
  assert.equal(send.outline, "solid 3px");
  await page.keyboard.press("Enter");
  await thumbs.getByRole("status").filter({ hasText: "we received your comment" }).waitFor();
  const [row] = await eventually(async () => {
    const rows = await collector.d1("SELECT rating, reasons, comment, contact_email FROM feedback WHERE page LIKE '%/modes/thumbs'");
    return rows[0]?.comment && rows;
  });
  assert.deepEqual(row, {
    rating: "down", reasons: '["hard_to_understand"]', comment: "Step 2 skips the login.", contact_email: "ann@example.com",
  });
});

test("screen readers find the status region before it speaks, and hear the thank-you", async () => {
  const page = await browser.newPage();
  await page.goto(`${collector.url}/modes.html`);
  const faces = widget(page, "/modes/smileys");
  await faces.getByRole("button", { name: "Good" }).waitFor();
  // The live region exists, empty, before anything is said: that is what makes it announce.
  assert.equal(await faces.getByRole("status").count(), 1);
  assert.equal((await faces.getByRole("status").innerText()).trim(), "");
  await faces.getByRole("button", { name: "Good" }).click();
  const tree = await faces.ariaSnapshot();
  assert.match(tree, /- status: Thank you for your feedback!/);
  assert.match(tree, /- button "Good" \[pressed\]/);
  assert.match(tree, /- group "Was this page helpful\?"/);
});

test("on a 320 px wide screen nothing overflows and every target stays at least 44 px", async () => {
  const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
  await page.goto(`${collector.url}/modes.html`);
  const thumbs = widget(page, "/modes/thumbs");
  await thumbs.getByRole("button", { name: "No" }).click();
  await widget(page, "/modes/kiosk").getByRole("button", { name: "Good" }).waitFor();
  const report = await page.evaluate(() => {
    const problems = [];
    for (const host of document.querySelectorAll(".feedback-widget")) {
      const card = host.shadowRoot.querySelector(".fb");
      if (card.scrollWidth > card.clientWidth + 1) problems.push(`${host.dataset.page} scrolls sideways`);
      if (card.getBoundingClientRect().right > innerWidth) problems.push(`${host.dataset.page} is wider than the screen`);
      // A checkbox's target is its whole label (.consent), which is measured instead.
      for (const target of host.shadowRoot.querySelectorAll("button, textarea, input:not([type=checkbox]), .consent")) {
        const box = target.getBoundingClientRect();
        if (box.width && (box.width < 44 || box.height < 44)) problems.push(`${host.dataset.page} ${target.className} ${box.width}x${box.height}`);
      }
    }
    return problems;
  });
  assert.deepEqual(report, []);
});
