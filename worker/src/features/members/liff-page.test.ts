/** The LIFF page is served for every LIFF route with its config inlined; the card carries the tier. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/harness";
import { createFriend } from "../../../test/line-helpers";
import { loadConfig } from "../../config";
import { tierFor } from "../loyalty";
import { isLiffRoute, renderLiffPage } from "./liff-page";

describe("LIFF page helpers", () => {
  it("inlines the config, escaped for a script element", () => {
    const config = loadConfig({ BRAND_NAME: "</script><b>x" });
    const html = renderLiffPage(
      '<head><script id="omo-config" type="application/json">{}</script></head>',
      config,
    );
    expect(html).not.toContain("</script><b>");
    const json = /<script id="omo-config" type="application\/json">(.*)<\/script>/.exec(html)?.[1] ?? "";
    expect(JSON.parse(json)).toMatchObject({ brand: "</script><b>x", sandbox: true });
  });
  it("knows a LIFF route from a file", () => {
    expect(isLiffRoute("/liff")).toBe(true);
    expect(isLiffRoute("/liff/staff/scan")).toBe(true);
    expect(isLiffRoute("/liff/x.js")).toBe(false);
    expect(isLiffRoute("/liffy")).toBe(false);
    expect(isLiffRoute("/api/me")).toBe(false);
  });
  it("puts spend on a tier with the distance to the next", () => {
    expect(tierFor(0)).toMatchObject({ code: "regular", next: { code: "gold", remaining: 10_000 } });
    expect(tierFor(12_000)).toMatchObject({ code: "gold", next: { code: "platinum", remaining: 18_000 } });
    expect(tierFor(30_000)).toMatchObject({ code: "platinum", next: null });
  });
});

describe("LIFF page and card over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it("serves the LIFF page at every LIFF route, and the API still answers JSON", async () => {
    for (const path of ["/liff/", "/liff/member", "/liff/staff/scan?x=1"]) {
      const res = await fetch(`${t.app.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect(html).toContain('"liffId":"2000000001-test"');
    }
    expect((await fetch(`${t.app.url}/api/me`)).status).toBe(401);
    const config = await (await fetch(`${t.app.url}/api/liff/config`)).json();
    expect(config).toMatchObject({ liffId: "2000000001-test", sandbox: false });
  });

  it("shows the tier and progress on the card", async () => {
    const user = await createFriend(t, "集點客");
    const res = await fetch(`${t.app.url}/api/me/card`, {
      headers: { authorization: `Bearer ${await t.line.emulator.issueIdToken(user)}` },
    });
    expect(await res.json()).toMatchObject({
      name: "集點客",
      tier: { code: "regular", spend: 0, next: { code: "gold", threshold: 10_000, remaining: 10_000 } },
    });
  });
});
