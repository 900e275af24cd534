const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An unguessable token of `length` characters from [0-9A-Za-z], from WebCrypto. */
export function randomToken(length = 22): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = "";
  // 248 = 62 * 4: rejecting bytes above it keeps every character equally likely.
  for (let i = 0; i < length; i++) {
    let b = bytes[i] ?? 0;
    while (b >= 248) {
      const one = new Uint8Array(1);
      crypto.getRandomValues(one);
      b = one[0] ?? 0;
    }
    out += ALPHABET[b % 62];
  }
  return out;
}
