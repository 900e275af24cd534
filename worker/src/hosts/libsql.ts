import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import type { Db } from "../../../db/client";
import { schema } from "../../../db/client";

/**
 * Opens the embedded libSQL database. For a file: WAL so readers don't block the writer,
 * synchronous=NORMAL (durable at each WAL checkpoint, safe against app crashes), and a busy
 * timeout so concurrent writers wait instead of failing.
 */
export async function openLibsql(url: string, authToken?: string): Promise<{ client: Client; db: Db }> {
  if (url.startsWith("file:") && !url.includes(":memory:")) {
    const path = url.slice("file:".length).split("?")[0] ?? "";
    if (path) mkdirSync(dirname(path), { recursive: true });
  }
  const client = createClient({ url, ...(authToken ? { authToken } : {}) });
  if (url.startsWith("file:")) {
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    await client.execute("PRAGMA foreign_keys = ON");
  }
  return { client, db: drizzle(client, { schema }) };
}
