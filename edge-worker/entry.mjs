// What workerd calls: the collector's three entries (`fetch`, `queue`, `scheduled`), as a plain
// handler object around the module worker-build makes (edge-worker/build/index.js).
//
// worker-build exports a class that the runtime would construct for every request, through a Proxy
// that checks, on every construction and every call, whether a panic left the Wasm instance broken
// (and rebuilds it before the next call if so). Under load the construction alone (the Proxy, the
// runtime's entrypoint constructor, wrangler's wrapper class) was about a tenth of the isolate's time
// (`node bench/worker_profile.mjs`, 2026-12-06). Here the class is constructed once per isolate and
// every call still goes through the same Proxy, so the panic recovery is unchanged.
import Collector from "./build/index.js";

let collector;

/** The isolate's one instance of worker-build's entrypoint, behind its panic recovery. */
function entrypoint(env, ctx) {
  collector ??= new Collector(ctx, env);
  return collector;
}

// Each handler reads `this.env` and `this.ctx`: they are this call's, not the instance's.
export default {
  fetch: (request, env, ctx) => entrypoint(env, ctx).fetch.call({ env, ctx }, request),
  queue: (batch, env, ctx) => entrypoint(env, ctx).queue.call({ env, ctx }, batch),
  scheduled: (controller, env, ctx) => entrypoint(env, ctx).scheduled.call({ env, ctx }, controller),
};
