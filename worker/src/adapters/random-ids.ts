import { randomToken } from "../lib/random-token";
import type { Ids } from "../ports/ids";

/** Production ids: prefixed random tokens, UUID v4 and jitter, all from WebCrypto. */
export const randomIds: Ids = {
  id: (prefix) => `${prefix}_${randomToken()}`,
  uuid: () => crypto.randomUUID(),
  random: () => {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return (a[0] ?? 0) / 2 ** 32;
  },
};
