"""An integrator's webhook receiver for the e2e stories, on 127.0.0.1 only.

It verifies every request with the official Standard Webhooks library (PyPI: standardwebhooks), a
verifier we did not write, and records what arrived. The test drives it over HTTP:
  POST /control   {"secret": "whsec_...", "answers": [500, {"status": 503, "retry_after": 4}, 200]}
                  (answers used in order, then 200; an object may add a Retry-After header;
                  "by_path": {"/slack": [410]} answers requests to one path first)
  GET  /received  every request so far: id, timestamp, verified, error, status answered, body
Prints {"port": N} on its first line once it listens.
"""

import json
import time
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

state = {"secret": None, "answers": [], "by_path": {}, "received": []}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    # Keep-alive, as real receivers do; every answer carries content-length.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", content_type="application/json"):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path != "/received":
            return self.reply(404)
        with lock:
            body = json.dumps(state["received"]).encode()
        self.reply(200, body)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        body = self.rfile.read(length)
        if self.path == "/control":
            control = json.loads(body)
            with lock:
                state["secret"] = control.get("secret", state["secret"])
                state["answers"] = list(control.get("answers", []))
                state["by_path"] = {k: list(v) for k, v in control.get("by_path", {}).items()}
            return self.reply(204)
        headers = {k.lower(): v for k, v in self.headers.items()}
        verified, error = False, None
        try:
            Webhook(state["secret"]).verify(body.decode(), headers)
            verified = True
        except Exception as e:  # the library raises its own WebhookVerificationError
            error = f"{type(e).__name__}: {e}"
        with lock:
            mine = state["by_path"].get(self.path)
            queue = mine if mine else state["answers"]
            answer = queue.pop(0) if queue else 200
            status, retry_after = (answer, None) if isinstance(answer, int) else (answer["status"], answer.get("retry_after"))
            state["received"].append({
                "id": headers.get("webhook-id"),
                "timestamp": headers.get("webhook-timestamp"),
                "signatures": headers.get("webhook-signature", "").split(" "),
                "verified": verified,
                "error": error,
                "answered": status,
                "body": json.loads(body or b"null"),
                # Wall-clock arrival (ms), for the urgent-to-webhook latency benchmark.
                "arrived_ms": time.time() * 1000,
            })
        self.send_response(status)
        if retry_after is not None:
            self.send_header("retry-after", str(retry_after))
        self.send_header("content-length", "2")
        self.end_headers()
        self.wfile.write(b"{}")


# An optional port (argv[1]) lets a benchmark register the endpoint before the receiver exists.
server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Receiver)
print(json.dumps({"port": server.server_address[1]}), flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
