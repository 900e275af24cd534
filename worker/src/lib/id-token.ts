import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { AppError, say } from "./errors";

/** Who a verified LIFF ID token says the caller is. Never taken from anything the client sends. */
export interface LineIdentity {
  userId: string;
  name?: string;
  picture?: string;
  expiresAt: Date;
}

const jwksSets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
const ISSUER = "https://access.line.me";
/** Small allowance for clocks that disagree, not for stale tokens. */
const CLOCK_SKEW_SECONDS = 30;
/**
 * The oldest token accepted, whatever its `exp` says. LINE's ID tokens live one hour, so this
 * refuses nothing LINE issues; it bounds a token that claims to live longer (a leaked test key,
 * a mistake upstream) to a day. Tokens without `iat` or `exp` are refused outright.
 */
export const MAX_TOKEN_AGE_SECONDS = 24 * 3600;

function jwksFor(url: string) {
  let set = jwksSets.get(url);
  if (!set) {
    // Keys are cached; an unknown `kid` triggers at most one refetch per 30 s.
    set = createRemoteJWKSet(new URL(url), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
    jwksSets.set(url, set);
  }
  return set;
}

/**
 * Verifies a LIFF ID token offline: ES256 signature against LINE's JWKS (the emulator's in the
 * sandbox), issuer, audience = the LINE Login channel id, `exp` (required, 30 s skew), `iat`
 * (required, not in the future beyond the skew, at most a day old) and `sub`. Throws
 * INVALID_TOKEN with a message a person can act on.
 */
export async function verifyLiffIdToken(
  token: string,
  opts: { jwksUrl: string; audience: string; now: Date },
): Promise<LineIdentity> {
  if (!opts.audience) {
    throw new AppError(
      "INVALID_TOKEN",
      say(
        "伺服器尚未設定 LINE 登入。",
        "LINE login is not configured on this server (LINE_LOGIN_CHANNEL_ID).",
      ),
    );
  }
  try {
    const { payload } = await jwtVerify(token, jwksFor(opts.jwksUrl), {
      issuer: ISSUER,
      audience: opts.audience,
      algorithms: ["ES256"],
      currentDate: opts.now,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ["exp", "iat", "sub"],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
    });
    if (typeof payload.sub !== "string" || !payload.sub)
      throw new errors.JWTClaimValidationFailed("sub missing", payload);
    return {
      userId: payload.sub,
      ...(typeof payload.name === "string" ? { name: payload.name } : {}),
      ...(typeof payload.picture === "string" ? { picture: payload.picture } : {}),
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      throw new AppError(
        "INVALID_TOKEN",
        say("登入已過期，請重新開啟頁面。", "Your LINE login has expired; please reopen the page."),
      );
    }
    if (err instanceof errors.JWKSTimeout) {
      throw new AppError(
        "NOT_READY",
        say("暫時無法驗證登入，請稍後再試。", "LINE's keys could not be fetched; try again."),
      );
    }
    throw new AppError(
      "INVALID_TOKEN",
      say("登入資訊無效，請重新開啟頁面。", "The LINE login token is not valid."),
    );
  }
}
