/**
 * 會員營運 › 會員 in real Chromium (1280 × 900) against the real server: a member found by phone
 * (typed the way people write it) and by name; their page; points adjusted with a reason — a
 * missing reason and a deduction beyond the balance refused on their fields, changing nothing —
 * and the adjustment in the ledger, in the member's history and on the audit page, in zh-TW and
 * English. What the page says is what the API holds. Screenshots: /tmp/shots/backoffice-*.png.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, textOf } from "./browser";
import { marketingSuite } from "./marketing";

type Member = { id: string; memberCode: string };
type AdminMember = { points: number; ledger: Array<{ kind: string; points: number; reason: string }> };

describe.skipIf(!hasChromium && !process.env.CI)("back office: members (Chromium)", () => {
  const kit = marketingSuite();
  const s = () => kit.suite.server;
  const desktop = { viewport: { width: 1280, height: 900 } };

  const shopper = async (name: string, phone: string, amount: number): Promise<Member> => {
    const clerk = await kit.clerk("王小明", "S001", "TPE01");
    const m = await kit.shopper(clerk, name, [amount]);
    await s().register(m.userId, name, phone);
    return { id: m.memberId, memberCode: m.memberCode };
  };

  it("finds a member by phone and by name, adjusts points with a reason, and shows the audit entry", async () => {
    const amy = await shopper("陳美玲", "0912345678", 2_000);
    const before = await kit.admin<AdminMember>(`/api/admin/members/${amy.id}`);
    expect(before.points).toBe(20);

    const page = await kit.console("/members", desktop);
    const search = page.getByTestId("member-search");
    await search.fill("0912-345-678");
    const row = page.locator(`[data-testid=member-row][data-id="${amy.id}"]`);
    // The list answers the search once typing pauses: until then it still shows every member.
    await expect.poll(() => page.getByTestId("member-row").count()).toBe(1);
    expect(await textOf(row)).toContain("0912-345-678");
    await search.fill("美玲");
    await row.waitFor();
    expect(await textOf(row)).toContain(amy.memberCode);
    await search.fill("查無此人");
    await page.getByTestId("no-members").waitFor();
    await search.fill("陳美玲");
    await row.locator("a").click();

    const member = page.getByTestId("member-page");
    await member.waitFor();
    expect(await textOf(page.getByTestId("member-points"))).toBe("20");
    await kit.shot(page, "backoffice-member");

    // No reason: refused on the field before anything is sent.
    await page.getByTestId("adjust-open").click();
    const dialog = page.locator("[data-testid=adjust-dialog][open]");
    await dialog.getByTestId("adjust-delta").fill("-500");
    await dialog.getByTestId("adjust-dialog-submit").click();
    expect(await textOf(dialog.getByTestId("adjust-reason-error"))).toContain("必填");
    // Typing the reason clears its error; more than the balance is the API's refusal, on the points.
    await dialog.getByTestId("adjust-reason").fill("誤加扣回");
    expect(await dialog.getByTestId("adjust-reason-error").count()).toBe(0);
    await dialog.getByTestId("adjust-dialog-submit").click();
    const deltaError = dialog.getByTestId("adjust-delta-error");
    await deltaError.waitFor();
    expect(await textOf(deltaError)).toMatch(/點數不足|20/);
    expect(await dialog.getByTestId("adjust-delta").inputValue()).toBe("-500");
    expect((await kit.admin<AdminMember>(`/api/admin/members/${amy.id}`)).points).toBe(20);
    await kit.shot(page, "backoffice-adjust-refused");

    await dialog.getByTestId("adjust-delta").fill("+120");
    await dialog.getByTestId("adjust-reason").fill("客訴補償：到店等候過久");
    await dialog.getByTestId("adjust-dialog-submit").click();
    await page.getByTestId("toast").filter({ hasText: "140" }).waitFor();
    await expect.poll(() => textOf(page.getByTestId("member-points"))).toBe("140");
    const adjust = page.locator("[data-testid=ledger-entry][data-kind=adjust]");
    expect(await textOf(adjust)).toContain("客訴補償：到店等候過久");
    expect(await textOf(adjust)).toContain("+120");
    const history = page
      .getByTestId("member-history")
      .locator("[data-testid=audit-entry][data-action='points.adjust']");
    await history.first().waitFor();
    expect(await history.count()).toBe(1);
    expect(await textOf(history.first())).toMatch(/20.*→.*140/);

    const after = await kit.admin<AdminMember>(`/api/admin/members/${amy.id}`);
    expect(after.points).toBe(140);
    expect(after.ledger.filter((e) => e.kind === "adjust").map((e) => [e.points, e.reason])).toEqual([
      [120, "客訴補償：到店等候過久"],
    ]);

    // The audit log: the entry, filtered by its action; in English too.
    await page.getByTestId("backoffice-tab").and(page.locator("[data-tab=audit]")).click();
    await page.getByTestId("audit-page").waitFor();
    await page.getByTestId("audit-action-filter").selectOption("points.adjust");
    const entry = page.getByTestId("audit-page").getByTestId("audit-entry");
    await expect.poll(() => entry.count()).toBe(1);
    expect(await textOf(entry)).toContain("客訴補償：到店等候過久");
    expect(await textOf(entry)).toContain("管理員");
    await kit.shot(page, "backoffice-audit");

    const en = await kit.console(`/members/${amy.id}`, { ...desktop, locale: "en" });
    await en.getByTestId("member-page").waitFor();
    expect(await textOf(en.locator("[data-testid=ledger-entry][data-kind=adjust]"))).toContain(
      "Manual adjustment",
    );
    expect(await textOf(en.getByTestId("member-history"))).toContain("Adjusted points");
    await kit.shot(en, "backoffice-member-en");
  });

  it("lists members newest first with more on demand, and exports what the search found as CSV", async () => {
    const page = await kit.console("/members", desktop);
    await page.getByTestId("members-table").waitFor();
    const firstPage = await page.getByTestId("member-row").count();
    const api = await kit.admin<{ members: Member[]; next: string | null }>("/api/admin/members");
    expect(firstPage).toBe(api.members.length);
    expect(await page.getByTestId("member-row").first().getAttribute("data-id")).toBe(api.members[0]?.id);
    if (api.next) {
      await page.getByTestId("members-more").click();
      await expect.poll(() => page.getByTestId("member-row").count()).toBeGreaterThan(firstPage);
    }
    await kit.shot(page, "backoffice-members");

    await page.getByTestId("member-search").fill("王");
    await page.getByTestId("member-row").first().waitFor();
    const found = await kit.admin<{ members: Member[] }>(`/api/admin/members?q=${encodeURIComponent("王")}`);
    const download = page.waitForEvent("download");
    await page.getByTestId("members-export").click();
    const file = await download;
    const csv = await (await file.createReadStream()).toArray();
    const lines = Buffer.concat(csv)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(lines.length - 1).toBeGreaterThanOrEqual(found.members.length);
    for (const m of found.members) expect(lines.some((l) => l.includes(m.memberCode))).toBe(true);
  });
});
