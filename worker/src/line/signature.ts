const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}

function base64ToBytes(b64: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** `x-line-signature` for a raw body: base64 HMAC-SHA256 with the channel secret. */
export async function signBody(secret: string, body: Uint8Array | string): Promise<string> {
  const data = typeof body === "string" ? encoder.encode(body) : body;
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), data as BufferSource);
  return bytesToBase64(new Uint8Array(mac));
}

/**
 * Verifies a LINE signature over the raw bytes. WebCrypto's `verify` compares the MAC in
 * constant time; a malformed header is rejected before it is compared to anything.
 */
export async function verifySignature(
  secret: string,
  body: Uint8Array,
  signature: string | undefined,
): Promise<boolean> {
  if (!signature) return false;
  const mac = base64ToBytes(signature.trim());
  if (mac?.length !== 32) return false;
  return crypto.subtle.verify("HMAC", await hmacKey(secret), mac as BufferSource, body as BufferSource);
}
