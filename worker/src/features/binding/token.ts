import { errors, jwtVerify, SignJWT } from "jose";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { purposeKey } from "../../lib/keys";

export type BindingSource = "store_qr" | "staff_link";

export interface BindingClaims {
  tokenId: string;
  storeId: string;
  staffId: string | null;
  source: BindingSource;
  issuedAt: Date;
  expiresAt: Date;
}

const ISSUER = "omo-line";
const AUDIENCE = "omo-line:bind";

/**
 * A binding token: what a store or staff QR carries (store, staff, issued-at, expiry), signed
 * with HS256 under a key derived for this purpose only. Stateless; revocation is by token id.
 */
export async function issueBindingToken(
  deps: Pick<AppDeps, "config" | "clock" | "ids">,
  input: { storeId: string; staffId: string | null; source: BindingSource; ttlDays: number },
): Promise<{ token: string; claims: BindingClaims }> {
  const now = deps.clock.now();
  const claims: BindingClaims = {
    tokenId: deps.ids.id("bt"),
    storeId: input.storeId,
    staffId: input.staffId,
    source: input.source,
    issuedAt: new Date(Math.floor(now.getTime() / 1000) * 1000),
    expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + input.ttlDays * 86_400_000),
  };
  const token = await new SignJWT({
    sto: claims.storeId,
    ...(claims.staffId ? { stf: claims.staffId } : {}),
    src: claims.source,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(claims.tokenId)
    .setIssuedAt(claims.issuedAt)
    .setExpirationTime(claims.expiresAt)
    .sign(await purposeKey(deps.config, "binding-token"));
  return { token, claims };
}

/** Reads a binding token, refusing a tampered or expired one with a message shoppers understand. */
export async function readBindingToken(
  deps: Pick<AppDeps, "config" | "clock">,
  token: string,
): Promise<BindingClaims> {
  try {
    const { payload } = await jwtVerify(token, await purposeKey(deps.config, "binding-token"), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: deps.clock.now(),
    });
    const src = payload.src;
    if (
      typeof payload.sto !== "string" ||
      typeof payload.jti !== "string" ||
      (src !== "store_qr" && src !== "staff_link")
    ) {
      throw new errors.JWTClaimValidationFailed("missing claims", payload);
    }
    return {
      tokenId: payload.jti,
      storeId: payload.sto,
      staffId: typeof payload.stf === "string" ? payload.stf : null,
      source: src,
      issuedAt: new Date((payload.iat ?? 0) * 1000),
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    };
  } catch (err) {
    if (err instanceof errors.JWTExpired) {
      throw new AppError(
        "BINDING_TOKEN_EXPIRED",
        say(
          "這個 QR Code 已過期，請門市人員出示最新的 QR Code。",
          "This QR code has expired; ask the store staff for a current one.",
        ),
      );
    }
    throw new AppError(
      "BINDING_TOKEN_INVALID",
      say(
        "這個 QR Code 無法辨識，請重新掃描門市的 QR Code。",
        "This QR code is not valid; please scan the store's QR code again.",
      ),
    );
  }
}
