/**
 * The LIFF pages' API types, generated from the worker's own OpenAPI document (built in-process,
 * no server, no network): `npm run gen:api` writes liff/src/api/schema.gen.ts, and
 * scripts/gen-api-types.test.ts fails when that file no longer matches the routes.
 * Every JSON API route is included — member, binding, staff, LIFF config, and the console's admin,
 * live-sales and inbox routes — so each front end types its calls from the same document.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createApp } from "../worker/src/app";
import { loadConfig } from "../worker/src/config";
import type { AppDeps } from "../worker/src/deps";
import { allFeatures } from "../worker/src/features/registry";

export const OUTPUT = fileURLToPath(new URL("../liff/src/api/schema.gen.ts", import.meta.url));
const INCLUDE = [/^\/api\//];
const METHODS = ["get", "put", "post", "delete", "patch"] as const;

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  /** A tuple (OpenAPI 3.1): one schema per position. */
  prefixItems?: Schema[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Param = { name: string; in: string; required?: boolean; schema: Schema };
type Operation = {
  summary?: string;
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type Doc = {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
  components?: { schemas?: Record<string, Schema> };
};

/** The app's OpenAPI document, from the app itself. */
export async function openApiDocument(): Promise<Doc> {
  const config = loadConfig({ DEMO_DATA: "false" }, "http://127.0.0.1:8787");
  const app = createApp({ deps: { config } as unknown as AppDeps, features: allFeatures() });
  const res = await app.request("/openapi.json");
  if (!res.ok) throw new Error(`openapi.json: ${res.status}`);
  return (await res.json()) as Doc;
}

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

function ts(s: Schema | undefined, indent: string, refs: Set<string>): string {
  if (!s) return "unknown";
  let out: string;
  if (s.$ref) {
    const name = s.$ref.replace("#/components/schemas/", "");
    refs.add(name);
    out = `components["schemas"][${JSON.stringify(name)}]`;
  } else if (s.const !== undefined) out = JSON.stringify(s.const);
  else if (s.enum) out = s.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (s.anyOf || s.oneOf)
    out = (s.anyOf ?? s.oneOf ?? []).map((x) => ts(x, indent, refs)).join(" | ") || "unknown";
  else if (s.allOf) out = s.allOf.map((x) => ts(x, indent, refs)).join(" & ") || "unknown";
  else {
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const one = (t: string): string => {
      switch (t) {
        case "string":
          return "string";
        case "number":
        case "integer":
          return "number";
        case "boolean":
          return "boolean";
        case "null":
          return "null";
        case "array":
          return s.prefixItems
            ? `[${s.prefixItems.map((x) => ts(x, indent, refs)).join(", ")}]`
            : `Array<${ts(s.items, indent, refs)}>`;
        case "object": {
          const props = Object.entries(s.properties ?? {});
          const extra =
            typeof s.additionalProperties === "object"
              ? `${indent}  [key: string]: ${ts(s.additionalProperties, `${indent}  `, refs)};\n`
              : "";
          if (props.length === 0 && !extra) return "Record<string, unknown>";
          const req = new Set(s.required ?? []);
          const lines = props.map(
            ([k, v]) => `${indent}  ${key(k)}${req.has(k) ? "" : "?"}: ${ts(v, `${indent}  `, refs)};\n`,
          );
          return `{\n${lines.join("")}${extra}${indent}}`;
        }
        default:
          return "unknown";
      }
    };
    out = types.length ? types.map(one).join(" | ") : s.properties ? one("object") : "unknown";
  }
  return s.nullable ? `${out} | null` : out;
}

/** TypeScript for the LIFF's part of the API: `paths[path][method]` = { path?, query?, body?, responses }. */
export async function generateApiTypes(): Promise<string> {
  const doc = await openApiDocument();
  const refs = new Set<string>();
  const ops: string[] = [];
  for (const path of Object.keys(doc.paths).sort()) {
    if (!INCLUDE.some((re) => re.test(path))) continue;
    const methods: string[] = [];
    for (const method of METHODS) {
      const op = doc.paths[path]?.[method];
      if (!op) continue;
      const parts: string[] = [];
      if (op.summary) parts.push(`      /** ${op.summary.replace(/\*\//g, "*\\/")} */\n`);
      for (const where of ["path", "query"] as const) {
        const ps = (op.parameters ?? []).filter((p) => p.in === where);
        if (!ps.length) continue;
        const fields = ps.map(
          (p) => `        ${key(p.name)}${p.required ? "" : "?"}: ${ts(p.schema, "        ", refs)};\n`,
        );
        parts.push(`      ${where}: {\n${fields.join("")}      };\n`);
      }
      const body = op.requestBody?.content?.["application/json"]?.schema;
      if (body) parts.push(`      body: ${ts(body, "      ", refs)};\n`);
      const responses = Object.entries(op.responses).map(([status, r]) => {
        const json = r.content?.["application/json"]?.schema;
        const type = json ? ts(json, "        ", refs) : r.content ? "string" : "null";
        return `        ${status}: ${type};\n`;
      });
      parts.push(`      responses: {\n${responses.join("")}      };\n`);
      methods.push(`    ${method}: {\n${parts.join("")}    };\n`);
    }
    ops.push(`  ${JSON.stringify(path)}: {\n${methods.join("")}  };\n`);
  }
  // Components the included operations use, and the ones those use in turn.
  const all = doc.components?.schemas ?? {};
  const emitted = new Map<string, string>();
  let pending = [...refs];
  while (pending.length) {
    const next = new Set<string>();
    for (const name of pending) {
      if (emitted.has(name)) continue;
      emitted.set(name, ts(all[name], "    ", next));
    }
    pending = [...next].filter((n) => !emitted.has(n));
  }
  const components = [...emitted.keys()]
    .sort()
    .map((n) => `    ${JSON.stringify(n)}: ${emitted.get(n)};\n`)
    .join("");
  return (
    "// Generated by scripts/gen-api-types.ts from the worker's /openapi.json: do not edit.\n" +
    "// Regenerate with `npm run gen:api` (a test fails when this file is out of date).\n\n" +
    `export interface paths {\n${ops.join("")}}\n\n` +
    `export interface components {\n  schemas: {\n${components}  };\n}\n`
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, await generateApiTypes());
  console.log(`wrote ${OUTPUT}`);
}
