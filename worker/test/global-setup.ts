import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Browser tests need the built front end; build it once if it is missing or older than its sources. */
function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === "dist" || name === "node_modules") continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

export default function setup() {
  const dist = "liff/dist";
  const built = existsSync(dist) ? newest(dist) : 0;
  if (existsSync("liff/vite.config.ts") && (built === 0 || newest("liff") > built)) {
    execFileSync("npx", ["vite", "build", "--config", "liff/vite.config.ts", "--logLevel", "warn"], {
      stdio: "inherit",
    });
  }
}
