import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../db/migrate";
import { migrations } from "../../../db/migrations/index.gen";
import { webhookEvents } from "../../../db/schema";
import { body, followEvent, textEvent } from "../../test/fixtures";
import { LIBSQL_LIMITS } from "../deps";
import { EventRecorder, insertEvents, toEventRow } from "../line/event-store";
import { webhookBodySchema } from "../line/events";
import { openLibsql } from "./libsql";
import { libsqlEventInserter } from "./libsql-events";

describe("recording webhook events", () => {
  let dir: string;
  let a: Awaited<ReturnType<typeof openLibsql>>;
  let b: Awaited<ReturnType<typeof openLibsql>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "omo-rec-"));
    a = await openLibsql(`file:${join(dir, "a.db")}`);
    b = await openLibsql(`file:${join(dir, "b.db")}`);
    await applyMigrations(a.db, migrations);
    await applyMigrations(b.db, migrations);
  });
  afterAll(() => {
    a.client.close();
    b.client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => {
    const events = webhookBodySchema.parse(
      JSON.parse(
        body([
          textEvent("嗨"),
          followEvent({ mode: "standby" }),
          textEvent("g", { groupId: "Cg1", userId: "U2" }),
        ]),
      ),
    ).events;
    return events.map((e) => toEventRow(e, new Date("2026-11-24T02:00:00Z")));
  };

  it("the Node fast path writes exactly what the query builder writes", async () => {
    const r = rows();
    expect((await insertEvents(a.db, LIBSQL_LIMITS, r)).sort()).toEqual(r.map((x) => x.id).sort());
    expect((await libsqlEventInserter(b.client)(r)).sort()).toEqual(r.map((x) => x.id).sort());
    const fromA = await a.db.select().from(webhookEvents).orderBy(webhookEvents.id);
    const fromB = await b.db.select().from(webhookEvents).orderBy(webhookEvents.id);
    expect(fromB).toEqual(fromA);
    expect(await libsqlEventInserter(b.client)(r)).toEqual([]);
  });

  it("group commit: concurrent requests share writes, and a repeated id is new for one of them only", async () => {
    let writes = 0;
    const insert = libsqlEventInserter(b.client);
    const recorder = new EventRecorder(async (batch) => {
      writes++;
      return insert(batch);
    });
    const shared = rows()[0] as ReturnType<typeof rows>[number];
    const requests = Array.from({ length: 20 }, (_, i) => [
      { ...shared, id: `grp-${i}` },
      { ...shared, id: "grp-same" },
    ]);
    const results = await Promise.all(requests.map((r) => recorder.record(r)));
    expect(writes).toBeLessThan(20);
    expect(results.flat().filter((id) => id === "grp-same")).toHaveLength(1);
    expect(results.flat()).toHaveLength(21);
  });
});
