#!/usr/bin/env node
// Makes signed one-click links for one e-mail and writes the snippet to paste (HTML and text).
//
//   FEEDBACK_TOKEN=fbr_… node scripts/email-links.mjs --collector https://feedback.example.com \
//     --site acme-docs --page https://docs.acme.com/guide --campaign newsletter-42 [--lang nl] \
//     [--mode smileys] [--message id] [--recipient crm-ref] [--days 30] [--out snippet]
//
// Writes <out>.html and <out>.txt (default: snippet.html / snippet.txt) and prints the links.
import { writeFileSync } from "node:fs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const token = process.env.FEEDBACK_TOKEN;
if (!args.collector || !args.site || !args.page || !token) {
  console.error("usage: FEEDBACK_TOKEN=<the site's read token> node scripts/email-links.mjs --collector URL --site ID --page URL [--campaign NAME] [--lang en] [--mode thumbs|smileys] [--message ID] [--recipient REF] [--days 30] [--out snippet]");
  process.exit(2);
}
const body = Object.fromEntries(
  ["page", "campaign", "lang", "mode", "message", "recipient", "question"].filter((k) => args[k]).map((k) => [k, args[k]]),
);
if (args.days) body.days = Number(args.days);
const response = await fetch(`${args.collector.replace(/\/$/, "")}/v1/sites/${args.site}/email-links`, {
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  body: JSON.stringify(body),
});
const answer = await response.json();
if (!response.ok) {
  console.error(`${response.status} ${answer.title}: ${answer.detail}`);
  for (const e of answer.errors ?? []) console.error(`  ${e.field}: ${e.message}`);
  process.exit(1);
}
const out = args.out ?? "snippet";
writeFileSync(`${out}.html`, `${answer.html}\n`);
writeFileSync(`${out}.txt`, answer.text);
console.log(`message ${answer.message}, valid until ${answer.expires_at}; wrote ${out}.html and ${out}.txt`);
for (const link of answer.links) console.log(`${link.answer}: ${link.url}`);
