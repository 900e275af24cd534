import type { Db } from "../../db/client";
import type { Config } from "./config";
import type { Logger } from "./lib/log";
import type { Background } from "./ports/background";
import type { Clock } from "./ports/clock";
import type { EmbeddingsPort } from "./ports/embeddings";
import type { Ids } from "./ports/ids";
import type { LinePort } from "./ports/line";
import type { LlmPort } from "./ports/llm";
import type { SmsPort } from "./ports/sms";
import type { SqlBatchRunner } from "./ports/sql";

/** Limits of the database behind `db`: D1 binds at most 100 parameters per statement. */
export interface DbLimits {
  maxParams: number;
}

/** The ports the app is built from. createRuntime (runtime.ts) constructs them; features receive them. */
export interface AppDeps {
  db: Db;
  dbLimits: DbLimits;
  line: LinePort;
  /** The chat model for reply suggestions; a do-nothing one (`model: null`) when none is set. */
  llm: LlmPort;
  /** Text embeddings for semantic retrieval; a do-nothing one (`model: null`) when none is set. */
  embeddings: EmbeddingsPort;
  /** The SMS sender for phone verification; undefined when SMS is not configured. */
  sms?: SmsPort;
  clock: Clock;
  ids: Ids;
  background: Background;
  config: Config;
  log: Logger;
  /** This process (Node) or invocation (Workers): who holds a claim on an outbox row. */
  instanceId: string;
  /** Hot-path statement batches with prepared-statement reuse (Node's embedded libSQL); else absent. */
  sqlBatch?: SqlBatchRunner;
}

export const LIBSQL_LIMITS: DbLimits = { maxParams: 32_000 };
export const D1_LIMITS: DbLimits = { maxParams: 100 };
