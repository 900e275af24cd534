import { checkAction } from "./validate-actions";
import { Checker, isObj, type Problem } from "./validate-common";

/** LINE's rich menu rules: size 800–2500 wide, ≥ 250 high, ratio ≥ 1.45; ≤ 20 areas inside it. */
export function validateRichMenu(body: unknown): Problem[] {
  const ck = new Checker();
  if (!isObj(body)) {
    ck.fail("body", "must be an object");
    return ck.problems;
  }
  const size = ck.obj(body, "size", "");
  let width = 0;
  let height = 0;
  if (size) {
    width = ck.num(size, "width", "size", { int: true }) ?? 0;
    height = ck.num(size, "height", "size", { int: true }) ?? 0;
    if (width && height && !(width >= 800 && width <= 2500 && height >= 250 && width / height >= 1.45)) {
      ck.fail(
        "size",
        "width must be between 800 and 2500, height at least 250, and width/height at least 1.45",
      );
    }
  }
  if (typeof body.selected !== "boolean") ck.fail("selected", "must be specified");
  ck.str(body, "name", "", { max: 300 });
  ck.str(body, "chatBarText", "", { max: 14 });
  const areas = ck.arr(body, "areas", "", { max: 20 });
  areas?.forEach((area, i) => {
    const p = `areas[${i}]`;
    if (!isObj(area)) {
      ck.fail(p, "must be an object");
      return;
    }
    const b = ck.obj(area, "bounds", p);
    if (b) {
      const x = ck.num(b, "x", `${p}.bounds`, { min: 0, int: true }) ?? 0;
      const y = ck.num(b, "y", `${p}.bounds`, { min: 0, int: true }) ?? 0;
      const w = ck.num(b, "width", `${p}.bounds`, { min: 1, int: true }) ?? 0;
      const h = ck.num(b, "height", `${p}.bounds`, { min: 1, int: true }) ?? 0;
      if (width && height && (x + w > width || y + h > height)) {
        ck.fail(`${p}.bounds`, "must be within the rich menu");
      }
    }
    checkAction(ck, area.action, `${p}.action`, "richMenu");
  });
  return ck.problems;
}
