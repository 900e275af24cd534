/**
 * The seller console's client for the live-sales admin API. Types come from the worker's own zod
 * schemas (type-only imports: nothing of the worker is bundled).
 */
import type { z } from "@hono/zod-openapi";
import type { SaleListSchema } from "../../../worker/src/features/live/console-routes";
import type {
  CommentResults,
  CommentView,
  CreateSale,
  OrderViewSchema,
  SaleSchema,
  Tally,
} from "../../../worker/src/features/live/schema";

export type Sale = z.infer<typeof SaleSchema>;
export type SaleList = z.infer<typeof SaleListSchema>;
export type SaleSummary = SaleList["sales"][number];
export type SaleStatus = Sale["status"];
export type TallyRow = z.infer<typeof Tally>["products"][number];
export type LiveComment = z.infer<typeof CommentView>;
export type Order = z.infer<typeof OrderViewSchema>;
export type OrderStatus = Order["status"];
export type NewSale = z.input<typeof CreateSale>;
export type CommentResult = z.infer<typeof CommentResults>["results"][number];
export interface MessageCost {
  free: number;
  countedRequests: number;
  countedRecipients: number;
  queued: number;
  failed: number;
}
export interface Store {
  id: string;
  code: string;
  name: string;
}

/** A refusal from the API, in its one error shape `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
  /** zod issues of a VALIDATION_FAILED answer: `products.0.price` → message. */
  get issues(): Array<{ path: string; message: string }> {
    const d = this.details as { issues?: Array<{ path: string; message: string }> } | undefined;
    return Array.isArray(d?.issues) ? d.issues : [];
  }
}

export type Api = ReturnType<typeof createApi>;

/**
 * Every call sends the admin token; a 401 calls `onUnauthorized` (the token was rotated or is
 * wrong) before the error reaches the caller.
 */
export function createApi(token: string, onUnauthorized: () => void = () => {}) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw await errorOf(res, onUnauthorized);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  const sale = (id: string) => `/api/lives/${encodeURIComponent(id)}`;
  return {
    /** Any other endpoint with the same token and error handling (the support pages' client). */
    request: call,
    listSales: (q: { status?: SaleStatus | undefined; before?: string | undefined } = {}) => {
      const params = new URLSearchParams({ limit: "50" });
      if (q.status) params.set("status", q.status);
      if (q.before) params.set("before", q.before);
      return call<SaleList>("GET", `/api/lives?${params}`);
    },
    createSale: (input: NewSale) => call<Sale & { ingestKey: string }>("POST", "/api/lives", input),
    sale: (id: string) => call<Sale>("GET", sale(id)),
    setStatus: (id: string, action: "open" | "close") => call<Sale>("POST", `${sale(id)}/${action}`),
    tally: (id: string) =>
      call<{ saleId: string; status: SaleStatus; products: TallyRow[] }>("GET", `${sale(id)}/tally`),
    comments: (id: string, limit = 50) =>
      call<{ comments: LiveComment[] }>("GET", `${sale(id)}/comments?limit=${limit}`),
    orders: (id: string) => call<{ orders: Order[] }>("GET", `${sale(id)}/orders`),
    setOrderStatus: (id: string, orderId: string, status: "paid" | "picked_up" | "cancelled") =>
      call<Order>("POST", `${sale(id)}/orders/${encodeURIComponent(orderId)}/status`, { status }),
    messages: (id: string) => call<MessageCost>("GET", `${sale(id)}/messages`),
    postComments: (
      id: string,
      comments: Array<{
        platform: string;
        commentId: string;
        userId: string;
        userName: string;
        text: string;
        postedAt: string;
      }>,
    ) => call<{ results: CommentResult[] }>("POST", `${sale(id)}/comments`, { comments }),
    stores: () => call<{ stores: Store[] }>("GET", "/api/admin/stores"),
    /** The picking list as a file (the link needs the token, so it is fetched, then saved). */
    pickingCsv: async (id: string): Promise<Blob> => {
      const res = await fetch(`${sale(id)}/picking.csv`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw await errorOf(res, onUnauthorized);
      return res.blob();
    },
  };
}

async function errorOf(res: Response, onUnauthorized: () => void): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; details?: unknown };
  };
  if (res.status === 401) onUnauthorized();
  return new ApiError(
    res.status,
    body.error?.code ?? `HTTP_${res.status}`,
    body.error?.message ?? `HTTP ${res.status}`,
    body.error?.details,
  );
}

/** Who a token signs in as: the admin token (everything) or an agent's console token (the inbox). */
export type Role = "admin" | "agent";

/** A staff member the console can sign in as, or assign a conversation to (`GET /api/inbox/agents`). */
export interface Agent {
  id: string;
  name: string;
  role: "admin" | "agent";
  code: string;
}

/** `GET /api/inbox/me`: the admin token (no person behind it), or an agent with their name. */
export interface Who {
  kind: Role;
  agent: Agent | null;
}

/** Asks the API who a token signs in as, without keeping it; null if it is not a console token. */
export async function checkToken(token: string): Promise<Who | null> {
  const res = await fetch("/api/inbox/me", { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) return null;
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, `HTTP ${res.status}`);
  return (await res.json()) as Who;
}
