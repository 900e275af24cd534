import { z } from "zod";
import { type EmbeddingsConfig, embeddingsConfig } from "./adapters/embeddings-config";
import { type SmsConfig, smsConfig } from "./adapters/sms-config";

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = (name: string) =>
  optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: `${name} must be an http(s) URL, e.g. https://api.line.me`,
  });

/** Every environment variable omo-line reads, validated once at start. */
export const envSchema = z.object({
  PORT: optional
    .transform((v) => (v ? Number(v) : 8787))
    .refine((n) => Number.isInteger(n) && n > 0 && n < 65536, {
      message: "PORT must be a TCP port number such as 8787",
    }),
  DATABASE_URL: optional,
  LINE_CHANNEL_SECRET: optional,
  LINE_CHANNEL_ACCESS_TOKEN: optional,
  LINE_API_BASE_URL: url("LINE_API_BASE_URL"),
  LINE_API_DATA_BASE_URL: url("LINE_API_DATA_BASE_URL"),
  LINE_LOGIN_CHANNEL_ID: optional,
  LINE_LOGIN_JWKS_URL: url("LINE_LOGIN_JWKS_URL"),
  LIFF_ID: optional,
  ADMIN_TOKEN: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: url("OPENAI_BASE_URL"),
  OPENAI_MODEL: optional,
  OPENAI_TIMEOUT_MS: optional
    .transform((v) => (v ? Number(v) : 8000))
    .refine((n) => Number.isInteger(n) && n >= 50 && n <= 120_000, {
      message: "OPENAI_TIMEOUT_MS must be milliseconds between 50 and 120000, e.g. 8000",
    }),
  /** Semantic retrieval (adapters/embeddings-config.ts): an OpenAI-compatible /v1/embeddings server. */
  EMBEDDINGS_BASE_URL: url("EMBEDDINGS_BASE_URL"),
  EMBEDDINGS_MODEL: optional,
  EMBEDDINGS_API_KEY: optional,
  EMBEDDINGS_TIMEOUT_MS: optional
    .transform((v) => (v ? Number(v) : 1500))
    .refine((n) => Number.isInteger(n) && n >= 50 && n <= 60_000, {
      message: "EMBEDDINGS_TIMEOUT_MS must be milliseconds between 50 and 60000, e.g. 1500",
    }),
  EMBEDDINGS_MIN_SIMILARITY: optional
    .transform((v) => (v ? Number(v) : 0.5))
    .refine((n) => Number.isFinite(n) && n >= -1 && n <= 1, {
      message: "EMBEDDINGS_MIN_SIMILARITY must be a cosine similarity between -1 and 1, e.g. 0.5",
    }),
  PUBLIC_URL: url("PUBLIC_URL"),
  APP_SECRET: optional,
  BRAND_TIME_ZONE: optional,
  BRAND_NAME: optional,
  /** Shown to buyers who pay by bank transfer, e.g. "國泰世華 (013) 1234-5678-9012 戶名 OMO Demo". */
  BANK_TRANSFER_ACCOUNT: optional,
  /** Unset: demo data in the sandbox only. */
  DEMO_DATA: optional.transform((v) =>
    v === undefined ? undefined : !["0", "false", "no", "off"].includes(v.toLowerCase()),
  ),
  /**
   * The demo's year of history (~2,400 members with purchases, live sales, campaigns) on top of
   * the demo data. Unset: only when the sandbox seeds its demo data by itself (DEMO_DATA unset).
   */
  DEMO_HISTORY: optional.transform((v) =>
    v === undefined ? undefined : !["0", "false", "no", "off"].includes(v.toLowerCase()),
  ),
  /** How long one Messaging API call may take before it counts as a timeout (outcome unknown). */
  LINE_API_TIMEOUT_MS: optional
    .transform((v) => (v ? Number(v) : 10_000))
    .refine((n) => Number.isInteger(n) && n >= 100 && n <= 60_000, {
      message: "LINE_API_TIMEOUT_MS must be milliseconds between 100 and 60000, e.g. 10000",
    }),
  /**
   * LINE's unit-based statistics (customAggregationUnits on broadcasts): granted by LINE to
   * corporate accounts on application, so off unless set; the broadcast settings can override.
   */
  LINE_UNIT_STATISTICS: optional.transform((v) =>
    v === undefined ? false : !["0", "false", "no", "off"].includes(v.toLowerCase()),
  ),
  BINDING_ATTRIBUTION_DAYS: optional
    .transform((v) => (v ? Number(v) : 180))
    .refine((n) => Number.isInteger(n) && n >= 0, {
      message: "BINDING_ATTRIBUTION_DAYS must be a whole number of days, e.g. 180",
    }),
  NODE_ENV: optional,
  LOG_LEVEL: optional,
  /** SMS for phone verification (adapters/sms-config.ts): `twilio`; unset = sandbox emulator / off. */
  SMS_PROVIDER: optional.refine((v) => v === undefined || v === "twilio", {
    message: "SMS_PROVIDER must be twilio (or unset)",
  }),
  SMS_API_BASE_URL: url("SMS_API_BASE_URL"),
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  SMS_FROM: optional,
  /** The Shopify app's webhook signing secret (POST /webhooks/shopify); unset: that route answers 503. */
  SHOPIFY_WEBHOOK_SECRET: optional,
  SMS_TIMEOUT_MS: optional
    .transform((v) => (v ? Number(v) : 10_000))
    .refine((n) => Number.isInteger(n) && n >= 50 && n <= 60_000, {
      message: "SMS_TIMEOUT_MS must be milliseconds between 50 and 60000, e.g. 10000",
    }),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  port: number;
  databaseUrl: string;
  /** No LINE access token: the built-in LINE emulator plays the platform. */
  sandbox: boolean;
  production: boolean;
  line: {
    channelSecret: string;
    channelAccessToken: string;
    apiBaseUrl: string;
    dataApiBaseUrl: string;
    loginChannelId: string;
    jwksUrl: string;
    liffId: string;
    /** The channel has LINE's unit-based statistics (LINE_UNIT_STATISTICS). */
    unitStatistics: boolean;
  };
  adminToken: string | undefined;
  openai: { apiKey: string; baseUrl: string | undefined; model: string; timeoutMs: number } | undefined;
  /** The embeddings server for semantic retrieval; undefined: BM25 alone (the default). */
  embeddings: EmbeddingsConfig | undefined;
  publicUrl: string;
  /** Secret for signing binding tokens and links; derived from the channel secret when unset. */
  appSecret: string | undefined;
  brand: { name: string; timeZone: string; bankTransferAccount: string | null };
  demoData: boolean;
  /** With the demo data, its history too (features/demo/history.ts). */
  demoHistory: boolean;
  binding: {
    /** The first binding keeps the attribution (home store, referrer) this long. */
    attributionDays: number;
    /** Lifetimes of printed store/staff QR codes and of staff share links. */
    qrTtlDays: number;
    linkTtlDays: number;
  };
  /** Reply tokens are good for about a minute; use them only while this fresh. */
  replyTokenTtlMs: number;
  lineApiTimeoutMs: number;
  /** SMS provider for phone verification; undefined = not configured (verification answers 503). */
  sms: SmsConfig | undefined;
  /** Signs Shopify's webhooks (SHOPIFY_WEBHOOK_SECRET); undefined: the Shopify connector answers 503. */
  shopifyWebhookSecret?: string | undefined;
  warnings: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** What a production start cannot do without (SPEC: the contract's production check). */
const PRODUCTION_REQUIRED = [
  [
    "LINE_CHANNEL_SECRET",
    "LINE Developers console → Messaging API channel → Basic settings → Channel secret",
  ],
  ["LINE_CHANNEL_ACCESS_TOKEN", "Messaging API channel → Messaging API → Channel access token (long-lived)"],
  ["LINE_LOGIN_CHANNEL_ID", "LINE Login channel → Basic settings → Channel ID; the aud of LIFF ID tokens"],
  ["LIFF_ID", "LINE Login channel → LIFF → LIFF ID, e.g. 1650000000-AbCdEfGh"],
  ["ADMIN_TOKEN", "the admin API's bearer token: at least 16 random characters, e.g. `openssl rand -hex 24`"],
] as const;

export const SANDBOX_CHANNEL_SECRET = "sandbox-channel-secret-0000000000";
export const SANDBOX_ACCESS_TOKEN = "sandbox-channel-access-token";
export const SANDBOX_LOGIN_CHANNEL_ID = "1650000000";
export const SANDBOX_LIFF_ID = "1650000000-sandbox";

/**
 * Reads the environment into a Config, or throws a ConfigError naming exactly what to set.
 * `origin` is where the app is reachable (used for sandbox URLs when PUBLIC_URL is unset).
 */
export function loadConfig(env: Record<string, string | undefined>, origin?: string): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  // Production is never a sandbox: a forgotten token stops the start instead of opening the emulator.
  const sandbox = !production && !e.LINE_CHANNEL_ACCESS_TOKEN;
  const problems: string[] = [];
  if (production) {
    for (const [name, where] of PRODUCTION_REQUIRED) {
      if (!e[name]) problems.push(`${name}: required when NODE_ENV=production (${where})`);
    }
  }
  const warnings: string[] = [];
  const publicUrl = (e.PUBLIC_URL ?? origin ?? `http://127.0.0.1:${e.PORT}`).replace(/\/$/, "");

  if (!sandbox && !production && !e.LINE_CHANNEL_SECRET) {
    problems.push(
      "LINE_CHANNEL_SECRET: required with LINE_CHANNEL_ACCESS_TOKEN (LINE Developers console → Messaging API channel → Basic settings → Channel secret)",
    );
  }
  if (!sandbox && !production && !e.LINE_LOGIN_CHANNEL_ID) {
    warnings.push(
      "LINE_LOGIN_CHANNEL_ID is not set: LIFF ID tokens cannot be verified, so member and staff APIs answer 401.",
    );
  }
  if (!e.ADMIN_TOKEN && !sandbox && !production) {
    warnings.push("ADMIN_TOKEN is not set: the admin API and console are closed.");
  }
  if (e.ADMIN_TOKEN && e.ADMIN_TOKEN.length < 16 && production) {
    problems.push(
      "ADMIN_TOKEN: use at least 16 random characters in production (e.g. `openssl rand -hex 24`)",
    );
  }
  if (!e.APP_SECRET) {
    warnings.push("APP_SECRET is not set: signing keys are derived from LINE_CHANNEL_SECRET with HKDF.");
  }
  const openaiParts = [e.OPENAI_API_KEY, e.OPENAI_MODEL].filter(Boolean).length;
  if (openaiParts === 1) {
    warnings.push(
      "OpenAI is half configured (set both OPENAI_API_KEY and OPENAI_MODEL): using retrieval suggestions.",
    );
  }
  const sms = smsConfig(e, { sandbox, publicUrl }, problems, warnings);
  const embeddings = embeddingsConfig(e, problems);
  if (problems.length) throw new ConfigError(problems);

  const lineBase = (e.LINE_API_BASE_URL ?? (sandbox ? publicUrl : "https://api.line.me")).replace(/\/$/, "");
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? "file:./data/omo.db",
    sandbox,
    production,
    line: {
      channelSecret: e.LINE_CHANNEL_SECRET ?? SANDBOX_CHANNEL_SECRET,
      channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN ?? SANDBOX_ACCESS_TOKEN,
      apiBaseUrl: lineBase,
      dataApiBaseUrl: (
        e.LINE_API_DATA_BASE_URL ?? (e.LINE_API_BASE_URL || sandbox ? lineBase : "https://api-data.line.me")
      ).replace(/\/$/, ""),
      loginChannelId: e.LINE_LOGIN_CHANNEL_ID ?? (sandbox ? SANDBOX_LOGIN_CHANNEL_ID : ""),
      jwksUrl:
        e.LINE_LOGIN_JWKS_URL ??
        (sandbox ? `${lineBase}/oauth2/v2.1/certs` : "https://api.line.me/oauth2/v2.1/certs"),
      liffId: e.LIFF_ID ?? (sandbox ? SANDBOX_LIFF_ID : ""),
      unitStatistics: e.LINE_UNIT_STATISTICS,
    },
    adminToken: e.ADMIN_TOKEN,
    openai:
      e.OPENAI_API_KEY && e.OPENAI_MODEL
        ? {
            apiKey: e.OPENAI_API_KEY,
            baseUrl: e.OPENAI_BASE_URL,
            model: e.OPENAI_MODEL,
            timeoutMs: e.OPENAI_TIMEOUT_MS,
          }
        : undefined,
    embeddings,
    publicUrl,
    appSecret: e.APP_SECRET,
    brand: {
      name: e.BRAND_NAME ?? "OMO Demo",
      timeZone: e.BRAND_TIME_ZONE ?? "Asia/Taipei",
      bankTransferAccount: e.BANK_TRANSFER_ACCOUNT ?? null,
    },
    demoData: e.DEMO_DATA ?? sandbox,
    demoHistory: (e.DEMO_DATA ?? sandbox) && (e.DEMO_HISTORY ?? e.DEMO_DATA === undefined),
    binding: { attributionDays: e.BINDING_ATTRIBUTION_DAYS, qrTtlDays: 365, linkTtlDays: 30 },
    replyTokenTtlMs: 50_000,
    lineApiTimeoutMs: e.LINE_API_TIMEOUT_MS,
    sms,
    shopifyWebhookSecret: e.SHOPIFY_WEBHOOK_SECRET,
    warnings,
  };
}
