/**
 * No hand-written source file over 400 lines, tests and their kits included (part of
 * `npm run lint`). Generated files (`*.gen.ts`, the embedded migrations) and message catalogues
 * (`i18n.ts`, `messages/`) are exempt.
 *
 * `npx tsx scripts/check-sizes.ts` lists each file over the limit and exits 1.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { filesUnder, isMain } from "./source-files";

export const MAX_LINES = 400;
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const DIRS = ["worker/src", "worker/test", "liff/src", "liff/test", "prompts", "scripts", "db"];

/** Whether a file is held to the limit. */
export function counted(path: string): boolean {
  if (!/\.(ts|tsx)$/.test(path)) return false;
  if (/\.gen\.ts$/.test(path)) return false;
  if (/(^|\/)i18n\.ts$/.test(path) || /(^|\/)messages\//.test(path)) return false;
  if (/^db\/migrations\//.test(path) || /embedded-migrations/.test(path)) return false;
  return true;
}

export function oversized(): Array<{ file: string; lines: number }> {
  return DIRS.flatMap((d) => filesUnder(join(ROOT, d)))
    .map((p) => relative(ROOT, p))
    .filter(counted)
    .map((file) => ({ file, lines: (readFileSync(join(ROOT, file), "utf8").match(/\n/g) ?? []).length }))
    .filter((f) => f.lines > MAX_LINES);
}

if (isMain(import.meta.url)) {
  const over = oversized();
  for (const f of over) console.error(`${f.file}: ${f.lines} lines (at most ${MAX_LINES})`);
  if (over.length > 0) {
    console.error(`\n${over.length} file(s) over ${MAX_LINES} lines: split them by responsibility.`);
    process.exit(1);
  }
  console.log(`file sizes: ok (at most ${MAX_LINES} lines)`);
}
