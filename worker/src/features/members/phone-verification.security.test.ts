/** Phone verification: a member reaches only their own codes, codes never leak, logs carry no PII. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { phoneVerificationCodes } from "../../../../db/schema";
import { startTestApp, type TestApp } from "../../../test/harness";
import { errorOf, kit } from "../../../test/member-kit";
import { phoneKit } from "../../../test/phone-kit";
import type { AppDeps } from "../../deps";
import { createLogger } from "../../lib/log";
import { confirmPhoneCode, sendPhoneCode } from "./phone-verification";

type Profile = { phoneVerified: boolean };

describe("phone verification: isolation and leaks", () => {
  let t: TestApp;
  let k: ReturnType<typeof kit>;
  let p: ReturnType<typeof phoneKit>;
  const verified = async (userId: string) =>
    (await k.json<Profile>(k.get(userId, "/api/me/profile"))).phoneVerified;

  beforeAll(async () => {
    t = await startTestApp();
    k = kit(t);
    p = phoneKit(t);
  });
  afterAll(() => t.close());

  it("member A cannot confirm B's code, whether A has a code of their own or not", async () => {
    const a = await k.member("甲", "0912800001");
    const b = await k.member("乙", "0912800002");
    expect((await p.send(b.userId)).status).toBe(200);
    const bCode = await p.lastCode("+886912800002");
    expect((await errorOf(await p.confirm(a.userId, bCode))).details?.reason).toBe("NO_CODE");
    expect((await p.send(a.userId)).status).toBe(200);
    const aCode = await p.lastCode("+886912800001");
    if (aCode !== bCode)
      expect((await errorOf(await p.confirm(a.userId, bCode))).details?.reason).toBe("WRONG_CODE");
    expect(await verified(a.userId)).toBe(false);
    // B's own code still works for B: A's tries spent nothing of it.
    expect((await p.confirm(b.userId, bCode)).status).toBe(200);
    expect(await verified(b.userId)).toBe(true);
    expect(await verified(a.userId)).toBe(false);
  });

  it("a code sent for the same number to another member is bound to that member", async () => {
    const owner = await k.member("本人", "0912800003");
    const other = await k.member("冒用者", "0912800003");
    expect((await p.send(owner.userId)).status).toBe(200);
    const code = await p.lastCode("+886912800003");
    t.clock.advance(61_000);
    expect((await p.send(other.userId)).status).toBe(200);
    const otherCode = await p.lastCode("+886912800003");
    // The other member types the owner's code (say, shoulder-surfed): it is not theirs.
    if (code !== otherCode) {
      expect((await errorOf(await p.confirm(other.userId, code))).details?.reason).toBe("WRONG_CODE");
      expect(await verified(other.userId)).toBe(false);
    }
    expect((await p.confirm(owner.userId, code)).status).toBe(200);
  });

  it("no answer carries the code or its hash; the table keeps neither the code nor the phone", async () => {
    const m = await k.member("丙", "0912800004");
    const sent = await p.send(m.userId);
    const text = await sent.text();
    const code = await p.lastCode("+886912800004");
    const [row] = await t.app.deps.db
      .select()
      .from(phoneVerificationCodes)
      .where(eq(phoneVerificationCodes.memberId, m.id));
    expect(text).not.toContain(code);
    expect(text).not.toContain(row?.codeHash ?? "-");
    expect(text).not.toContain("912800004"); // masked: 0912-***-004
    const wrong = await (await p.confirm(m.userId, code === "999999" ? "999998" : "999999")).text();
    expect(wrong).not.toContain(code);
    expect(wrong).not.toContain(row?.codeHash ?? "-");
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain("912800004");
    expect(row?.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.phoneHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("forged, expired or missing ID tokens get 401 on both endpoints", async () => {
    const m = await k.member("丁", "0912800005");
    const expired = await t.line.emulator.issueIdToken(m.userId, { expiresInSec: -3600 });
    for (const path of ["/api/me/phone/verification", "/api/me/phone/verification/confirm"]) {
      for (const auth of [undefined, "Bearer forged.token.here", `Bearer ${expired}`]) {
        const res = await fetch(`${t.app.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
          body: JSON.stringify({ code: "123456" }),
        });
        expect(res.status, `${path} ${auth ?? "none"}`).toBe(401);
      }
    }
    expect(await p.inbox("+886912800005")).toHaveLength(0);
  });

  it("logs carry ids only: no phone, no code, no name — sent, wrong, verified, and a provider failure", async () => {
    const lines: string[] = [];
    const deps: AppDeps = { ...t.app.deps, log: createLogger("debug", (l) => lines.push(l)) };
    const m = await k.member("林怡君", "0912800006");
    const user = { userId: m.userId, name: "林怡君", expiresAt: new Date("2027-01-01") };
    await sendPhoneCode(deps, user);
    const code = await p.lastCode("+886912800006");
    await confirmPhoneCode(deps, user, code === "000000" ? "000001" : "000000").catch(() => {});
    await confirmPhoneCode(deps, user, code);
    const n = await k.member("陳建宏", "0912800007");
    await p.fault({ status: 500 });
    await sendPhoneCode(deps, { userId: n.userId, expiresAt: new Date("2027-01-01") }).catch(() => {});
    expect(lines.some((l) => l.includes("phone code sent"))).toBe(true);
    expect(lines.some((l) => l.includes("phone verified"))).toBe(true);
    expect(lines.some((l) => l.includes("phone code not sent"))).toBe(true);
    const all = lines.join("\n");
    for (const secret of [code, "912800006", "912800007", "林怡君", "陳建宏"])
      expect(all).not.toContain(secret);
  });
});
