/**
 * The seller console's client for the admin, live-sales and inbox API. Types come from the
 * document the worker serves (`liff/src/api/schema.gen.ts`, generated from /openapi.json), like
 * the LIFF pages' — nothing of the worker is imported.
 */
import { ApiError } from "../api/error";
import type { components } from "../api/schema.gen";
import { acceptLanguage } from "../i18n/lang";

type Schemas = components["schemas"];
export type Sale = Schemas["LiveSale"];
export type SaleList = Schemas["LiveSaleList"];
export type SaleSummary = Schemas["LiveSaleSummary"];
export type SaleStatus = Sale["status"];
export type TallyRow = Schemas["LiveTally"]["products"][number];
export type LiveComment = Schemas["LiveComment"];
export type Order = Schemas["LiveOrder"];
export type OrderStatus = Order["status"];
export type NewSale = Schemas["CreateLiveSale"];
export type CommentResult = Schemas["LiveCommentResults"]["results"][number];
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

export { ApiError };

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
        ...acceptLanguage(),
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
      const res = await fetch(`${sale(id)}/picking.csv`, {
        headers: { authorization: `Bearer ${token}`, ...acceptLanguage() },
      });
      if (!res.ok) throw await errorOf(res, onUnauthorized);
      return res.blob();
    },
  };
}

async function errorOf(res: Response, onUnauthorized: () => void): Promise<ApiError> {
  if (res.status === 401) onUnauthorized();
  return ApiError.from(res);
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
  const res = await fetch("/api/inbox/me", {
    headers: { authorization: `Bearer ${token}`, ...acceptLanguage() },
  });
  if (res.status === 401) return null;
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, `HTTP ${res.status}`);
  return (await res.json()) as Who;
}
