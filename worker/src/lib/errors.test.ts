/**
 * The error catalogue as a client sees it: `/openapi.json` lists exactly the codes and reasons of
 * lib/errors.ts, and real refusals (unknown route, bad input, no credential, bad signature)
 * answer with codes from that list, in the declared Error shape.
 */
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/harness";
import { loadDoc, type OpenApiDoc, responseValidator } from "../../test/openapi-kit";
import { AppError, ERROR_CODES, ERROR_REASONS, ERROR_STATUS, renderError, say, type Text } from "./errors";

type Body = { error: { code: string; message: string; requestId: string; details?: { reason?: string } } };

describe("the error catalogue", () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    t = await startTestApp();
    doc = await loadDoc(t.app.url);
  });
  afterAll(() => t.close());

  it("/openapi.json's ErrorCode and ErrorReason enums are the catalogue, and Error uses them", () => {
    const schemas = doc.components?.schemas ?? {};
    expect(schemas.ErrorCode?.enum).toEqual(ERROR_CODES);
    expect(schemas.ErrorReason?.enum).toEqual(ERROR_REASONS);
    expect(Object.keys(ERROR_STATUS)).toEqual(ERROR_CODES);
    expect(new Set(ERROR_REASONS).size).toBe(ERROR_REASONS.length);
    const error = JSON.stringify(schemas.Error);
    expect(error).toContain("#/components/schemas/ErrorCode");
    expect(error).toContain("#/components/schemas/ErrorReason");
  });

  const validate = () => responseValidator(doc);
  const refusal = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as Body;
    expect(body.error.code).toBe(code);
    expect(ERROR_CODES).toContain(body.error.code);
    expect(ERROR_STATUS[body.error.code as keyof typeof ERROR_STATUS]).toBe(status);
    const reason = body.error.details?.reason;
    if (reason !== undefined) expect(ERROR_REASONS).toContain(reason);
    return body;
  };

  it("404 for an unknown route: NOT_FOUND", async () => {
    await refusal(await fetch(`${t.app.url}/api/no-such-route`), 404, "NOT_FOUND");
  });

  it("401 without the admin token: UNAUTHORIZED, in the declared shape", async () => {
    const body = await refusal(await fetch(`${t.app.url}/api/admin/stores`), 401, "UNAUTHORIZED");
    const { declared, issues } = validate()("GET", "/api/admin/stores", 401, body);
    expect(declared).toBe(true);
    expect(issues).toEqual([]);
  });

  it("400 for a body the route refuses: VALIDATION_FAILED, in the declared shape", async () => {
    const res = await t.admin("/api/admin/stores", { method: "POST", body: JSON.stringify({}) });
    const body = await refusal(res, 400, "VALIDATION_FAILED");
    const { declared, issues } = validate()("POST", "/api/admin/stores", 400, body);
    expect(declared).toBe(true);
    expect(issues).toEqual([]);
  });

  it("401 for a webhook with a bad signature: INVALID_SIGNATURE", async () => {
    await refusal(await t.post("{}", { "x-line-signature": "bad" }), 401, "INVALID_SIGNATURE");
  });

  it("an HTTPException or an unknown throw still renders a catalogue code", () => {
    expect(ERROR_CODES).toContain(renderError(new Error("boom"), "req").body.error.code);
    expect(ERROR_CODES).toContain(renderError(new HTTPException(405), "req").body.error.code);
  });
});

describe("AppError's message", () => {
  // Type-level, so `npm run typecheck` is the check: a plain string (one text for both languages,
  // or a bilingual one) does not compile, and a site that passed one would be a tsc error.
  it("is a Text, one sentence per language: a string is refused by the type", () => {
    expectTypeOf<ConstructorParameters<typeof AppError>[1]>().toEqualTypeOf<Text>();
    // @ts-expect-error a string is not a Text (if AppError takes one again, this line fails tsc)
    const bare = () => new AppError("NOT_FOUND", "No such thing. 找不到。");
    expect(typeof bare).toBe("function");
  });

  it("is rendered in the one language asked for, and logged in English", () => {
    const err = new AppError("NOT_FOUND", say("找不到此項目。", "Not found."));
    expect(err.message).toBe("Not found.");
    expect(renderError(err, "r").body.error.message).toBe("找不到此項目。");
    expect(renderError(err, "r", "en").body.error.message).toBe("Not found.");
  });
});
