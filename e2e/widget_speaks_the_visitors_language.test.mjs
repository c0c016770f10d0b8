// Visitors read the widget in their language: chosen by data-lang, else the page's <html lang>, else
// the browser's. Arabic is laid out right to left.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { ARTIFACTS, eventually, launchBrowser, startCollector, startHostSite } from "./harness.mjs";

let collector;
let browser;
let site;
const QUESTIONS = {
  en: ["Was this page helpful?", "Yes", "No"],
  nl: ["Had je iets aan deze pagina?", "Ja", "Nee"],
  de: ["War diese Seite hilfreich?", "Ja", "Nein"],
  fr: ["Cette page vous a-t-elle été utile ?", "Oui", "Non"],
  es: ["¿Te ha resultado útil esta página?", "Sí", "No"],
  ar: ["هل كانت هذه الصفحة مفيدة؟", "نعم", "لا"],
};
before(async () => {
  collector = await startCollector({ name: "languages" });
  browser = await launchBrowser();
  const page = (htmlLang, tagLang = "") => `<!doctype html><html lang="${htmlLang}"><head><meta charset="utf-8">
    <title>Taal</title></head><body><h1>…</h1><script src="${collector.url}/embed.js" data-site="demo"
    ${tagLang && `data-lang="${tagLang}"`} async></script></body></html>`;
  const pages = {};
  for (const lang of Object.keys(QUESTIONS)) pages[`/html/${lang}`] = page(lang);
  pages["/tag-wins"] = page("de", "nl-BE");
  pages["/unknown-html"] = page("tlh");
  site = await startHostSite(pages);
});
after(async () => {
  await browser?.close();
  await site?.close();
  await collector?.stop();
});

for (const [lang, [question, yes, no]] of Object.entries(QUESTIONS)) {
  test(`the page's <html lang="${lang}"> gives the widget in that language`, async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/html/${lang}`);
    await page.getByText(question).waitFor();
    const card = page.locator(".feedback-widget .fb");
    assert.equal(await card.getAttribute("lang"), lang);
    await page.getByRole("button", { name: no, exact: true }).click();
    await page.getByRole("status").filter({ hasText: /\S/ }).waitFor();
    assert.ok(await page.getByRole("button", { name: yes, exact: true }).isVisible());
    await page.screenshot({ path: join(ARTIFACTS, `lang-${lang}.png`), clip: await card.boundingBox() });
    if (lang === "ar") {
      assert.equal(await card.getAttribute("dir"), "rtl");
      // Right to left: the first answer ("yes") sits to the right of the second.
      const [first, second] = await Promise.all([yes, no].map((name) =>
        page.getByRole("button", { name, exact: true }).boundingBox()));
      assert.ok(first.x > second.x, `yes at ${first.x}, no at ${second.x}`);
      const align = await page.locator(".feedback-widget .question").evaluate((el) => getComputedStyle(el).direction);
      assert.equal(align, "rtl");
    }
    const [row] = await eventually(async () => {
      const rows = await collector.d1(`SELECT locale FROM feedback WHERE page = '${site.url}/html/${lang}'`);
      return rows.length && rows;
    });
    assert.equal(row.locale, lang);
  });
}

test("data-lang wins over <html lang>, and a language we lack falls to the browser's", async () => {
  const page = await browser.newPage({ locale: "fr-FR" });
  await page.goto(`${site.url}/tag-wins`);
  await page.getByText(QUESTIONS.nl[0]).waitFor();
  await page.goto(`${site.url}/unknown-html`);
  await page.getByText(QUESTIONS.fr[0]).waitFor();
});
