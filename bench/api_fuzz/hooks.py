"""Schemathesis hooks for bench/api_fuzz.mjs: generated feedback names a random site, which would stop
almost every request at "unknown site"; half of the well-formed ones are pointed at the demo site so
the rest of the body reaches validation, storage and the answer's schema."""
import schemathesis


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    body = case.body
    if case.operation.path == "/v1/feedback" and isinstance(body, dict) and isinstance(body.get("site"), str):
        if hash(repr(body)) % 2 == 0:
            body["site"] = "demo"
