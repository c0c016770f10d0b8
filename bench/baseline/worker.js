// The baseline a Workers user would write by hand: the same POST /v1/feedback checks (site, page,
// rating, comment, key) and one D1 insert, in plain JavaScript. `/v1/const` answers at once without
// D1: the ceiling of `wrangler dev` on this machine. Used only by bench/collector_throughput.mjs.
const RATINGS = new Set(["up", "down", "sad", "neutral", "happy"]);

function problem(status, detail) {
  return new Response(JSON.stringify({ type: "about:blank", status, detail }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/v1/const") return new Response('{"ok":true}', { status: 201, headers: { "content-type": "application/json" } });
    if (url.pathname !== "/v1/feedback" || request.method !== "POST") return problem(404, "no such route");
    let body;
    try {
      body = await request.json();
    } catch {
      return problem(400, "the body is not JSON");
    }
    if (typeof body !== "object" || body === null) return problem(400, "the body is not a JSON object");
    const { site, rating, comment, idempotency_key: key } = body;
    let page;
    try {
      page = new URL(body.page);
      if (!/^https?:$/.test(page.protocol)) throw new Error();
    } catch {
      return problem(422, "page must be an http(s) URL");
    }
    page.hash = "";
    page.search = "";
    if (typeof site !== "string" || !/^[a-z0-9-]{1,64}$/.test(site)) return problem(422, "site");
    if (rating !== undefined && !RATINGS.has(rating)) return problem(422, "rating");
    if (comment !== undefined && (typeof comment !== "string" || comment.length > 2000)) return problem(422, "comment");
    if (rating === undefined && !comment) return problem(422, "a rating or a comment");
    if (typeof key !== "string" || !/^[A-Za-z0-9_-]{8,128}$/.test(key)) return problem(422, "idempotency_key");
    const known = await env.DB.prepare("SELECT id FROM sites WHERE id = ?1").bind(site).first();
    if (!known) return problem(404, "unknown site");
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    const row = await env.DB.prepare(
      `INSERT INTO feedback (id, site_id, page, channel, rating, comment, visitor, idempotency_key, created_at, updated_at)
       VALUES (?1, ?2, ?3, 'web', ?4, ?5, ?6, ?7, ?8, ?8)
       ON CONFLICT (site_id, idempotency_key) DO NOTHING RETURNING id`,
    )
      .bind(id, site, page.href.replace(/\/$/, ""), rating ?? null, comment ?? null, `v-${key}`, key, now)
      .first();
    return new Response(JSON.stringify({ id: row?.id ?? null, outcome: row ? "created" : "duplicate" }), {
      status: row ? 201 : 200,
      headers: { "content-type": "application/json" },
    });
  },
};
