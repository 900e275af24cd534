import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_LOGIN_CHANNEL, TEST_SECRET, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";

type MeJson = {
  userId: string;
  member: { id: string; memberCode: string; status: string; friendship: string; source: string };
};

describe("GET /api/me and LIFF ID tokens", () => {
  let t: TestApp;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    userId = await createFriend(t, "王小美");
  });
  afterAll(() => t.close());

  const me = (token?: string) =>
    fetch(`${t.app.url}/api/me`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  it("answers the verified caller: the member created by the follow", async () => {
    const res = await me(await t.line.emulator.issueIdToken(userId));
    expect(res.status).toBe(200);
    const body = (await res.json()) as MeJson;
    expect(body.userId).toBe(userId);
    expect(body.member).toMatchObject({ status: "guest", friendship: "friend", source: "organic" });
    expect(body.member.memberCode).toMatch(/^\d{16}$/);
    const again = (await (await me(await t.line.emulator.issueIdToken(userId))).json()) as MeJson;
    expect(again.member.id).toBe(body.member.id);
  });

  it("a first visit through LIFF makes a guest with source liff", async () => {
    const created = await t.line.control("/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "路人" }),
    });
    const stranger = ((await created.json()) as { userId: string }).userId;
    const body = (await (await me(await t.line.emulator.issueIdToken(stranger))).json()) as MeJson;
    expect(body.member).toMatchObject({ status: "guest", source: "liff", friendship: "unknown" });
  });

  it("401 without a token, and for forged, expired, wrong-audience, wrong-issuer or HS256 tokens", async () => {
    expect((await me()).status).toBe(401);
    expect((await me("not-a-jwt")).status).toBe(401);
    const forged = await t.line.emulator.issueIdToken(userId, { forge: true });
    const wrongAud = await t.line.emulator.issueIdToken(userId, { audience: "9999999999" });
    const wrongIss = await t.line.emulator.issueIdToken(userId, { issuer: "https://evil.example" });
    const expired = await t.line.emulator.issueIdToken(userId, { expiresInSec: 60 });
    const hs256 = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("https://access.line.me")
      .setSubject(userId)
      .setAudience(TEST_LOGIN_CHANNEL)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(TEST_SECRET));
    for (const token of [forged, wrongAud, wrongIss, hs256]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(await code(res)).toBe("INVALID_TOKEN");
    }
    t.clock.advance(5 * 60_000);
    const res = await me(expired);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/已過期/);
  });

  it("a user id sent by the client is ignored: the token decides", async () => {
    const res = await fetch(`${t.app.url}/api/me?userId=Uattacker`, {
      headers: {
        authorization: `Bearer ${await t.line.emulator.issueIdToken(userId)}`,
        "x-line-user-id": "Uattacker",
      },
    });
    expect(((await res.json()) as MeJson).userId).toBe(userId);
  });

  it("unfollow marks the member blocked and keeps it; a refollow restores it", async () => {
    const before = (await (await me(await t.line.emulator.issueIdToken(userId))).json()) as MeJson;
    await t.line.control(`/users/${userId}/block`, { method: "POST" });
    await t.settle();
    const blocked = (await (await me(await t.line.emulator.issueIdToken(userId))).json()) as MeJson;
    expect(blocked.member).toMatchObject({
      id: before.member.id,
      friendship: "blocked",
      memberCode: before.member.memberCode,
    });
    await t.line.control(`/users/${userId}/follow`, { method: "POST" });
    await t.settle();
    const back = (await (await me(await t.line.emulator.issueIdToken(userId))).json()) as MeJson;
    expect(back.member).toMatchObject({ id: before.member.id, friendship: "friend" });
  });
});
