// What workerd calls: the collector's three entries (`fetch`, `queue`, `scheduled`), as a plain
// handler object around the module worker-build makes (edge-worker/build/index.js).
//
// worker-build exports a class that the runtime would construct for every request, through a Proxy
// that checks, on every construction and every call, whether a panic left the Wasm instance broken
// (and rebuilds it before the next call if so). Under load the construction alone (the Proxy, the
// runtime's entrypoint constructor, wrangler's wrapper class) was about a tenth of the isolate's time
// (`node bench/worker_profile.mjs`, 2026-12-06). Here the class is constructed once per isolate and
// every call still goes through the Proxy's check, so the panic recovery is unchanged.
import Collector from "./build/index.js";

let handlers;

/**
 * The isolate's handlers: the methods of one instance of worker-build's entrypoint, each behind the
 * Proxy that checks for a broken instance before every call. The methods are the prototype's, so
 * they stay right when a panic makes that Proxy rebuild the instance.
 */
function collector(env, ctx) {
  if (!handlers) {
    const instance = new Collector(ctx, env);
    handlers = { fetch: instance.fetch, queue: instance.queue, scheduled: instance.scheduled };
  }
  return handlers;
}

// Each handler reads `this.env` and `this.ctx`: they are this call's, not the instance's.
export default {
  fetch: (request, env, ctx) => collector(env, ctx).fetch.call({ env, ctx }, request),
  queue: (batch, env, ctx) => collector(env, ctx).queue.call({ env, ctx }, batch),
  scheduled: (controller, env, ctx) => collector(env, ctx).scheduled.call({ env, ctx }, controller),
};
