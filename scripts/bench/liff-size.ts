/**
 * `npm run bench -- liff-size`: the LIFF member card page's own JavaScript (gzip) against its
 * 30 KB budget, with the LIFF SDK (pluggable core + the modules used) measured apart, plus the
 * CSS and a check that nothing render-blocking loads a web font. Builds the front end into a
 * temp folder from Vite's manifest, so the figures are what a phone downloads.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

export const MEMBER_JS_BUDGET = 30 * 1024;
const ENTRY = "app/index.html";
const SDK = "src/app/liff-sdk.ts";
const SANDBOX = "src/app/dev/sandbox-platform.ts";

type Manifest = Record<
  string,
  { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean }
>;

export interface LiffSize {
  /** Entry chunk + everything it imports statically: what the card page runs (SDK excluded). */
  memberJs: { files: string[]; raw: number; gzip: number };
  sdk: { files: string[]; raw: number; gzip: number };
  sandboxOnly: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
  /** Other pages, loaded when opened. */
  lazyPages: Array<{ name: string; gzip: number }>;
  webFonts: string[];
}

export async function measureLiffBundle(): Promise<LiffSize> {
  const outDir = mkdtempSync(join(tmpdir(), "omo-liff-size-"));
  try {
    await build({
      configFile: fileURLToPath(new URL("../../liff/vite.config.ts", import.meta.url)),
      logLevel: "silent",
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, ".vite/manifest.json"), "utf8")) as Manifest;
    const bytes = (file: string) => readFileSync(join(outDir, file));
    // Gzip is per file on the wire: sum the files' gzip sizes.
    const sized = (files: string[]) => ({
      files,
      raw: files.reduce((n, f) => n + bytes(f).length, 0),
      gzip: files.reduce((n, f) => n + gzipSync(bytes(f), { level: 9 }).length, 0),
    });
    const closure = (key: string, seen = new Set<string>()): Set<string> => {
      if (seen.has(key)) return seen;
      seen.add(key);
      for (const i of manifest[key]?.imports ?? []) closure(i, seen);
      return seen;
    };
    const entry = manifest[ENTRY];
    if (!entry) throw new Error(`${ENTRY} is not in the build`);
    const memberKeys = closure(ENTRY);
    const sdkKeys = [...closure(SDK)].filter((k) => !memberKeys.has(k));
    const sandboxKeys = [...closure(SANDBOX)].filter((k) => !memberKeys.has(k) && !sdkKeys.includes(k));
    const file = (k: string) => manifest[k]?.file as string;
    const cssFiles = [...memberKeys].flatMap((k) => manifest[k]?.css ?? []);
    const lazy = (entry.dynamicImports ?? []).filter((k) => k !== SDK && k !== SANDBOX);
    const css = cssFiles.map((f) => readFileSync(join(outDir, f), "utf8")).join("\n");
    const html = readFileSync(join(outDir, ENTRY), "utf8");
    const webFonts = [
      ...(css.match(/@font-face|@import\s+url\([^)]*font[^)]*\)/gi) ?? []),
      ...(html.match(/<link[^>]+(fonts\.googleapis|\.woff2?)[^>]*>/gi) ?? []),
    ];
    return {
      memberJs: sized([...memberKeys].map(file)),
      sdk: sized(sdkKeys.map(file)),
      sandboxOnly: sized(sandboxKeys.map(file)),
      css: sized(cssFiles),
      lazyPages: lazy
        .map((k) => ({
          name: k.replace(/^src\/app\/pages\//, "").replace(/\.tsx?$/, ""),
          // The page's chunk and the chunks it shares with other pages, beyond the entry's.
          gzip: sized([...closure(k)].filter((x) => !memberKeys.has(x)).map(file)).gzip,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      webFonts,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function printLiffSize(s: LiffSize) {
  const ok = s.memberJs.gzip <= MEMBER_JS_BUDGET;
  console.log("\nliff-size — LIFF member card page (gzip, level 9, per file)\n");
  console.log(
    `  member card page's own JS   ${kb(s.memberJs.gzip).padStart(9)}  (raw ${kb(s.memberJs.raw)}, ${s.memberJs.files.length} files)  budget ${kb(MEMBER_JS_BUDGET)}  ${ok ? "OK" : "OVER BUDGET"}`,
  );
  console.log(
    `  LIFF SDK (core + modules)   ${kb(s.sdk.gzip).padStart(9)}  (raw ${kb(s.sdk.raw)}), loaded in parallel, counted apart`,
  );
  console.log(`  CSS                         ${kb(s.css.gzip).padStart(9)}  (raw ${kb(s.css.raw)})`);
  console.log(`  sandbox only (liff-mock…)   ${kb(s.sandboxOnly.gzip).padStart(9)}  never loaded in LINE`);
  console.log(
    `  web fonts                   ${s.webFonts.length === 0 ? "none (system fonts)" : s.webFonts.join(", ")}`,
  );
  console.log("  other pages, loaded when opened:");
  for (const p of s.lazyPages) console.log(`    ${p.name.padEnd(26)} ${kb(p.gzip).padStart(9)}`);
  if (!ok || s.webFonts.length > 0) process.exitCode = 1;
}
