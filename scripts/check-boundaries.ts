/**
 * Feature boundaries (part of `npm run lint`): a feature's `index.ts` is its public surface.
 * Code under `worker/src` outside `features/<name>/` — other features, the LINE pipeline, the
 * hosts, the app — imports a feature only through `features/<name>` (its index.ts), never one of
 * its internal files. Tests may reach into their own feature, not into another's.
 *
 * `npx tsx scripts/check-boundaries.ts` prints each offending import as file:line and exits 1.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { filesUnder, isMain } from "./source-files";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SRC = join(ROOT, "worker", "src");
const FEATURES = join(SRC, "features");

/** Every `from "…"`, `import "…"`, `import("…")` and `export … from "…"` specifier, with its line. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

/** The feature a file belongs to, or undefined outside `features/<name>/`. */
function featureOf(file: string): string | undefined {
  const rel = relative(FEATURES, file);
  if (rel.startsWith("..")) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

export function checkFile(file: string, text: string): Violation[] {
  const own = featureOf(file);
  const found: Violation[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const specifier = m[1] as string;
    if (!specifier.startsWith(".")) continue;
    const target = resolve(dirname(file), specifier);
    const rel = relative(FEATURES, target);
    if (rel.startsWith("..")) continue;
    const [feature, ...rest] = rel.split(sep);
    if (!feature || rest.length === 0) continue; // `features/<name>` itself, or `features/index`
    if (feature === own) continue;
    const inner = rest.join("/").replace(/\.(ts|tsx|js)$/, "");
    if (inner === "index") continue;
    const line = text.slice(0, m.index).split("\n").length;
    found.push({
      file: relative(ROOT, file),
      line,
      specifier,
      reason: `imports ${feature}'s internal file ${inner}; import from "features/${feature}" (its index.ts) instead`,
    });
  }
  return found;
}

export function checkBoundaries(): Violation[] {
  return filesUnder(SRC)
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((file) => checkFile(file, readFileSync(file, "utf8")));
}

if (isMain(import.meta.url)) {
  const violations = checkBoundaries();
  for (const v of violations) console.error(`${v.file}:${v.line}  ${v.specifier}  — ${v.reason}`);
  if (violations.length > 0) {
    console.error(`\n${violations.length} import(s) cross a feature boundary.`);
    process.exit(1);
  }
  console.log("feature boundaries: ok");
}
