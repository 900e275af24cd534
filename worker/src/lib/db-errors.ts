/** A write refused by a unique index (libSQL and D1 both say "UNIQUE constraint failed", maybe in the cause). */
export const isUniqueViolation = (err: unknown): boolean =>
  /UNIQUE/i.test(String(err instanceof Error ? `${err.message} ${String(err.cause ?? "")}` : err));
