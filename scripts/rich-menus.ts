/**
 * `npx tsx scripts/rich-menus.ts`: creates the guest (default) and member rich menus on the
 * channel in LINE_CHANNEL_ACCESS_TOKEN / LINE_API_BASE_URL (zh-TW and English, with the images in
 * assets/rich-menus, embedded by `npm run gen:rich-menus`), unless they
 * already exist. The sandbox does this by itself at start.
 */

import { applyMigrations } from "../db/migrate";
import { migrations } from "../db/migrations/index.gen";
import { noEmbeddings } from "../worker/src/adapters/embeddings-none";
import { createLineMessaging } from "../worker/src/adapters/line-messaging";
import { noLlm } from "../worker/src/adapters/llm-none";
import { randomIds } from "../worker/src/adapters/random-ids";
import { systemClock } from "../worker/src/adapters/system-clock";
import { loadConfig } from "../worker/src/config";
import type { AppDeps } from "../worker/src/deps";
import { LIBSQL_LIMITS } from "../worker/src/deps";
import { ensureRichMenus } from "../worker/src/features/members/rich-menus";
import { openLibsql } from "../worker/src/hosts/libsql";
import { createLogger } from "../worker/src/lib/log";

const config = loadConfig(process.env);
if (config.sandbox) {
  console.error(
    "Set LINE_CHANNEL_ACCESS_TOKEN (and LINE_CHANNEL_SECRET) to set up a real channel; the sandbox does this at start.",
  );
  process.exit(2);
}
const { client, db } = await openLibsql(config.databaseUrl, process.env.DATABASE_AUTH_TOKEN);
await applyMigrations(db, migrations);
const deps: AppDeps = {
  db,
  dbLimits: LIBSQL_LIMITS,
  line: createLineMessaging({
    channelAccessToken: config.line.channelAccessToken,
    baseUrl: config.line.apiBaseUrl,
    dataBaseUrl: config.line.dataApiBaseUrl,
  }),
  llm: noLlm,
  embeddings: noEmbeddings,
  clock: systemClock,
  ids: randomIds,
  background: { enqueue: () => {} },
  config,
  log: createLogger("info"),
  instanceId: "rich-menus",
};
console.log(await ensureRichMenus(deps));
client.close();
