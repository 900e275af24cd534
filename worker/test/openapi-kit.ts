/**
 * The app's own `/openapi.json` as test data: every operation with the security it declares, a
 * plausible request body made from its request schema, and a validator for its response schemas.
 * Tests read the document from the running app, so a new route is covered without editing them.
 */
import { z } from "zod";

type Json = Record<string, unknown>;
export type Schema = Json & { $ref?: string };

export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, Json> };
  security?: Array<Record<string, string[]>>;
}

export interface OperationObject {
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface Operation {
  method: string;
  /** The OpenAPI template, e.g. `/api/lives/{id}`. */
  path: string;
  op: OperationObject;
  /**
   * The security schemes any one of which lets a caller in; `null` when the operation is public
   * (no `security`, or an empty alternative). Alternatives that need two schemes at once cannot be
   * met by one credential and are left out.
   */
  schemes: string[] | null;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

export async function loadDoc(baseUrl: string): Promise<OpenApiDoc> {
  const res = await fetch(`${baseUrl}/openapi.json`);
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDoc;
}

export function operations(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const security = op.security ?? doc.security ?? [];
      const publicRoute = security.length === 0 || security.some((alt) => Object.keys(alt).length === 0);
      const schemes = publicRoute
        ? null
        : security.filter((alt) => Object.keys(alt).length === 1).flatMap((alt) => Object.keys(alt));
      out.push({ method: method.toUpperCase(), path, op, schemes });
    }
  }
  return out;
}

export function deref(doc: OpenApiDoc, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  for (let hops = 0; s?.$ref && hops < 20; hops++) {
    const name = s.$ref.replace("#/components/schemas/", "");
    s = doc.components?.schemas?.[name];
  }
  return s;
}

/**
 * A value the schema accepts, as small as it allows: required properties only, defaults and
 * first enum values where given. Formats and patterns are best effort (the caller overrides
 * bodies whose meaning matters).
 */
export function sampleOf(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): unknown {
  const s = deref(doc, schema);
  if (!s || depth > 12) return null;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ("default" in s && s.default !== undefined) return s.default;
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives?.length) {
    const pick = alternatives.find((a) => deref(doc, a)?.type !== "null") ?? alternatives[0];
    return sampleOf(doc, pick, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...(s.allOf as Schema[]).map((a) => sampleOf(doc, a, depth + 1)));
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sampleOf(doc, props[k], depth + 1)]));
    }
    case "array": {
      const n = Math.max(1, Number(s.minItems ?? 0));
      return Array.from({ length: n }, () => sampleOf(doc, s.items as Schema, depth + 1));
    }
    case "integer":
    case "number": {
      const min = typeof s.minimum === "number" ? s.minimum : undefined;
      const max = typeof s.maximum === "number" ? s.maximum : undefined;
      if (min !== undefined && min > 1) return min;
      if (max !== undefined && max < 1) return max;
      return 1;
    }
    case "boolean":
      return false;
    case "string": {
      if (s.format === "date-time") return "2026-11-24T02:00:00.000Z";
      if (s.format === "date") return "2026-11-24";
      if (s.format === "email") return "matrix@example.com";
      if (s.format === "uri" || s.format === "url") return "https://example.com/x";
      const min = Number(s.minLength ?? 1);
      const max = Number(s.maxLength ?? 64);
      return "matrix0123456789".repeat(4).slice(0, Math.min(Math.max(min, 8), max));
    }
    default:
      return null;
  }
}

/** The JSON request body of an operation, generated from its schema (undefined: none declared). */
export function sampleBody(doc: OpenApiDoc, op: OperationObject): unknown {
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  return schema ? sampleOf(doc, schema) : undefined;
}

const toDefs = (value: unknown) =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/$defs/')) as Schema;

/**
 * Validates a JSON body against the schema the document declares for (method, path, status),
 * with zod's JSON Schema reader (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
export function responseValidator(doc: OpenApiDoc) {
  const defs = toDefs(doc.components?.schemas ?? {});
  const cache = new Map<string, z.ZodType | null>();
  return (method: string, path: string, status: number, body: unknown) => {
    const key = `${method} ${path} ${status}`;
    if (!cache.has(key)) {
      const responses = doc.paths[path]?.[method.toLowerCase()]?.responses ?? {};
      const schema = (responses[String(status)] ?? responses.default)?.content?.["application/json"]?.schema;
      cache.set(
        key,
        schema
          ? z.fromJSONSchema({
              $schema: "https://json-schema.org/draft/2020-12/schema",
              ...toDefs(schema),
              $defs: defs,
            } as Parameters<typeof z.fromJSONSchema>[0])
          : null,
      );
    }
    const validator = cache.get(key);
    if (!validator) return { declared: false as const, issues: [] as string[] };
    const result = validator.safeParse(body);
    const issues = result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { declared: true as const, issues };
  };
}
