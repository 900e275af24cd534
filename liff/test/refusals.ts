/**
 * What the bad-input browser tests share: each bad value typed in a field is refused under it
 * (aria-invalid, focused) with nothing sent, so the tests count what the page posted, read the
 * field's message and where focus went. Servers and pages as the live tests have them.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { earnPoints } from "../../worker/src/features/loyalty/ledger";
import { ARTIFACTS, tallShot, textOf } from "./browser";
import { liveSuite } from "./live";
import { PHONE } from "./sandbox";

export function refusalSuite() {
  const suite = liveSuite();
  let n = 0;
  return {
    suite,
    /** A phone page; in English as chosen with the page's 中文 / English button before (remembered), whatever LINE says. */
    phone: async (locale = "zh-TW", viewport = PHONE) => {
      const page = await suite.phone(locale, viewport);
      if (locale.startsWith("en"))
        await page.context().addInitScript(() => localStorage.setItem("omo.lang", "en"));
      return page;
    },
    /** A member of their own (a friend of the OA), with points to spend. */
    newMember: async (points = 0) => {
      const s = suite.server;
      const userId = await s.friend(`會員${++n}`);
      const member = await s.memberOf(userId);
      if (points > 0)
        await earnPoints(s.app.deps, {
          memberId: member.id,
          points,
          idempotencyKey: `input-test:${member.id}`,
          reason: "test",
          actor: "admin",
          expiresAt: new Date("2027-12-31T15:59:59Z"),
        });
      return { userId, ...member };
    },
  };
}

/** POSTs the page sent to paths matching `re` (each one: nothing should have gone). */
export function posts(page: Page, re: RegExp): string[] {
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && re.test(new URL(r.url()).pathname)) sent.push(r.url());
  });
  return sent;
}

/** The focused element's id (the form moves focus to the field it refuses, after it renders). */
export const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

/** Types `value` in a field, submits, and reads what the field then says. */
export async function refuse(
  page: Page,
  input: string,
  submit: string,
  value: string,
  errorId = `${input}-error`,
) {
  await page.getByTestId(input).fill(value);
  await page.getByTestId(submit).click();
  const error = page.getByTestId(errorId);
  await error.waitFor();
  expect(await page.getByTestId(input).getAttribute("aria-invalid"), value).toBe("true");
  return textOf(error);
}

export const shot = (page: Page, name: string) => tallShot(page, `${ARTIFACTS}/input-${name}.png`);
