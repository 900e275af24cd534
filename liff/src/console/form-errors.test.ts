import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { formErrors } from "./form-errors";
import { STRINGS } from "./i18n";

const zh = STRINGS["zh-TW"];
const refusal = (message: string, issues?: Array<{ path: string; message: string }>) =>
  new ApiError(400, "VALIDATION_FAILED", message, issues ? { issues } : undefined);

describe("new-sale refusals placed on their fields", () => {
  it("zod issues by path, in the seller's language", () => {
    const err = refusal("title: Too small", [
      { path: "title", message: "Too small: expected string to have >=1 characters" },
      { path: "products.1.price", message: "Invalid input: expected number, received undefined" },
      { path: "products.0.variants.2.stock", message: "Too big: expected number to be <=1000000" },
      { path: "holdMinutes", message: "Too small: expected number to be >=5" },
    ]);
    expect(formErrors(err, ["A", "B"], zh, "zh-TW")).toEqual({
      fields: {
        title: "必填",
        "products.1.price": "必填",
        "products.0.variants": "不可大於 1000000",
        holdMinutes: "不可小於 5",
      },
      form: "",
    });
    expect(formErrors(err, ["A", "B"], STRINGS.en, "en").fields.title).toBe("Required");
  });

  it("the server's catalogue checks, read from the message", () => {
    const codes = ["A", "B02", "ａ"];
    expect(
      formErrors(refusal('Product code "ａ" is used twice. 商品代碼「ａ」重複。'), codes, zh, "zh-TW"),
    ).toEqual({ fields: { "products.2.code": "商品代碼「ａ」重複。" }, form: "" });
    expect(
      formErrors(
        refusal('Product B02: variant "紅 M" is used twice. 規格「紅 M」重複。'),
        codes,
        STRINGS.en,
        "en",
      ),
    ).toEqual({ fields: { "products.1.variants": 'Product B02: variant "紅 M" is used twice.' }, form: "" });
    expect(
      formErrors(
        refusal('The featured product "Z" is not in the sale. 主打商品「Z」不在商品清單中。'),
        codes,
        zh,
        "zh-TW",
      ),
    ).toEqual({ fields: { featuredCode: "主打商品「Z」不在商品清單中。" }, form: "" });
    expect(formErrors(refusal("Something else. 其他錯誤。"), codes, zh, "zh-TW")).toEqual({
      fields: {},
      form: "其他錯誤。",
    });
  });
});
