// The API description is a valid OpenAPI 3.1 document, checked by a validator we did not write.
// (edge-worker/src/routes.rs checks that it lists exactly the worker's routes.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { validate } from "@readme/openapi-parser";

test("openapi.json is a valid OpenAPI 3.1 document", async () => {
  const spec = JSON.parse(readFileSync(join(import.meta.dirname, "openapi.json"), "utf8"));
  const result = await validate(spec);
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  assert.equal(spec.openapi, "3.1.0");
});
