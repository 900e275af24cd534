import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { formErrors } from "./form-errors";
import { STRINGS } from "./i18n";

const zh = STRINGS["zh-TW"];
const refusal = (message: string, issues?: Array<{ path: string; message: string }>) =>
  new ApiError(400, "VALIDATION_FAILED", message, issues ? { issues } : undefined);
const onField = (message: string, field: string) =>
  new ApiError(400, "VALIDATION_FAILED", message, { field });

describe("new-sale refusals placed on their fields", () => {
  it("zod issues by path, in the seller's language", () => {
    const err = refusal("title: Too small", [
      { path: "title", message: "Too small: expected string to have >=1 characters" },
      { path: "products.1.price", message: "Invalid input: expected number, received undefined" },
      { path: "products.0.variants.2.stock", message: "Too big: expected number to be <=1000000" },
      { path: "holdMinutes", message: "Too small: expected number to be >=5" },
    ]);
    expect(formErrors(err, zh, "zh-TW")).toEqual({
      fields: {
        title: "必填",
        "products.1.price": "必填",
        "products.0.variants": "不可大於 1000000",
        holdMinutes: "不可小於 5",
      },
      form: "",
    });
    expect(formErrors(err, STRINGS.en, "en").fields.title).toBe("Required");
  });

  it("the server's catalogue checks, on the field the server names", () => {
    expect(formErrors(onField("商品代碼「ａ」重複。", "products.2.code"), zh, "zh-TW")).toEqual({
      fields: { "products.2.code": "商品代碼「ａ」重複。" },
      form: "",
    });
    expect(
      formErrors(
        onField('Product B02: variant "紅 M" is used twice.', "products.1.variants"),
        STRINGS.en,
        "en",
      ),
    ).toEqual({ fields: { "products.1.variants": 'Product B02: variant "紅 M" is used twice.' }, form: "" });
    expect(formErrors(onField("主打商品「Z」不在商品清單中。", "featuredCode"), zh, "zh-TW")).toEqual({
      fields: { featuredCode: "主打商品「Z」不在商品清單中。" },
      form: "",
    });
    // A field the form does not have, or none at all: the message goes above the form.
    expect(formErrors(onField("其他錯誤。", "somethingElse"), zh, "zh-TW")).toEqual({
      fields: {},
      form: "其他錯誤。",
    });
    expect(formErrors(refusal("其他錯誤。"), zh, "zh-TW")).toEqual({ fields: {}, form: "其他錯誤。" });
  });
});
