"""An integrator's webhook receiver for the e2e stories, on 127.0.0.1 only.

It verifies every request with the official Standard Webhooks library (PyPI: standardwebhooks), a
verifier we did not write, and records what arrived. The test drives it over HTTP:
  POST /control   {"secret": "whsec_...", "answers": [500, 500, 200]}  (answers used in order, then 200)
  GET  /received  every request so far: id, timestamp, verified, error, status answered, body
Prints {"port": N} on its first line once it listens.
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

state = {"secret": None, "answers": [], "received": []}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
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
            return self.reply(204)
        headers = {k.lower(): v for k, v in self.headers.items()}
        verified, error = False, None
        try:
            Webhook(state["secret"]).verify(body.decode(), headers)
            verified = True
        except Exception as e:  # the library raises its own WebhookVerificationError
            error = f"{type(e).__name__}: {e}"
        with lock:
            status = state["answers"].pop(0) if state["answers"] else 200
            state["received"].append({
                "id": headers.get("webhook-id"),
                "timestamp": headers.get("webhook-timestamp"),
                "signatures": headers.get("webhook-signature", "").split(" "),
                "verified": verified,
                "error": error,
                "answered": status,
                "body": json.loads(body or b"null"),
            })
        self.reply(status, b"{}")


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
print(json.dumps({"port": server.server_address[1]}), flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
