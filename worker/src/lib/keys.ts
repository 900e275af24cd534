import type { Config } from "../config";

const cache = new Map<string, Promise<Uint8Array>>();
const enc = new TextEncoder();

/**
 * A 256-bit key for one purpose (e.g. "binding-token"), derived with HKDF-SHA256 from APP_SECRET,
 * or from LINE_CHANNEL_SECRET when APP_SECRET is unset (a warning at start says so). Separate
 * purposes never share a key.
 */
export function purposeKey(config: Pick<Config, "appSecret" | "line">, purpose: string): Promise<Uint8Array> {
  const secret = config.appSecret ?? config.line.channelSecret;
  const id = `${purpose}\u0000${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", enc.encode(secret), "HKDF", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: enc.encode("omo-line"), info: enc.encode(purpose) },
        base,
        256,
      );
      return new Uint8Array(bits);
    })();
    cache.set(id, key);
  }
  return key;
}

/** Hex SHA-256 of a secret token: what is stored for API keys and console tokens (never the token). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", enc.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
