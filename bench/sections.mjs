// BENCHMARKS.md is written by the benchmarks, one marked section each
// (`<!-- name:start -->` … `<!-- name:end -->`), so a run replaces only its own figures.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../e2e/harness.mjs";

const PATH = join(ROOT, "BENCHMARKS.md");
const HEADER = "# Benchmarks\n\nEvery figure here names the command that produced it, the machine and the date.\n";

/**
 * Puts `section` (which carries its own markers) in place of the old one named `name`; a new one goes
 * before the section named `before`, or at the end. Nothing is written when `section` is empty (a
 * benchmark that failed before it had figures).
 */
export function writeSection(name, section, { before } = {}) {
  if (!section) return;
  let doc;
  try {
    doc = readFileSync(PATH, "utf8");
  } catch {
    doc = HEADER;
  }
  const start = `<!-- ${name}:start -->`;
  const anchor = before && `<!-- ${before}:start -->`;
  if (doc.includes(start)) {
    doc = doc.replace(new RegExp(`${start}[\\s\\S]*<!-- ${name}:end -->`), () => section);
  } else if (anchor && doc.includes(anchor)) {
    doc = doc.replace(anchor, () => `${section}\n\n${anchor}`);
  } else {
    doc = `${doc.trimEnd()}\n\n${section}\n`;
  }
  writeFileSync(PATH, doc);
}
