import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { earnPoints } from "../loyalty";
import { CONSENT_VERSION, normalizePhone } from "./registration";

describe("registration, consent and delete my data", () => {
  let t: TestApp;
  let user: string;
  const call = async (method: string, path: string, body?: unknown, lang?: string) =>
    fetch(`${t.app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(user)}`,
        "content-type": "application/json",
        ...(lang ? { "accept-language": lang } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const consent = { version: CONSENT_VERSION, accepted: true };

  beforeAll(async () => {
    t = await startTestApp();
    user = await createFriend(t, "林小姐");
  });
  afterAll(() => t.close());

  it.each([
    ["0912-345-678", "+886912345678"],
    ["0912345678", "+886912345678"],
    ["+886 912 345 678", "+886912345678"],
    ["(02) 2722-0000", "+886227220000"],
    ["+81 90-1234-5678", "+819012345678"],
    ["12345", null],
    ["abc", null],
  ])("normalizePhone(%j) = %j", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it("registers the brand's fields with the phone in E.164 and consent recorded", async () => {
    const res = await call("PUT", "/api/me/profile", {
      name: "林怡君",
      phone: "0912-345-678",
      birthday: "1990-05-20",
      email: "lin@example.com",
      consent,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: "林怡君",
      phone: "+886912345678",
      status: "member",
      consent: { version: CONSENT_VERSION, marketingOptOut: false },
    });
  });

  it("refuses a bad phone or outdated consent with a clear message, changing nothing", async () => {
    const bad = await call("PUT", "/api/me/profile", { name: "x", phone: "123456", consent });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/手機號碼/);
    const old = await call("PUT", "/api/me/profile", {
      name: "x",
      phone: "0912345678",
      consent: { version: "2020-01", accepted: true },
    });
    expect(old.status).toBe(409);
    expect(((await (await call("GET", "/api/me/profile")).json()) as { name: string }).name).toBe("林怡君");
  });

  it("refuses a birthday in the future (brand time zone) or before 1900, keeping what was saved", async () => {
    const put = (birthday: string) =>
      call("PUT", "/api/me/profile", { name: "林怡君", phone: "0912-345-678", birthday, consent });
    const refusal = async (res: Response) => {
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { code: string; message: string; details: object } }).error;
    };
    // The manual clock: 2026-11-24 10:00 in Taipei.
    expect(await refusal(await put("2026-11-25"))).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "生日不能是未來的日期。",
      details: { field: "birthday", reason: "BIRTHDAY_IN_FUTURE" },
    });
    expect(await refusal(await put("1899-12-31"))).toMatchObject({
      details: { field: "birthday", reason: "BIRTHDAY_TOO_OLD" },
    });
    expect((await refusal(await put("2026-02-31"))).code).toBe("VALIDATION_FAILED");
    expect(((await (await call("GET", "/api/me/profile")).json()) as { birthday: string }).birthday).toBe(
      "1990-05-20",
    );
    expect(await (await put("1900-01-01")).json()).toMatchObject({ birthday: "1900-01-01" });
    expect(await (await put("2026-11-24")).json()).toMatchObject({ birthday: "2026-11-24" });
    // Past midnight in Taipei (16:30 UTC) the 25th has come there, though not in UTC.
    t.clock.advance(14.5 * 3600_000);
    expect(await (await put("2026-11-25")).json()).toMatchObject({ birthday: "2026-11-25" });
    expect((await put("1990-05-20")).status).toBe(200);
  });

  it("says a refusal in the reader's language only: zh-TW by default, English for Accept-Language: en", async () => {
    const put = (lang?: string) =>
      call(
        "PUT",
        "/api/me/profile",
        { name: "林怡君", phone: "0912-345-678", birthday: "2099-01-01", consent },
        lang,
      );
    const said = async (res: Response) => {
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { code: string; message: string; details: object } }).error;
    };
    const details = { field: "birthday", reason: "BIRTHDAY_IN_FUTURE" };
    const zh = await said(await put());
    expect(zh).toMatchObject({ code: "VALIDATION_FAILED", message: "生日不能是未來的日期。", details });
    expect(zh.message).not.toMatch(/[A-Za-z]/);
    expect((await said(await put("zh-TW,zh;q=0.9,en;q=0.8"))).message).toBe(zh.message);
    const en = await said(await put("en-US,en;q=0.9"));
    expect(en).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "A birthday cannot be in the future.",
      details,
    });
    expect(en.message).not.toMatch(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/);
  });

  it("withdrawing consent stops marketing but keeps the membership", async () => {
    await call("POST", "/api/me/consent/withdraw");
    expect(await (await call("GET", "/api/me/profile")).json()).toMatchObject({
      status: "member",
      consent: { marketingOptOut: true },
    });
  });

  it("delete my data clears personal fields, keeps the ledger anonymised, and a return starts fresh", async () => {
    const me = (await (await call("GET", "/api/me")).json()) as {
      member: { id: string; memberCode: string };
    };
    await earnPoints(t.app.deps, {
      memberId: me.member.id,
      points: 20,
      idempotencyKey: "kept",
      reason: "purchase",
      actor: "system",
      expiresAt: new Date("2028-01-01"),
    });
    expect((await call("DELETE", "/api/me", { confirm: "nope" })).status).toBe(400);
    expect((await call("DELETE", "/api/me", { confirm: "DELETE" })).status).toBe(200);
    const [old] = await t.app.deps.db.select().from(members).where(eq(members.id, me.member.id));
    expect(old).toMatchObject({
      name: null,
      phone: null,
      phoneVerifiedAt: null,
      email: null,
      birthday: null,
      displayName: null,
      pointsBalance: 20,
    });
    expect(old?.lineUserId).toBe(`deleted:${me.member.id}`);
    const again = (await (await call("GET", "/api/me")).json()) as { member: { id: string } };
    expect(again.member.id).not.toBe(me.member.id);
  });
});
