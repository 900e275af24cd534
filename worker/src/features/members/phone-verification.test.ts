/** Proving a phone by SMS: the real Twilio adapter over HTTP to the emulator's stand-in, a real libSQL file, a manual clock. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, phoneVerificationCodes } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { errorOf, kit } from "../../../test/member-kit";
import { phoneKit } from "../../../test/phone-kit";
import { SANDBOX_SMS_ACCOUNT_SID, SANDBOX_SMS_AUTH_TOKEN } from "../../adapters/sms-config";

type Profile = { phone: string | null; phoneVerified: boolean; phoneVerifiedAt: string | null };
type Err = { code: string; details?: { reason?: string; attemptsLeft?: number; retryAfterSeconds?: number } };
const err = async (res: Response) => (await errorOf(res)) as Err;

describe("phone verification by SMS", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let p: ReturnType<typeof phoneKit>;
  let n = 0;
  /** A registered member with a fresh number, 0912-1xx-xxx → +886912 1xx xxx. */
  const fresh = async (name = "驗證客") => {
    const digits = String(100_000 + ++n).padStart(6, "0");
    const m = await k.member(name, `0912${digits}`);
    return { ...m, phone: `+886912${digits}` };
  };
  const profile = async (userId: string) => k.json<Profile>(k.get(userId, "/api/me/profile"));

  beforeAll(async () => {
    t = await startTestApp();
    k = kit(t);
    p = phoneKit(t);
  });
  afterAll(() => t.close());

  it("sends the code through the Twilio adapter (the wire request as Twilio takes it) and confirms it once", async () => {
    const m = await fresh();
    expect(await profile(m.userId)).toMatchObject({
      phone: m.phone,
      phoneVerified: false,
      phoneVerifiedAt: null,
    });
    const before = (await p.requests()).length;
    const sent = await p.send(m.userId);
    expect(sent.status).toBe(200);
    const now = t.clock.now().getTime();
    expect(await sent.json()).toEqual({
      sentTo: `0912-***-${m.phone.slice(-3)}`,
      expiresAt: new Date(now + 10 * 60_000).toISOString(),
      resendAt: new Date(now + 60_000).toISOString(),
      expiresInSeconds: 600,
      resendInSeconds: 60,
    });

    const requests = (await p.requests()).slice(before);
    expect(requests).toHaveLength(1);
    const wire = requests[0];
    expect(wire).toMatchObject({
      method: "POST",
      path: `/2010-04-01/Accounts/${SANDBOX_SMS_ACCOUNT_SID}/Messages.json`,
      authorization: `Basic ${Buffer.from(`${SANDBOX_SMS_ACCOUNT_SID}:${SANDBOX_SMS_AUTH_TOKEN}`).toString("base64")}`,
      contentType: "application/x-www-form-urlencoded",
      status: 201,
    });
    expect(Object.keys(wire?.form ?? {}).sort()).toEqual(["Body", "From", "To"]);
    expect(wire?.form).toMatchObject({ To: m.phone, From: "OMO Demo" });
    const code = await p.lastCode(m.phone);
    const body = wire?.form.Body ?? "";
    expect(body).toContain(code);
    expect(body.indexOf("驗證碼")).toBeLessThan(body.indexOf("code")); // zh-TW first, English second

    const [row] = await t.app.deps.db
      .select()
      .from(phoneVerificationCodes)
      .where(eq(phoneVerificationCodes.memberId, m.id));
    const inbox = await p.inbox(m.phone);
    expect(row).toMatchObject({ state: "sent", attempts: 0, usedAt: null, providerMessageId: inbox[0]?.sid });
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(m.phone.slice(4));

    const ok = await p.confirm(m.userId, code);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      phoneVerified: true,
      phoneVerifiedAt: t.clock.now().toISOString(),
      tookOver: false,
    });
    expect(await profile(m.userId)).toMatchObject({
      phoneVerified: true,
      phoneVerifiedAt: t.clock.now().toISOString(),
    });
    // Once: the same code again, or another send, is refused as already done.
    const again = await p.confirm(m.userId, code);
    expect(again.status).toBe(409);
    expect((await err(again)).details?.reason).toBe("ALREADY_VERIFIED");
    t.clock.advance(61_000);
    expect((await err(await p.send(m.userId))).details?.reason).toBe("ALREADY_VERIFIED");
  });

  it("five wrong codes spend the code: even the right one is refused after, until a new code", async () => {
    const m = await fresh();
    expect((await p.send(m.userId)).status).toBe(200);
    const code = await p.lastCode(m.phone);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let left = 4; left >= 1; left--) {
      const res = await p.confirm(m.userId, wrong);
      expect(res.status).toBe(422);
      expect(await err(res)).toMatchObject({
        code: "UNPROCESSABLE",
        details: { reason: "WRONG_CODE", attemptsLeft: left },
      });
    }
    const fifth = await p.confirm(m.userId, wrong);
    expect(fifth.status).toBe(429);
    expect((await err(fifth)).details?.reason).toBe("TOO_MANY_ATTEMPTS");
    const right = await p.confirm(m.userId, code);
    expect(right.status).toBe(429);
    expect((await err(right)).details?.reason).toBe("TOO_MANY_ATTEMPTS");
    expect((await profile(m.userId)).phoneVerified).toBe(false);
    const [row] = await t.app.deps.db
      .select()
      .from(phoneVerificationCodes)
      .where(eq(phoneVerificationCodes.memberId, m.id));
    expect(row).toMatchObject({ attempts: 5, usedAt: null });

    await p.verify(m.userId, m.phone);
    expect((await profile(m.userId)).phoneVerified).toBe(true);
  });

  it("a code is good for 10 minutes; only the newest code counts", async () => {
    const m = await fresh();
    expect((await p.send(m.userId)).status).toBe(200);
    const old = await p.lastCode(m.phone);
    t.clock.advance(10 * 60_000);
    const expired = await p.confirm(m.userId, old);
    expect(expired.status).toBe(422);
    expect((await err(expired)).details?.reason).toBe("CODE_EXPIRED");

    expect((await p.send(m.userId)).status).toBe(200);
    const first = await p.lastCode(m.phone);
    t.clock.advance(61_000);
    expect((await p.send(m.userId)).status).toBe(200);
    const second = await p.lastCode(m.phone);
    if (first !== second) {
      const superseded = await p.confirm(m.userId, first);
      expect((await err(superseded)).details?.reason).toBe("WRONG_CODE");
    }
    t.clock.advance(10 * 60_000 - 1);
    expect((await p.confirm(m.userId, second)).status).toBe(200);
  });

  it("asking without a code, or unregistered, says so", async () => {
    const m = await fresh();
    expect((await err(await p.confirm(m.userId, "123456"))).details?.reason).toBe("NO_CODE");
    const guest = await k.member("訪客");
    const res = await p.send(guest.userId);
    expect(res.status).toBe(422);
    expect((await err(res)).details?.reason).toBe("NOT_REGISTERED");
    expect((await err(await p.confirm(guest.userId, "123456"))).details?.reason).toBe("NOT_REGISTERED");
    expect((await p.confirm(m.userId, "12345")).status).toBe(400);
  });

  it("sends are limited to one a minute and five an hour per member, with the wait in seconds", async () => {
    const m = await fresh();
    const start = t.clock.now().getTime();
    expect((await p.send(m.userId)).status).toBe(200);
    const soon = await p.send(m.userId);
    expect(soon.status).toBe(429);
    expect(soon.headers.get("retry-after")).toBe("60");
    expect(await err(soon)).toMatchObject({
      code: "RATE_LIMITED",
      details: { reason: "SEND_TOO_SOON", retryAfterSeconds: 60 },
    });
    t.clock.advance(30_000);
    expect((await err(await p.send(m.userId))).details?.retryAfterSeconds).toBe(30);
    t.clock.advance(30_000);
    for (let i = 2; i <= 5; i++) {
      expect((await p.send(m.userId)).status, `send ${i}`).toBe(200);
      t.clock.advance(60_000);
    }
    const hourly = await p.send(m.userId);
    expect(hourly.status).toBe(429);
    const wait = (start + 3600_000 - t.clock.now().getTime()) / 1000;
    expect(await err(hourly)).toMatchObject({
      details: { reason: "TOO_MANY_SENDS", retryAfterSeconds: wait },
    });
    expect(hourly.headers.get("retry-after")).toBe(String(wait));
    expect(await p.inbox(m.phone)).toHaveLength(5);
    t.clock.advance(wait * 1000);
    expect((await p.send(m.userId)).status).toBe(200);
  });

  it("and per phone number, whoever asks: a number registered twice gets no more texts", async () => {
    const a = await fresh("甲");
    const b = await k.member("乙", a.phone);
    expect((await p.send(a.userId)).status).toBe(200);
    const res = await p.send(b.userId);
    expect(res.status).toBe(429);
    expect((await err(res)).details?.reason).toBe("SEND_TOO_SOON");
    expect(await p.inbox(a.phone)).toHaveLength(1);
  });

  it("concurrent sends write one code; concurrent confirms of one code: exactly one succeeds", async () => {
    const m = await fresh();
    const sends = await Promise.all(Array.from({ length: 8 }, () => p.send(m.userId)));
    expect(sends.map((r) => r.status).sort()).toEqual([200, 429, 429, 429, 429, 429, 429, 429]);
    expect(await p.inbox(m.phone)).toHaveLength(1);
    const code = await p.lastCode(m.phone);
    const confirms = await Promise.all(Array.from({ length: 8 }, () => p.confirm(m.userId, code)));
    const statuses = confirms.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 422)).toBe(true);
    for (const r of confirms.filter((r) => r.status !== 200))
      expect(["CODE_USED", "ALREADY_VERIFIED"]).toContain((await err(r)).details?.reason);
  });

  it("changing the phone clears its verification; a code sent to the old number no longer counts", async () => {
    const m = await fresh();
    await p.verify(m.userId, m.phone);
    const put = (phone: string) =>
      k.call(m.userId, "PUT", "/api/me/profile", {
        name: "驗證客",
        phone,
        consent: { version: "2026-11", accepted: true },
      });
    // The same number written another way stays verified.
    expect(
      await k.json(put(`0${m.phone.slice(4, 7)} ${m.phone.slice(7, 10)} ${m.phone.slice(10)}`)),
    ).toMatchObject({
      phoneVerified: true,
    });
    const other = `+886913${m.phone.slice(-6)}`;
    expect(await k.json(put(`0913${m.phone.slice(-6)}`))).toMatchObject({
      phone: other,
      phoneVerified: false,
    });
    t.clock.advance(61_000);
    expect((await p.send(m.userId)).status).toBe(200);
    const code = await p.lastCode(other);
    expect(await k.json(put(m.phone))).toMatchObject({ phoneVerified: false });
    const stale = await p.confirm(m.userId, code);
    expect(stale.status).toBe(422);
    expect((await err(stale)).details?.reason).toBe("PHONE_CHANGED");
    expect((await profile(m.userId)).phoneVerified).toBe(false);
  });

  it("a second member proving the same number takes its verification over; one holder at a time", async () => {
    const a = await fresh("原持有人");
    await p.verify(a.userId, a.phone);
    const b = await k.member("新持有人", a.phone);
    await p.verify(b.userId, a.phone);
    expect((await profile(b.userId)).phoneVerified).toBe(true);
    expect((await profile(a.userId)).phoneVerified).toBe(false);
    const holders = await t.app.deps.db.select().from(members).where(eq(members.phone, a.phone));
    expect(holders.filter((h) => h.phoneVerifiedAt !== null).map((h) => h.id)).toEqual([b.id]);
    // And back, by the same proof.
    t.clock.advance(61_000);
    expect((await p.send(a.userId)).status).toBe(200);
    const back = await p.confirm(a.userId, await p.lastCode(a.phone));
    expect(await back.json()).toMatchObject({ phoneVerified: true, tookOver: true });
    expect((await profile(b.userId)).phoneVerified).toBe(false);
  });
});

describe("when the SMS provider fails", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let p: ReturnType<typeof phoneKit>;
  beforeAll(async () => {
    t = await startTestApp({ env: { SMS_TIMEOUT_MS: "200" } });
    k = kit(t);
    p = phoneKit(t);
  });
  afterAll(() => t.close());

  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ["a provider 500", { status: 500 }, 502, "SMS_PROVIDER_UNAVAILABLE"],
    ["a 503", { status: 503, message: "Service Unavailable" }, 502, "SMS_PROVIDER_UNAVAILABLE"],
    ["an answer slower than the timeout", { delayMs: 3000, status: 503 }, 502, "SMS_PROVIDER_TIMEOUT"],
    ["the provider refusing the number", { status: 400, code: 21211 }, 422, "SMS_REJECTED"],
    ["the provider's rate limit", { status: 429, retryAfterSeconds: 5 }, 502, "SMS_PROVIDER_BUSY"],
  ];
  let i = 0;
  for (const [what, fault, status, reason] of cases) {
    it(`${what}: a clear error, the code marked failed, nothing verified`, async () => {
      const local = `091250000${++i}`;
      const phone = `+886${local.slice(1)}`;
      const m = await k.member("失敗客", local);
      expect((await p.fault(fault)).status).toBe(201);
      const res = await p.send(m.userId);
      expect(res.status).toBe(status);
      expect(await errorOf(res)).toMatchObject({ code: "SMS_SEND_FAILED", details: { reason } });
      const [row] = await t.app.deps.db
        .select()
        .from(phoneVerificationCodes)
        .where(eq(phoneVerificationCodes.memberId, m.id));
      expect(row?.state).toBe("failed");
      expect(await p.inbox(phone)).toHaveLength(0);
      expect((await k.json<Profile>(k.get(m.userId, "/api/me/profile"))).phoneVerified).toBe(false);
      // The failed send still counts against the minute (it may have gone out), then a retry works.
      expect((await p.send(m.userId)).status).toBe(429);
      t.clock.advance(61_000);
      await p.verify(m.userId, phone);
    });
  }

  it("wrong credentials: the provider's 401 is a configuration error, nothing sent", async () => {
    const bad = await startTestApp({ env: { TWILIO_AUTH_TOKEN: "not-the-token" } });
    try {
      const m = await kit(bad).member("設定錯誤", "0912600001");
      const res = await phoneKit(bad).send(m.userId);
      expect(res.status).toBe(502);
      expect(await errorOf(res)).toMatchObject({
        code: "SMS_SEND_FAILED",
        details: { reason: "SMS_PROVIDER_AUTH" },
      });
      const wire = (await phoneKit(bad).requests()).at(-1);
      expect(wire?.status).toBe(401);
      expect(await phoneKit(bad).inbox("+886912600001")).toHaveLength(0);
    } finally {
      await bad.close();
    }
  });
});

describe("with no SMS provider (outside the sandbox)", () => {
  it("verification answers SMS_NOT_CONFIGURED (503) and the start warns", async () => {
    const t = await startTestApp({ env: { SMS_PROVIDER: "" } });
    try {
      expect(t.app.config.sms).toBeUndefined();
      expect(t.app.config.warnings.join(" ")).toMatch(/SMS is not configured/);
      const m = await kit(t).member("無簡訊", "0912700001");
      const res = await phoneKit(t).send(m.userId);
      expect(res.status).toBe(503);
      expect(await errorOf(res)).toMatchObject({
        code: "SMS_NOT_CONFIGURED",
        details: { reason: "SMS_NOT_CONFIGURED" },
      });
    } finally {
      await t.close();
    }
  });
});
