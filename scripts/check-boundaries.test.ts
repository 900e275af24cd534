import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkBoundaries, checkFile } from "./check-boundaries";

const SRC = join(new URL("../worker/src/", import.meta.url).pathname);
const at = (rel: string) => join(SRC, rel);

describe("feature boundaries", () => {
  it("refuses a feature reaching into another's internal file, on one line or several", () => {
    const text = [
      'import { recordPurchase } from "../loyalty/purchases";',
      "import {",
      "  issueCoupon,",
      "  type Coupon,",
      '} from "../loyalty/coupons";',
      'export { memberWithStore } from "../members/repo";',
      'const lazy = () => import("../live/orders");',
    ].join("\n");
    const found = checkFile(at("features/pos/routes.ts"), text);
    expect(found.map((v) => [v.line, v.specifier])).toEqual([
      [1, "../loyalty/purchases"],
      [5, "../loyalty/coupons"],
      [6, "../members/repo"],
      [7, "../live/orders"],
    ]);
    expect(found[0]?.reason).toMatch(/features\/loyalty/);
  });

  it("lets a feature use another's index, its own files, and shared code", () => {
    const text = [
      'import { recordPurchase } from "../loyalty";',
      'import { recordPurchase as r2 } from "../loyalty/index";',
      'import { posKey } from "./keys";',
      'import { deepThing } from "./deep/inner/file";',
      'import type { Feature } from "..";',
      'import { AppError } from "../../lib/errors";',
      'import { z } from "zod";',
    ].join("\n");
    expect(checkFile(at("features/pos/routes.ts"), text)).toEqual([]);
  });

  it("holds the hosts and the LINE pipeline to the same rule", () => {
    const found = checkFile(
      at("hosts/node-server.ts"),
      'import { seedDemoData } from "../features/demo/seed";',
    );
    expect(found).toHaveLength(1);
    expect(checkFile(at("hosts/node-server.ts"), 'import { seedDemoData } from "../features/demo";')).toEqual(
      [],
    );
  });

  it("holds in this codebase", () => {
    expect(checkBoundaries()).toEqual([]);
  });
});
