import { describe, expect, it } from "vitest";
import {
  type Catalogue,
  type CondRow,
  changeField,
  changeOp,
  type FieldInfo,
  fromRule,
  type GroupRow,
  keyGen,
  parseWhole,
  rowAt,
  toRule,
  withoutPath,
} from "./rule-model";

/** The catalogue as GET /api/segments/fields gives it (the fields these tests use). */
const FIELDS: FieldInfo[] = [
  {
    field: "tier",
    ops: ["eq", "neq", "in", "notIn", "gte", "lte"],
    kind: "enum",
    values: ["regular", "gold", "platinum"],
    options: [],
    zh: "會員等級",
  },
  {
    field: "homeStore",
    ops: ["eq", "neq", "in", "notIn", "exists", "notExists"],
    kind: "id",
    options: [],
    zh: "所屬門市",
  },
  {
    field: "boundAt",
    ops: ["after", "before", "within", "notWithin", "exists", "notExists"],
    kind: "date",
    options: [],
    zh: "綁定時間",
  },
  { field: "tag", ops: ["has", "notHas", "hasAny"], kind: "text", options: [], zh: "標籤" },
  {
    field: "spend",
    ops: ["eq", "neq", "gt", "gte", "lt", "lte", "between"],
    kind: "number",
    options: ["days", "channel", "store"],
    zh: "消費金額",
  },
  {
    field: "purchases",
    ops: ["eq", "neq", "gt", "gte", "lt", "lte", "between"],
    kind: "number",
    options: ["days", "channel", "store"],
    zh: "消費次數",
  },
  {
    field: "liveOrders",
    ops: ["eq", "neq", "gt", "gte", "lt", "lte", "between"],
    kind: "number",
    options: ["days"],
    zh: "直播訂單數",
  },
  { field: "following", ops: ["eq"], kind: "boolean", options: [], zh: "好友狀態（未封鎖）" },
];
const catalogue: Catalogue = new Map(FIELDS.map((f) => [f.field, f]));

const GOLD_STORE = {
  all: [
    { field: "tier", op: "gte", value: "gold" },
    { field: "purchases", op: "gte", value: 1, days: 90, store: "sto_1" },
    { field: "liveOrders", op: "eq", value: 0 },
  ],
};

describe("rule ⇄ rows", () => {
  it("reads a rule into rows with every value as typed, and writes the same rule back", () => {
    const root = fromRule(GOLD_STORE, keyGen());
    expect(root).toMatchObject({ type: "group", mode: "all" });
    expect(root.children.map((c) => (c as CondRow).value)).toEqual(["gold", "1", "0"]);
    expect(root.children[1]).toMatchObject({ days: "90", store: "sto_1", channel: "" });
    const back = toRule(root, catalogue);
    expect(back.errors).toEqual([]);
    expect(back.rule).toEqual(GOLD_STORE);
  });

  it("keeps nesting: any groups, a not of one condition, a not of several (none of them), lists and pairs", () => {
    const rule = {
      any: [
        { field: "tag", op: "hasAny", value: ["VIP", "常客"] },
        { not: { field: "following", op: "eq", value: true } },
        {
          not: {
            any: [
              { field: "spend", op: "between", value: [100, 2000], channel: "online" },
              { field: "homeStore", op: "exists", value: true },
            ],
          },
        },
        {
          all: [
            { field: "boundAt", op: "within", value: 30 },
            { field: "homeStore", op: "in", value: ["sto_1", "sto_2"] },
          ],
        },
      ],
    };
    const root = fromRule(rule, keyGen());
    expect(root.children.map((c) => (c.type === "group" ? c.mode : "cond"))).toEqual([
      "cond",
      "not",
      "not",
      "all",
    ]);
    expect((root.children[0] as CondRow).value).toBe("VIP, 常客");
    const back = toRule(root, catalogue);
    expect(back.errors).toEqual([]);
    // `exists` takes no value: written without one.
    const [, , none] = rule.any as [unknown, unknown, { not: { any: unknown[] } }];
    expect(back.rule).toEqual({
      any: [
        rule.any[0],
        rule.any[1],
        { not: { any: [none.not.any[0], { field: "homeStore", op: "exists" }] } },
        rule.any[3],
      ],
    });
  });

  it("a bare condition is read as an all group of one", () => {
    const root = fromRule({ field: "tag", op: "has", value: "VIP" }, keyGen());
    expect(toRule(root, catalogue).rule).toEqual({ all: [{ field: "tag", op: "has", value: "VIP" }] });
  });

  it("says what is wrong without changing what was typed: words in a number, an empty value, an empty group, min above max", () => {
    const root: GroupRow = fromRule(
      {
        all: [
          { field: "spend", op: "gte", value: 0, days: 90 },
          { field: "tag", op: "has", value: "" },
          { any: [] },
          { field: "purchases", op: "between", value: [5, 2] },
        ],
      },
      keyGen(),
    );
    const spend = root.children[0] as CondRow;
    spend.value = "三千";
    spend.days = "九十";
    const { errors } = toRule(root, catalogue);
    expect(errors).toEqual([
      { key: spend.key, part: "value", problem: "notInteger" },
      { key: spend.key, part: "days", problem: "notInteger" },
      { key: root.children[1]?.key, part: "value", problem: "required" },
      { key: root.children[2]?.key, part: "", problem: "emptyGroup" },
      { key: root.children[3]?.key, part: "value", problem: "loAboveHi" },
    ]);
    expect(spend.value).toBe("三千");
  });

  it("reads whole numbers as people type them: commas, full-width digits, NT$; nothing else", () => {
    expect(parseWhole("1,200")).toBe(1200);
    expect(parseWhole("１２００")).toBe(1200);
    expect(parseWhole(" NT$ 3000 ")).toBe(3000);
    expect(parseWhole("-5")).toBe(-5);
    for (const bad of ["1.5", "12,00", "", "abc", "1e3"]) expect(parseWhole(bad), bad).toBeNull();
  });

  it("carries what was typed to another op or a field of the same kind", () => {
    const row = fromRule({ field: "spend", op: "gte", value: 3000, days: 90 }, keyGen())
      .children[0] as CondRow;
    expect(changeOp(row, "between", catalogue.get("spend"))).toMatchObject({ op: "between", lo: "3000" });
    const moved = changeField(row, catalogue.get("spend"), catalogue.get("purchases") as FieldInfo);
    expect(moved).toMatchObject({ field: "purchases", op: "gte", value: "3000", days: "90" });
    const live = changeField(row, catalogue.get("spend"), catalogue.get("liveOrders") as FieldInfo);
    expect(live).toMatchObject({ days: "90", store: "", channel: "" });
    const tier = changeField(row, catalogue.get("spend"), catalogue.get("tier") as FieldInfo);
    expect(tier).toMatchObject({ field: "tier", op: "gte", value: "regular", days: "" });
    const tags = fromRule({ field: "tag", op: "has", value: "VIP" }, keyGen()).children[0] as CondRow;
    expect(changeOp(tags, "hasAny", catalogue.get("tag"))).toMatchObject({ value: "VIP", values: [] });
  });
});

describe("a refusal's path → its row", () => {
  const root = fromRule(
    {
      all: [
        { field: "tier", op: "gte", value: "gold" },
        { any: [{ field: "tag", op: "has", value: "a" }] },
        { not: { field: "spend", op: "gt", value: 1 } },
      ],
    },
    keyGen(),
  );
  const { paths } = toRule(root, catalogue);
  const [tier, any, not] = root.children as [CondRow, GroupRow, GroupRow];
  it("names the row and its part, however deep", () => {
    expect(rowAt("rule.all.0.op", paths)).toEqual({ key: tier.key, part: "op" });
    expect(rowAt("rule.all.1.any.0.value", paths)).toEqual({ key: any.children[0]?.key, part: "value" });
    expect(rowAt("rule.all.2.not.value", paths)).toEqual({ key: not.children[0]?.key, part: "value" });
    expect(rowAt("rule.all.1.any", paths)).toEqual({ key: any.key, part: "" });
    expect(rowAt("rule.all.0.frequency", paths)).toEqual({ key: tier.key, part: "" });
    expect(rowAt("name", paths)).toBeNull();
  });
  it("drops the path the server appends to its sentence", () => {
    expect(withoutPath("值須為 0 到 1000000000 的整數（rule.all.1.value）")).toBe(
      "值須為 0 到 1000000000 的整數",
    );
    expect(withoutPath('Field "tier" does not take op "gt" (at rule.all.0.op).')).toBe(
      'Field "tier" does not take op "gt"',
    );
  });
});
