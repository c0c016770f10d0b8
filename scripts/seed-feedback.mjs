#!/usr/bin/env node
// Realistic sample feedback as SQL for a local D1: pages of a documentation site, three channels,
// good and bad days, reasons, comments (some urgent, some with contact consent), statuses and
// customers' answers. Deterministic for a given seed, so tests and benchmarks can count on it.
//
//   node scripts/seed-feedback.mjs --site demo --count 3000 --days 90 [--seed 7] > seed.sql
//
// The tests and benchmarks import `seedSql` and `expectedCounts` instead.

const PAGES = [
  ["/guide/install", "Install the widget"],
  ["/guide/first-steps", "First steps"],
  ["/guide/themes", "Themes and colours"],
  ["/guide/csp", "Content Security Policy"],
  ["/guide/languages", "Languages"],
  ["/guide/kiosk", "Kiosk mode"],
  ["/api/feedback", "POST /v1/feedback"],
  ["/api/read", "Reading results"],
  ["/api/webhooks", "Webhooks"],
  ["/api/errors", "Errors and problems"],
  ["/billing/plans", "Plans and prices"],
  ["/billing/invoices", "Invoices"],
  ["/billing/refunds", "Refunds"],
  ["/account/password", "Reset your password"],
  ["/account/delete", "Delete your account"],
  ["/account/team", "Invite your team"],
  ["/faq", "Frequently asked questions"],
  ["/status", "Service status"],
  ["/changelog", "What is new"],
  ["/privacy", "Privacy"],
  ["/contact", "Contact us"],
  ["/guide/migrate", "Migrate from another tool"],
  ["/guide/troubleshooting", "Troubleshooting"],
  ["/guide/accessibility", "Accessibility"],
  ["/blog/launch", "We launched"],
  ["/blog/edge", "Why we run at the edge"],
  ["/blog/wasm", "Rust and WebAssembly in the browser"],
  ["/pricing", "Pricing"],
  ["/security", "Security"],
  ["/terms", "Terms of service"],
];

const GOOD = ["Clear and to the point, thank you.", "Exactly what I needed.", "Great example, it worked first time.",
  "Helpful, thanks!", "Love the screenshots."];
const BAD = ["Step 3 is confusing.", "The example does not work any more.", "Missing the part about Safari.",
  "Too long, I could not find the answer.", "Outdated: the button is somewhere else now."];
const URGENT = [
  ["I was charged twice, I want a refund now!", [{ rule: "keyword", keyword: "refund" }]],
  ["This is terrible, the export is broken and useless.", [{ rule: "strongly_negative", score: -0.78 }]],
  ["Please call me, our checkout is down.", [{ rule: "contact_requested" }]],
  ["Cancel my subscription, this is a scam.", [{ rule: "keyword", keyword: "cancel" }]],
];
const REASONS = ["incorrect", "hard_to_understand", "missing_information", "did_not_solve", "other"];

/** A small, fast, seedable random source (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (value) => (value === null || value === undefined ? "NULL" : `'${String(value).replaceAll("'", "''")}'`);

/**
 * The rows, as plain objects: `{ id, page, title, channel, rating, reasons, comment, email, created,
 * urgent, mood, status, answer }`. Times fall in the `days` × 24 h before `today`.
 */
export function seedRows({ site = "demo", count = 3000, days = 90, seed = 7, today = new Date(), origin = "https://docs.example.com" } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const rows = [];
  const end = today.getTime();
  for (let i = 0; i < count; i++) {
    // Popular pages get most answers; a few pages are plainly worse than the rest.
    const index = Math.min(PAGES.length - 1, Math.floor(PAGES.length * next() ** 2));
    const [path, title] = PAGES[index];
    const quality = [12, 13, 22].includes(index) ? 0.35 : 0.6 + (index % 5) * 0.07;
    // Within the last `days` days, never in the future.
    const created = new Date(end - Math.floor(next() * days * 86_400_000));
    const roll = next();
    const channel = roll < 0.8 ? "web" : roll < 0.93 ? "email" : "kiosk";
    const faces = channel === "kiosk" || next() < 0.2;
    const positive = next() < quality;
    const neutral = faces && next() < 0.2;
    const rating = neutral ? "neutral" : positive ? (faces ? "happy" : "up") : faces ? "sad" : "down";
    let reasons = [];
    let comment = null;
    let urgent = null;
    let mood = null;
    let email = null;
    if (!positive && !neutral && next() < 0.5) reasons = [pick(REASONS)];
    if (next() < 0.25) comment = positive ? pick(GOOD) : pick(BAD);
    if (!positive && !neutral && next() < 0.03) {
      const [text, why] = pick(URGENT);
      comment = text;
      urgent = why;
      if (why[0].rule === "contact_requested") email = `customer${i}@example.net`;
    }
    if (comment) mood = positive ? 0.6 : urgent ? -0.78 : -0.3;
    const status = urgent ? pick(["new", "new", "acknowledged", "resolved", "dismissed"]) : "new";
    const answer = status === "resolved" && email ? pick(["solved", "not_solved", null]) : null;
    rows.push({
      id: `seed-${seed}-${i}`,
      site,
      page: `${origin}${path}`,
      title,
      channel,
      rating,
      reasons,
      comment,
      email,
      created: created.toISOString(),
      urgent,
      mood,
      status,
      answer,
    });
  }
  return rows;
}

/** The SQL that inserts `rows` (multi-row INSERTs, so a large seed loads quickly). */
export function seedSql(rows) {
  const out = [];
  for (let start = 0; start < rows.length; start += 150) {
    const values = rows.slice(start, start + 150).map((r) =>
      `(${[r.id, r.site, r.page, r.title, r.channel, r.rating, JSON.stringify(r.reasons), r.comment, r.email,
        r.email ? 1 : 0, "en", `seed-visitor-${r.id}`, `seed-key-${r.id}`, r.created, r.created,
        r.urgent ? JSON.stringify(r.urgent) : null, r.status, r.answer].map((v) => typeof v === "number" ? v : quote(v)).join(", ")}, ${r.mood ?? "NULL"})`);
    out.push(`INSERT INTO feedback (id, site_id, page, title, channel, rating, reasons, comment, contact_email,
  contact_consent, locale, visitor, idempotency_key, created_at, updated_at, urgent, status, customer_answer, mood)
VALUES\n${values.join(",\n")};`);
  }
  const moved = rows.filter((r) => r.status !== "new");
  for (let start = 0; start < moved.length; start += 150) {
    const values = moved.slice(start, start + 150).map((r) =>
      `(${[r.id, r.site, r.created, "new", r.status, "Seeded: handled by the support team", "api"].map(quote).join(", ")})`);
    out.push(`INSERT INTO item_history (item_id, site_id, at, from_status, to_status, note, actor) VALUES\n${values.join(",\n")};`);
  }
  return `${out.join("\n")}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
  );
  const rows = seedRows({
    site: args.site ?? "demo",
    count: Number(args.count ?? 3000),
    days: Number(args.days ?? 90),
    seed: Number(args.seed ?? 7),
  });
  process.stdout.write(seedSql(rows));
}
