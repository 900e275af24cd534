import type { Db } from "../../db/client";
import { noEmbeddings } from "./adapters/embeddings-none";
import { createOpenAiEmbeddings } from "./adapters/embeddings-openai";
import { createLineMessaging } from "./adapters/line-messaging";
import { noLlm } from "./adapters/llm-none";
import { createOpenAiLlm } from "./adapters/llm-openai";
import { createTwilioSms } from "./adapters/sms-twilio";
import type { Config } from "./config";
import type { AppDeps, DbLimits } from "./deps";
import type { Feature, StartContext } from "./features";
import { allFeatures } from "./features/registry";
import type { JobRunnerDeps } from "./jobs";
import type { Logger } from "./lib/log";
import { buildDispatchTable, type LineFeature } from "./line/dispatch";
import type { Background } from "./ports/background";
import type { Clock } from "./ports/clock";
import type { Ids } from "./ports/ids";
import type { SqlBatchRunner } from "./ports/sql";

/** What a host brings: its database and the clock, ids and log it runs with. */
export interface Platform {
  db: Db;
  dbLimits: DbLimits;
  /** Node's embedded libSQL file: hot-path batches with prepared-statement reuse. */
  sqlBatch?: SqlBatchRunner;
  clock: Clock;
  ids: Ids;
  log: Logger;
}

/** Who runs background work, and under which name claims are held: the process (Node) or invocation (Workers). */
export interface Invocation {
  background: Background;
  instanceId: string;
}

export interface Runtime {
  config: Config;
  features: Feature[];
  /** The ports for one process (Node) or one invocation (Workers); the adapters are shared. */
  deps(invocation: Invocation): AppDeps;
  /** What the background runner needs: the deps, the LINE dispatch table and the feature sweepers. */
  jobs(deps: AppDeps): JobRunnerDeps;
  /** Runs every feature's start-up work in feature order (demo data, the sandbox's rich menus). */
  start(deps: AppDeps, context: StartContext): Promise<void>;
}

/**
 * The one place adapters are built from config, for both hosts: LINE, the chat model (a
 * do-nothing one without OPENAI_API_KEY and OPENAI_MODEL), embeddings (a do-nothing one without
 * EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL) and SMS, once per runtime — a Node
 * process, a Workers isolate — together with the features, their dispatch table and sweepers.
 */
export function createRuntime(config: Config, platform: Platform): Runtime {
  const features = allFeatures();
  const table = buildDispatchTable(features.map((f) => f.line).filter((l): l is LineFeature => !!l));
  const sweepers = features.flatMap((f) => (f.sweep ? [f.sweep] : []));
  const line = createLineMessaging({
    channelAccessToken: config.line.channelAccessToken,
    baseUrl: config.line.apiBaseUrl,
    dataBaseUrl: config.line.dataApiBaseUrl,
    timeoutMs: config.lineApiTimeoutMs,
  });
  const llm = config.openai ? createOpenAiLlm(config.openai) : noLlm;
  const embeddings = config.embeddings ? createOpenAiEmbeddings(config.embeddings) : noEmbeddings;
  const sms = config.sms ? createTwilioSms(config.sms) : undefined;
  return {
    config,
    features,
    deps: (invocation) => ({
      ...platform,
      line,
      llm,
      embeddings,
      ...(sms ? { sms } : {}),
      config,
      ...invocation,
    }),
    jobs: (deps) => ({ deps, table, sweepers }),
    async start(deps, context) {
      for (const f of features) if (f.start) await f.start(deps, context);
    },
  };
}
