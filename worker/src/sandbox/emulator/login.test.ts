import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHarness, LOGIN_CHANNEL, startHarness } from "./testing";

describe("LINE Login stand-in", () => {
  let h: EmulatorHarness;
  let userId: string;
  beforeAll(async () => {
    h = await startHarness();
    userId = await h.friend("小美");
  });
  afterAll(() => h.close());

  const verifyRemotely = (token: string) =>
    jwtVerify(token, createRemoteJWKSet(new URL(`${h.url}/oauth2/v2.1/certs`)), {
      issuer: "https://access.line.me",
      audience: LOGIN_CHANNEL,
      currentDate: h.clock.now(),
    });
  const verifyOnline = async (form: Record<string, string>) => {
    const res = await fetch(`${h.url}/oauth2/v2.1/verify`, {
      method: "POST",
      body: new URLSearchParams(form),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it("publishes only the public key, with kid, alg and use", async () => {
    const res = await fetch(`${h.url}/oauth2/v2.1/certs`);
    const { keys } = (await res.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({
      kty: "EC",
      crv: "P-256",
      x: expect.any(String),
      y: expect.any(String),
      kid: expect.any(String),
      alg: "ES256",
      use: "sig",
    });
    expect(await h.line.emulator.jwks()).toEqual({ keys });
  });

  it("issues ES256 ID tokens that verify against the JWKS with LINE's claims", async () => {
    const token = await h.line.emulator.issueIdToken(userId);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", kid: expect.any(String), typ: "JWT" });
    const { payload } = await verifyRemotely(token);
    const now = Math.floor(h.clock.now().getTime() / 1000);
    expect(payload).toEqual({
      iss: "https://access.line.me",
      sub: userId,
      aud: LOGIN_CHANNEL,
      iat: now,
      exp: now + 3600,
      amr: ["linesso"],
      name: "小美",
    });
  });

  it("issues tokens through the control API too", async () => {
    const res = await h.control(`/users/${userId}/id-token`, {});
    expect(res.status).toBe(200);
    const { payload } = await verifyRemotely(res.json.idToken as string);
    expect(new Date((payload.exp ?? 0) * 1000).toISOString()).toBe(res.json.expiresAt);
    expect((await h.control(`/users/U${"0".repeat(32)}/id-token`, {})).status).toBe(404);
  });

  it("fails verification for the wrong audience, expiry and a key LINE never published", async () => {
    const otherAud = await h.line.emulator.issueIdToken(userId, { audience: "999" });
    await expect(verifyRemotely(otherAud)).rejects.toThrow(/aud/);
    const short = await h.line.emulator.issueIdToken(userId, { expiresInSec: 60 });
    h.clock.advance(61_000);
    await expect(verifyRemotely(short)).rejects.toThrow(/exp/);
    const forged = await h.line.emulator.issueIdToken(userId, { forge: true });
    await expect(verifyRemotely(forged)).rejects.toThrow(/signature/);
  });

  it("answers /oauth2/v2.1/verify with the claims or LINE's invalid_request", async () => {
    const token = await h.line.emulator.issueIdToken(userId);
    const ok = await verifyOnline({ id_token: token, client_id: LOGIN_CHANNEL });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ sub: userId, aud: LOGIN_CHANNEL, name: "小美" });

    const wrongClient = await verifyOnline({ id_token: token, client_id: "42" });
    expect(wrongClient).toEqual({
      status: 400,
      json: { error: "invalid_request", error_description: "Invalid IdToken Audience." },
    });
    const expired = await h.line.emulator.issueIdToken(userId, { expiresInSec: 1 });
    h.clock.advance(2_000);
    expect((await verifyOnline({ id_token: expired, client_id: LOGIN_CHANNEL })).json.error_description).toBe(
      "IdToken expired.",
    );
    expect((await verifyOnline({ id_token: "x.y.z", client_id: LOGIN_CHANNEL })).json.error_description).toBe(
      "Invalid IdToken.",
    );
    expect((await verifyOnline({ client_id: LOGIN_CHANNEL })).status).toBe(400);
  });
});
