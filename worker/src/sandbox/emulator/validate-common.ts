/**
 * The building blocks of the emulator's request checks. The emulator keeps its own rules rather
 * than sharing the bot's (`line/message-rules.ts`): a fake that shares the code under test
 * cannot catch that code's mistakes.
 */
export interface Problem {
  property: string;
  message: string;
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const MAX_URL_LENGTH = 2000;

/** `messages[0]` + `text` → `messages[0].text`; a top-level key stays bare. */
export const path = (at: string, key: string): string => (at ? `${at}.${key}` : key);

/**
 * Media URLs must be HTTPS at LINE. The sandbox also accepts plain HTTP to 127.0.0.1 and
 * localhost, because locally served images can only be reached that way.
 */
export function isMediaUrl(v: string): boolean {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
}

export class Checker {
  readonly problems: Problem[] = [];

  fail(property: string, message: string): void {
    this.problems.push({ property, message });
  }

  /**
   * A string property. Lengths count UTF-16 code units, as LINE's Java back end does: the
   * stricter reading, so a bot that fits here fits at LINE.
   */
  str(
    o: Obj,
    key: string,
    at: string,
    opts: { max?: number; min?: number; required?: boolean; oneOf?: readonly string[] } = {},
  ): string | undefined {
    const v = o[key];
    const p = path(at, key);
    if (v === undefined || v === null) {
      if (opts.required !== false) this.fail(p, "must be specified");
      return undefined;
    }
    if (typeof v !== "string") {
      this.fail(p, "must be a string");
      return undefined;
    }
    const min = opts.min ?? (opts.required === false ? 0 : 1);
    if (opts.max !== undefined && (v.length < min || v.length > opts.max)) {
      this.fail(p, `Length must be between ${min} and ${opts.max}`);
    } else if (v.length < min) {
      this.fail(p, "May not be empty");
    }
    if (opts.oneOf && !opts.oneOf.includes(v)) {
      this.fail(p, `must be one of the following values: [${opts.oneOf.join(", ")}]`);
    }
    return v;
  }

  num(
    o: Obj,
    key: string,
    at: string,
    opts: { min?: number; max?: number; int?: boolean; required?: boolean } = {},
  ) {
    const v = o[key];
    const p = path(at, key);
    if (v === undefined || v === null) {
      if (opts.required !== false) this.fail(p, "must be specified");
      return undefined;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || (opts.int && !Number.isInteger(v))) {
      this.fail(p, opts.int ? "must be an integer" : "must be a number");
      return undefined;
    }
    if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      this.fail(p, `must be between ${opts.min ?? "-∞"} and ${opts.max ?? "∞"}`);
    }
    return v;
  }

  bool(o: Obj, key: string, at: string): void {
    const v = o[key];
    if (v !== undefined && typeof v !== "boolean") this.fail(path(at, key), "must be a boolean");
  }

  obj(o: Obj, key: string, at: string, required = true): Obj | undefined {
    const v = o[key];
    const p = path(at, key);
    if (v === undefined || v === null) {
      if (required) this.fail(p, "must be specified");
      return undefined;
    }
    if (!isObj(v)) {
      this.fail(p, "must be an object");
      return undefined;
    }
    return v;
  }

  arr(o: Obj, key: string, at: string, opts: { min?: number; max?: number; required?: boolean } = {}) {
    const v = o[key];
    const p = path(at, key);
    if (v === undefined || v === null) {
      if (opts.required !== false) this.fail(p, "must be specified");
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.fail(p, "must be an array");
      return undefined;
    }
    const min = opts.min ?? 0;
    if (v.length < min || (opts.max !== undefined && v.length > opts.max)) {
      this.fail(p, `Size must be between ${min} and ${opts.max ?? "∞"}`);
    }
    return v as unknown[];
  }

  mediaUrl(o: Obj, key: string, at: string, required = true): void {
    const v = this.str(o, key, at, { max: MAX_URL_LENGTH, required });
    if (v !== undefined && v.length > 0 && !isMediaUrl(v)) {
      this.fail(path(at, key), "must be a valid HTTPS URL");
    }
  }
}
