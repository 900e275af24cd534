import { Hono } from "hono";
import {
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
  SignJWT,
} from "jose";
import type { EmulatorState } from "./state";

export const LINE_ISSUER = "https://access.line.me";

export interface IdTokenOptions {
  audience?: string;
  issuer?: string;
  expiresInSec?: number;
  nonce?: string;
  /** Sign with a key the JWKS does not publish: a forged token, for security tests. */
  forge?: boolean;
}

export interface Login {
  jwks(): Promise<JSONWebKeySet>;
  issueIdToken(userId: string, opts?: IdTokenOptions): Promise<{ idToken: string; expiresAt: string }>;
  routes: Hono;
}

/**
 * LINE Login's part that LIFF needs: ES256 ID tokens for simulated users and the JWKS that
 * verifies them, so the server checks sandbox tokens exactly as it checks LINE's.
 * The key pair is made at start and lives as long as the emulator.
 */
export function createLogin(state: EmulatorState, loginChannelId: string): Login {
  const kid = state.hex32();
  const keys = (async () => {
    const [pair, forger] = await Promise.all([
      generateKeyPair("ES256", { extractable: true }),
      generateKeyPair("ES256", { extractable: true }),
    ]);
    const { kty, crv, x, y } = await exportJWK(pair.publicKey);
    const jwk: JWK = { kty, crv, x, y, kid, alg: "ES256", use: "sig" };
    return { pair, forger, jwk };
  })();

  const jwks = async (): Promise<JSONWebKeySet> => ({ keys: [(await keys).jwk] });

  async function issueIdToken(userId: string, opts: IdTokenOptions = {}) {
    const k = await keys;
    const user = state.users.get(userId);
    const now = Math.floor(state.now() / 1000);
    const exp = now + (opts.expiresInSec ?? 3600);
    const idToken = await new SignJWT({
      amr: ["linesso"],
      ...(user ? { name: user.displayName } : {}),
      ...(user?.pictureUrl ? { picture: user.pictureUrl } : {}),
      ...(opts.nonce ? { nonce: opts.nonce } : {}),
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
      .setIssuer(opts.issuer ?? LINE_ISSUER)
      .setSubject(userId)
      .setAudience(opts.audience ?? loginChannelId)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .sign(opts.forge ? k.forger.privateKey : k.pair.privateKey);
    return { idToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  const routes = new Hono();
  routes.get("/oauth2/v2.1/certs", async (c) =>
    c.json(await jwks(), 200, { "cache-control": "max-age=3600" }),
  );

  // LINE's online verification. The app verifies offline against the JWKS; this is here so a
  // script or test can compare the two.
  routes.post("/oauth2/v2.1/verify", async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.id_token === "string" ? form.id_token : "";
    const clientId = typeof form.client_id === "string" ? form.client_id : "";
    const refuse = (description: string) =>
      c.json({ error: "invalid_request", error_description: description }, 400);
    if (!token) return refuse("id_token is required.");
    if (!clientId) return refuse("client_id is required.");
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(await jwks()), {
        currentDate: state.clock.now(),
        algorithms: ["ES256"],
      });
      if (payload.iss !== LINE_ISSUER) return refuse("Invalid IdToken Issuer.");
      if (payload.aud !== clientId && !(Array.isArray(payload.aud) && payload.aud.includes(clientId))) {
        return refuse("Invalid IdToken Audience.");
      }
      const nonce = typeof form.nonce === "string" ? form.nonce : undefined;
      if (nonce !== undefined && payload.nonce !== nonce) return refuse("Invalid IdToken Nonce.");
      const userId = typeof form.user_id === "string" ? form.user_id : undefined;
      if (userId !== undefined && payload.sub !== userId)
        return refuse("Invalid IdToken Subject Identifier.");
      return c.json(payload);
    } catch (err) {
      return refuse(err instanceof errors.JWTExpired ? "IdToken expired." : "Invalid IdToken.");
    }
  });

  return { jwks, issueIdToken, routes };
}
