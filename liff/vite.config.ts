import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Every HTML page the worker serves from liff/dist, by entry name → path under liff/. The
 * sandbox chat simulator now; member/staff LIFF pages and the console join by adding a line.
 * A page at `x/index.html` is served at `/x/`, its assets under `/assets/`.
 */
const pages: Record<string, string> = {
  sandbox: "sandbox/index.html",
  // The LIFF member and staff pages: one SPA served at every /liff/… route (the worker inlines
  // its config into this page; see worker/src/features/members/liff-page.ts).
  liff: "app/index.html",
  console: "console/index.html",
};

export default defineConfig({
  root: here("."),
  base: "/",
  // Vite 8 transforms with Oxc (its `esbuild` option is deprecated): Preact's automatic JSX runtime.
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: here("./dist"),
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      input: Object.fromEntries(Object.entries(pages).map(([name, path]) => [name, here(`./${path}`)])),
    },
  },
});
