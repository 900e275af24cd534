import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * One build for every page the worker serves from liff/dist: the sandbox chat simulator now;
 * member/staff LIFF pages and the console join as more entries.
 */
export default defineConfig({
  root: here("."),
  base: "/",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: here("./dist"),
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      input: { sandbox: here("./sandbox/index.html") },
    },
  },
});
