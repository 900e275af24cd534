/**
 * Id generation is a port: random and unguessable in production (adapters/random-ids.ts), a
 * sequence in tests (worker/test/sequential-ids.ts).
 */
export interface Ids {
  /** A prefixed, unguessable id such as `obx_4Xk…`. */
  id(prefix: string): string;
  /** A UUID v4, as LINE wants for X-Line-Retry-Key. */
  uuid(): string;
  /** A number in [0, 1) for jitter. */
  random(): number;
}
