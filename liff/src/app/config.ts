/** What the server inlined into the page (worker/src/features/members/liff-page.ts). */
export interface ClientConfig {
  liffId: string;
  sandbox: boolean;
  brand: string;
  timeZone: string;
}

const FALLBACK: ClientConfig = { liffId: "", sandbox: false, brand: "OMO", timeZone: "Asia/Taipei" };

export function readConfig(doc: Document = document): ClientConfig {
  try {
    const parsed = JSON.parse(doc.getElementById("omo-config")?.textContent || "{}") as Partial<ClientConfig>;
    return { ...FALLBACK, ...parsed };
  } catch {
    return FALLBACK;
  }
}

export const config: ClientConfig = typeof document === "undefined" ? FALLBACK : readConfig();
