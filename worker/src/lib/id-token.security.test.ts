/**
 * LIFF ID tokens with the right signature but the wrong times: no `exp`, no `iat`, `iat` in the
 * future, or older than a day whatever `exp` says. The tokens are signed here with a key whose
 * JWKS this test serves on 127.0.0.1, and the real app (LINE_LOGIN_JWKS_URL pointing at it) is
 * asked through `GET /api/me`, so the whole path — bearer, JWKS fetch, verification — is tested.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, TEST_LOGIN_CHANNEL, type TestApp } from "../../test/harness";
import { MAX_TOKEN_AGE_SECONDS } from "./id-token";

const KID = "test-key-1";
const HOUR = 3600;

describe("LIFF ID token times (exp, iat, maximum age)", () => {
  let t: TestApp;
  let jwks: Server;
  let privateKey: CryptoKey;
  let now = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: "ES256", use: "sig" };
    jwks = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/oauth2/v2.1/certs`;
    t = await startTestApp({ env: { LINE_LOGIN_JWKS_URL: url } });
    now = Math.floor(t.clock.now().getTime() / 1000);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  /** A token as LINE signs one, with the given claims changed (`undefined` leaves one out). */
  const token = (claims: Partial<Record<"iat" | "exp" | "sub", number | string | undefined>> = {}) => {
    const payload: JWTPayload = {
      iss: "https://access.line.me",
      aud: TEST_LOGIN_CHANNEL,
      sub: "U0123456789abcdef0123456789abcdef",
      iat: now,
      exp: now + HOUR,
      amr: ["linesso"],
      name: "測試",
    };
    for (const [k, v] of Object.entries(claims)) {
      if (v === undefined) delete payload[k];
      else payload[k] = v;
    }
    return new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid: KID, typ: "JWT" }).sign(privateKey);
  };
  const me = async (jwt: string) => {
    const res = await fetch(`${t.app.url}/api/me`, { headers: { authorization: `Bearer ${jwt}` } });
    const body = (await res.json()) as { userId?: string; error?: { code: string; message: string } };
    return { status: res.status, body };
  };

  it("accepts a token as LINE issues it (so the refusals below are about the times alone)", async () => {
    const res = await me(await token());
    expect(res.status).toBe(200);
    expect(res.body.userId).toBe("U0123456789abcdef0123456789abcdef");
  });

  it("refuses a token without exp or without iat", async () => {
    for (const missing of ["exp", "iat"] as const) {
      const res = await me(await token({ [missing]: undefined }));
      expect(res.status, missing).toBe(401);
      expect(res.body.error?.code, missing).toBe("INVALID_TOKEN");
    }
  });

  it("refuses an iat in the future beyond the 30 s skew; within it is fine", async () => {
    const ahead = await me(await token({ iat: now + 5 * 60, exp: now + 5 * 60 + HOUR }));
    expect(ahead.status).toBe(401);
    expect(ahead.body.error?.code).toBe("INVALID_TOKEN");
    expect((await me(await token({ iat: now + 20, exp: now + 20 + HOUR }))).status).toBe(200);
  });

  it("refuses a token older than a day even if its exp is still ahead", async () => {
    expect(MAX_TOKEN_AGE_SECONDS).toBe(24 * HOUR);
    const old = await me(await token({ iat: now - 25 * HOUR, exp: now + 30 * 24 * HOUR }));
    expect(old.status).toBe(401);
    expect(old.body.error?.code).toBe("INVALID_TOKEN");
    expect(old.body.error?.message).toMatch(/已過期/);
    // Just inside the day (and the skew) is accepted.
    const young = await me(await token({ iat: now - MAX_TOKEN_AGE_SECONDS + 60, exp: now + HOUR }));
    expect(young.status).toBe(200);
  });

  it("still refuses an expired token, one without sub, and non-numeric times", async () => {
    for (const [name, claims] of [
      ["expired", { iat: now - 2 * HOUR, exp: now - HOUR }],
      ["no sub", { sub: undefined }],
      ["iat text", { iat: "yesterday" }],
      ["exp text", { exp: "tomorrow" }],
    ] as const) {
      const res = await me(await token(claims));
      expect(res.status, name).toBe(401);
      expect(res.body.error?.code, name).toBe("INVALID_TOKEN");
    }
  });
});
