import { ApiError } from "../api/error";
import type { paths } from "../api/schema.gen";
import { acceptLanguage } from "../i18n/lang";
import { platformReady } from "./platform";

/**
 * The one API client, typed by the worker's own routes (liff/src/api/schema.gen.ts, generated
 * from /openapi.json). It sends only the LIFF ID token; a 401 for an expired token renews it once.
 */
type Method = "get" | "post" | "put" | "delete";
type Op<P extends keyof paths, M> = M extends keyof paths[P] ? paths[P][M] : never;
type Success<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? R[200]
    : 201 extends keyof R
      ? R[201]
      : never
  : never;

export { ApiError };

type Input<O> = (O extends { path: infer P } ? { path: P } : { path?: undefined }) &
  (O extends { query: infer Q } ? { query?: Q } : { query?: undefined }) &
  (O extends { body: infer B } ? { body: B } : { body?: undefined });

export async function api<P extends keyof paths, M extends Method & keyof paths[P]>(
  method: M,
  path: P,
  ...[input]: Partial<Input<Op<P, M>>> extends Input<Op<P, M>> ? [Input<Op<P, M>>?] : [Input<Op<P, M>>]
): Promise<Success<Op<P, M>>> {
  const platform = await platformReady;
  const opts = (input ?? {}) as { path?: Record<string, string>; query?: object; body?: unknown };
  let url = String(path).replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(opts.path?.[k] ?? ""));
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {}))
    if (v !== undefined && v !== null) q.set(k, String(v));
  if ([...q].length) url += `?${q}`;
  const send = async () =>
    fetch(url, {
      method: method.toUpperCase(),
      headers: {
        authorization: `Bearer ${await platform.idToken()}`,
        ...acceptLanguage(),
        ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  let res = await send();
  if (res.status === 401) {
    await platform.renewToken();
    res = await send();
  }
  if (!res.ok) throw await ApiError.from(res);
  return (await res.json().catch(() => null)) as Success<Op<P, M>>;
}

export type Schemas = import("../api/schema.gen").components["schemas"];
