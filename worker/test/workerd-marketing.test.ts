/**
 * Marketing on the real Worker bundle in workerd (worker/test/workerd-rig.ts): broadcasts, RFM
 * and tags on D1, whose batches cannot bind a raw statement's parameters.
 */
import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startWorkerd, type Workerd } from "./workerd-rig";

describe("Workers host in workerd: marketing on D1", () => {
  let w: Workerd;
  let mf: Miniflare;
  let line: Workerd["line"];

  beforeAll(async () => {
    w = await startWorkerd();
    mf = w.mf;
    line = w.line;
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  it("a broadcast goes out on D1: recipients by INSERT … SELECT, the planning batch, multicast and per-member push by the outbox", async () => {
    const admin = {
      authorization: "Bearer workerd-admin-token-0123456789",
      "content-type": "application/json",
    };
    const api = (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") =>
      mf.dispatchFetch(`http://omo.test${path}`, {
        method,
        headers: admin,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const control = (path: string, body?: unknown) =>
      fetch(`${line.url}/sandbox/api${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const users: string[] = [];
    for (const name of ["群發甲", '群發"乙']) {
      const u = (await (await control("/users", { displayName: name })).json()) as { userId: string };
      await control(`/users/${u.userId}/follow`);
      users.push(u.userId);
    }
    const db = await mf.getD1Database("DB");
    await eventually(
      async () =>
        (
          await db
            .prepare(
              `SELECT count(*) AS n FROM members WHERE friendship = 'friend' AND line_user_id IN (?, ?)`,
            )
            .bind(users[0], users[1])
            .first<{ n: number }>()
        )?.n,
      (n) => n === 2,
      "both members following",
    );
    const settings = await api(
      "/api/broadcast-settings",
      { quietHours: null, frequencyCap: null, unitStatistics: true },
      "PUT",
    );
    expect(settings.status).toBe(200);
    const rule = { field: "following", op: "eq", value: true };
    const sendOne = async (text: string) => {
      const created = await api("/api/broadcasts", {
        name: text,
        rule,
        holdoutPercent: 0,
        messages: [{ type: "text", text }],
      });
      expect(created.status).toBe(201);
      const { id, recipients } = (await created.json()) as { id: string; recipients: number };
      expect(recipients).toBeGreaterThanOrEqual(2);
      const sent = await api(`/api/broadcasts/${id}/send`, {});
      expect(sent.status).toBe(202);
      return id;
    };
    const plain = await sendOne("D1 群發");
    const personal = await sendOne("{displayName}，D1 專屬");
    const log = async (userId: string) =>
      (
        (await (await fetch(`${line.url}/sandbox/api/chats/${userId}/log`)).json()) as {
          entries: Array<{ via?: string; message: { text?: string } }>;
        }
      ).entries;
    const got = await eventually(
      async () => Promise.all(users.map(log)),
      (logs) => logs.every((l) => l.some((e) => e.via === "multicast") && l.some((e) => e.via === "push")),
      "the multicast and the push",
    );
    expect(got.map((l) => l.filter((e) => e.via === "multicast").map((e) => e.message.text))).toEqual([
      ["D1 群發"],
      ["D1 群發"],
    ]);
    expect(got.map((l) => l.filter((e) => e.via === "push").map((e) => e.message.text))).toEqual([
      ["群發甲，D1 專屬"],
      ['群發"乙，D1 專屬'],
    ]);
    for (const id of [plain, personal]) {
      const view = await eventually(
        async () => (await (await api(`/api/broadcasts/${id}`)).json()) as { state: string; sent: number },
        (v) => v.state === "sent",
        "the broadcast sent",
      );
      expect(view.sent).toBeGreaterThanOrEqual(2);
    }
    const units = (await (await fetch(`${line.url}/sandbox/api/aggregation-units`)).json()) as {
      units: Array<{ name: string }>;
    };
    expect(units.units.map((u) => u.name).sort()).toEqual([plain, personal].sort());
  });
  it("RFM scores, bulk and rule tags and POS lines work on D1 (window functions, json_each, chunked items)", async () => {
    const admin = {
      authorization: "Bearer workerd-admin-token-0123456789",
      "content-type": "application/json",
    };
    const api = (path: string, body?: unknown, headers: Record<string, string> = admin) =>
      mf.dispatchFetch(`http://omo.test${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const store = await api("/api/admin/stores", { code: "WRKRFM", name: "RFM 店" });
    expect(store.status, await store.clone().text()).toBe(201);
    const { id: storeId } = (await store.json()) as { id: string };
    const keyRes = await api(`/api/admin/stores/${storeId}/pos-keys`, {});
    expect(keyRes.status, await keyRes.clone().text()).toBe(201);
    const { key } = (await keyRes.json()) as { key: string };
    const user = (await (
      await fetch(`${line.url}/sandbox/api/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ displayName: "RFM 會員" }),
      })
    ).json()) as { userId: string };
    const idToken = await line.emulator.issueIdToken(user.userId);
    const { member } = (await (
      await api("/api/me", undefined, { authorization: `Bearer ${idToken}` })
    ).json()) as {
      member: { id: string; memberCode: string };
    };
    // 30 lines: more than one statement's worth of parameters on D1, in the purchase's batch.
    const lines = Array.from({ length: 30 }, (_, i) => ({
      sku: `D1-${i}`,
      name: `品項${i}`,
      quantity: 1,
      price: 10,
    }));
    const tx = { externalId: "WRK-RFM-1", memberCode: member.memberCode, total: 300, lines };
    const pos = await api("/api/pos/transactions", tx, {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
    });
    expect(pos.status, await pos.clone().text()).toBe(200);
    const preview = await api("/api/segments/preview", {
      rule: { field: "bought", op: "has", value: "D1-29" },
    });
    expect(await preview.json()).toMatchObject({ count: 1, sample: [{ memberId: member.id }] });

    const scored = (await (await api("/api/marketing/rfm/recompute", {})).json()) as { scored: number };
    expect(scored.scored).toBeGreaterThanOrEqual(1);
    const why = (await (await api(`/api/marketing/members/${member.id}/rfm`)).json()) as {
      values: { frequency: number; monetary: number; interactions: number };
    };
    expect(why.values).toMatchObject({ frequency: 1, monetary: 300, interactions: 1 });

    const bulk = await api("/api/marketing/tags/bulk", {
      tag: "D1名單",
      memberCodes: [member.memberCode, "NOPE"],
    });
    expect(await bulk.json()).toMatchObject({ added: 1, unknown: 1, unknownCodes: ["NOPE"] });
    const rule = await api("/api/marketing/tag-rules", {
      tag: "D1買過",
      rule: { field: "bought", op: "hasAny", value: ["D1-0", "D1-1"] },
    });
    expect(await rule.json()).toMatchObject({ lastCount: 1 });
    const worker = await mf.getWorker();
    await worker.scheduled({ cron: "* * * * *" });
    const tags = (await (await api(`/api/marketing/members/${member.id}/tags`)).json()) as {
      tags: Array<{ tag: string; source: string }>;
    };
    expect(tags.tags.map((t) => `${t.tag}:${t.source.split(":")[0]}`).sort()).toEqual([
      "D1名單:csv",
      "D1買過:rule",
    ]);
  });
});
