import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { EmulatorState } from "./state";

export interface IdTokenOptions {
  audience?: string;
  issuer?: string;
  expiresInSec?: number;
  /** Sign with a key the JWKS does not publish (tests of forged tokens). */
  forge?: boolean;
}

/**
 * LINE Login's part that LIFF needs: ES256 ID tokens for simulated users, and the JWKS to verify
 * them (`/oauth2/v2.1/certs`), so the server verifies sandbox tokens exactly as production ones.
 */
export function createLogin(state: EmulatorState, loginChannelId: string) {
  const keys = (async () => {
    const kid = state.hex32().slice(-16);
    const pair = await generateKeyPair("ES256", { extractable: true });
    const other = await generateKeyPair("ES256", { extractable: true });
    const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid, alg: "ES256", use: "sig" };
    return { kid, pair, other, jwk };
  })();

  return {
    async jwks(): Promise<{ keys: JWK[] }> {
      return { keys: [(await keys).jwk] };
    },
    async issueIdToken(
      userId: string,
      opts: IdTokenOptions = {},
    ): Promise<{ idToken: string; expiresAt: string }> {
      const user = state.users.get(userId);
      if (!user) throw new Error(`no simulated user ${userId}`);
      const k = await keys;
      const now = Math.floor(state.clock.now().getTime() / 1000);
      const exp = now + (opts.expiresInSec ?? 3600);
      const idToken = await new SignJWT({
        amr: ["linesso"],
        name: user.displayName,
        ...(user.pictureUrl ? { picture: user.pictureUrl } : {}),
      })
        .setProtectedHeader({ alg: "ES256", kid: k.kid, typ: "JWT" })
        .setIssuer(opts.issuer ?? "https://access.line.me")
        .setSubject(userId)
        .setAudience(opts.audience ?? loginChannelId)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(opts.forge ? k.other.privateKey : k.pair.privateKey);
      return { idToken, expiresAt: new Date(exp * 1000).toISOString() };
    },
  };
}
