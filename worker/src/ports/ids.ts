/** Id generation is a port: random and unguessable in production, a sequence in tests. */
export interface Ids {
  /** A prefixed, unguessable id such as `obx_4Xk…`. */
  id(prefix: string): string;
  /** A UUID v4, as LINE wants for X-Line-Retry-Key. */
  uuid(): string;
  /** A number in [0, 1) for jitter. */
  random(): number;
}

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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

export const randomIds: Ids = {
  id: (prefix) => `${prefix}_${randomToken()}`,
  uuid: () => crypto.randomUUID(),
  random: () => {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return (a[0] ?? 0) / 2 ** 32;
  },
};

/** Deterministic ids for tests: `obx_0001`, uuids from a counter, a fixed jitter. */
export function sequentialIds(jitter = 0.5): Ids {
  let n = 0;
  return {
    id: (prefix) => `${prefix}_${String(++n).padStart(6, "0")}`,
    uuid: () => {
      const hex = (++n).toString(16).padStart(12, "0");
      return `00000000-0000-4000-8000-${hex}`;
    },
    random: () => jitter,
  };
}
