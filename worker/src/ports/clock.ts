/**
 * Time is a port so services and tests never call Date.now() directly. The real clock is
 * adapters/system-clock.ts; tests move a ManualClock (worker/test/manual-clock.ts) by hand.
 */
export interface Clock {
  now(): Date;
}
