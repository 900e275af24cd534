import type { Clock } from "../ports/clock";

/** The wall clock: the only place product code reads the time. */
export const systemClock: Clock = { now: () => new Date() };
