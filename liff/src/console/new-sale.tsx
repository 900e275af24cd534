import { useRef, useState } from "preact/hooks";
import { LIVE_LIMITS } from "../../../worker/src/lib/limits";
import { parseWhole, type WholeRefusal } from "../app/whole-number";
import { apiErrorText } from "../i18n/error-text";
import { ApiError, type NewSale, type Sale } from "./api";
import { type FieldErrors, formErrors } from "./form-errors";
import type { Strings } from "./i18n";
import { type Ctx, href } from "./nav";
import { emptyRow, ProductRow, type Row } from "./product-row";
import { Icon } from "./ui";
import { parseVariants } from "./variants";

const HOLD_OPTIONS = [30, 60, 180, 720, 1440, 4320, 10080];

const fmt = (n: number) => n.toLocaleString("en-US");

/** Why a number field was refused, in the seller's language, with the limit it broke. */
export function wholeError(r: { reason: WholeRefusal; min: number; max: number }, t: Strings): string {
  switch (r.reason) {
    case "EMPTY":
      return t.required;
    case "NOT_WHOLE":
      return t.notInteger;
    case "NEGATIVE":
      return t.negative;
    case "NOT_A_NUMBER":
      return t.notNumber;
    case "TOO_SMALL":
      return t.tooSmall(fmt(r.min));
    case "TOO_LARGE":
      return t.tooBig(fmt(r.max));
  }
}

/** 新增直播: title, products (code, name, price, stock, per-buyer limit, variants), featured, hold. */
export function NewSalePage({ ctx, onCreated }: { ctx: Ctx; onCreated: (sale: Sale, key: string) => void }) {
  const { t, lang, api } = ctx;
  const [title, setTitle] = useState("");
  const [rows, setRows] = useState<Row[]>(() => [emptyRow("A")]);
  const [featured, setFeatured] = useState("");
  const [hold, setHold] = useState(1440);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState("");
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const update = (key: number, patch: Partial<Row>) =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const codes = rows.map((r) => r.code.trim()).filter((c) => c.length > 0);

  /** Focus the first field with an error, in the order of the form. */
  const focusFirstError = () =>
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!title.trim()) local.title = t.required;
    const products: NewSale["products"] = rows.map((r, i) => {
      const variants = parseVariants(r.variants);
      if (variants === null) local[`products.${i}.variants`] = t.variantsFormat;
      else if (variants.some((x) => x.stock > LIVE_LIMITS.maxStock))
        local[`products.${i}.variants`] = t.variantTooBig(fmt(LIVE_LIMITS.maxStock));
      const v = variants ?? [];
      /** Strictly read (`12.5`, `-1`, `1e3` refused; `1,200` and full-width digits taken as meant). */
      const whole = (f: string, value: string, min: number, max: number): number => {
        const p = parseWhole(value, { min, max });
        if (!p.ok) local[`products.${i}.${f}`] = wholeError(p, t);
        return p.ok ? p.value : 0;
      };
      const price = whole("price", r.price, 0, LIVE_LIMITS.maxPrice);
      const limit = r.limit.trim() ? whole("perBuyerLimit", r.limit, 1, LIVE_LIMITS.maxPerBuyer) : null;
      const stock =
        v.length > 0 ? v.reduce((s, x) => s + x.stock, 0) : whole("stock", r.stock, 0, LIVE_LIMITS.maxStock);
      return {
        code: r.code,
        name: r.name,
        price,
        stock,
        ...(limit !== null ? { perBuyerLimit: limit } : {}),
        ...(v.length > 0 ? { variants: v } : {}),
      };
    });
    if (Object.keys(local).length > 0) {
      setErrors(local);
      setFormError(t.fixErrors);
      focusFirstError();
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError("");
    try {
      const body: NewSale = {
        title,
        products,
        holdMinutes: hold,
        ...(featured ? { featuredCode: featured } : {}),
      };
      const sale = await api.createSale(body);
      onCreated(sale, sale.ingestKey);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const placed = formErrors(err, t, lang);
        setErrors(placed.fields);
        setFormError(placed.form || t.fixErrors);
        focusFirstError();
      } else {
        setFormError(apiErrorText(err, lang));
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (key: string) => ({
    "data-error-key": key,
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": errors[key] ? `err-${key.replace(/\./g, "-")}` : undefined,
  });
  /** Typing into a field clears its refusal (必填 and the server's); the next save checks again. */
  const clearTyped = (e: Event) => {
    const key = (e.target as HTMLElement | null)?.dataset?.errorKey;
    if (key) setErrors((all) => (key in all ? without(all, key) : all));
  };
  const errorOf = (key: string) =>
    errors[key] ? (
      <p class="field-error" id={`err-${key.replace(/\./g, "-")}`} data-testid="field-error" data-field={key}>
        {errors[key]}
      </p>
    ) : null;

  return (
    <div class="page page-narrow">
      <a class="crumb" href={href({ page: "sales" })}>
        <Icon name="back" size={16} />
        {t.allSales}
      </a>
      <div class="page-head">
        <div>
          <h1 tabIndex={-1}>{t.newSaleTitle}</h1>
          <p class="lead">{t.newSaleLead}</p>
        </div>
      </div>
      <form
        ref={form}
        class="stack"
        data-testid="new-sale-form"
        noValidate
        onSubmit={submit}
        onInput={clearTyped}
        onChange={clearTyped}
      >
        {formError && (
          <p class="banner banner-error" role="alert" data-testid="form-error">
            {formError}
          </p>
        )}
        <section class="card card-pad" aria-labelledby="basics">
          <h2 id="basics" class="card-title">
            {t.sectionBasics}
          </h2>
          <div class="form-grid">
            <div class="field field-wide">
              <label class="field-label" for="sale-title">
                {t.saleTitle}
              </label>
              <input
                id="sale-title"
                class="input"
                data-testid="sale-title"
                maxLength={100}
                placeholder={t.saleTitlePlaceholder}
                value={title}
                onInput={(e) => setTitle(e.currentTarget.value)}
                {...field("title")}
              />
              {errorOf("title")}
            </div>
            <div class="field">
              <label class="field-label" for="featured">
                {t.featured}
              </label>
              <select
                id="featured"
                class="input"
                data-testid="featured"
                value={featured}
                onChange={(e) => setFeatured(e.currentTarget.value)}
                aria-describedby={errors.featuredCode ? "err-featuredCode featured-hint" : "featured-hint"}
                aria-invalid={errors.featuredCode ? true : undefined}
                data-error-key="featuredCode"
              >
                <option value="">{t.featuredNone}</option>
                {codes.map((c) => (
                  <option key={c} value={c}>
                    {c} {rows.find((r) => r.code.trim() === c)?.name}
                  </option>
                ))}
              </select>
              {errorOf("featuredCode")}
              <p class="hint" id="featured-hint">
                {t.featuredHint}
              </p>
            </div>
            <div class="field">
              <label class="field-label" for="hold">
                {t.hold}
              </label>
              <select
                id="hold"
                class="input"
                data-testid="hold"
                value={String(hold)}
                onChange={(e) => setHold(Number(e.currentTarget.value))}
                aria-describedby="hold-hint"
              >
                {HOLD_OPTIONS.map((m) => (
                  <option key={m} value={String(m)}>
                    {t.holdOptions(m)}
                  </option>
                ))}
              </select>
              {errorOf("holdMinutes")}
              <p class="hint" id="hold-hint">
                {t.holdHint}
              </p>
            </div>
          </div>
        </section>

        <section class="card" aria-labelledby="products">
          <div class="card-pad card-pad-b0">
            <h2 id="products" class="card-title">
              {t.sectionProducts}
            </h2>
            <p class="hint">{t.productsLead}</p>
            <p class="hint" data-testid="product-limits">
              {t.productLimits(
                fmt(LIVE_LIMITS.maxPrice),
                fmt(LIVE_LIMITS.maxStock),
                fmt(LIVE_LIMITS.maxPerBuyer),
              )}
            </p>
            {errorOf("products")}
          </div>
          <div class="table-wrap">
            <table class="table table-form" data-testid="products-table">
              <thead>
                <tr>
                  <th scope="col" class="w-code">
                    {t.colCode}
                  </th>
                  <th scope="col">{t.colName}</th>
                  <th scope="col" class="w-num">
                    {t.colPrice}
                  </th>
                  <th scope="col" class="w-num">
                    {t.colStock}
                  </th>
                  <th scope="col" class="w-num">
                    {t.colLimit}
                  </th>
                  <th scope="col" class="w-variants">
                    {t.colVariants}
                  </th>
                  <th scope="col" class="w-x">
                    <span class="visually-hidden">{t.colActions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <ProductRow
                    key={r.key}
                    r={r}
                    i={i}
                    t={t}
                    field={field}
                    errorOf={errorOf}
                    update={update}
                    removable={rows.length > 1}
                    onRemove={() => setRows((list) => list.filter((x) => x.key !== r.key))}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <div class="card-foot card-foot-start">
            <button
              type="button"
              class="btn btn-secondary btn-sm"
              data-testid="add-product"
              onClick={() => {
                setRows((list) => [...list, emptyRow()]);
                requestAnimationFrame(() => {
                  const inputs = form.current?.querySelectorAll<HTMLInputElement>(
                    "[data-testid=product-code]",
                  );
                  inputs?.[inputs.length - 1]?.focus();
                });
              }}
            >
              <Icon name="plus" size={16} />
              {t.addProduct}
            </button>
          </div>
        </section>

        <div class="form-actions">
          <a class="btn btn-secondary" href={href({ page: "sales" })}>
            {t.cancel}
          </a>
          <button type="submit" class="btn btn-primary" disabled={busy} data-testid="create-sale">
            {busy ? t.creating : t.create}
          </button>
        </div>
      </form>
    </div>
  );
}

const without = (all: FieldErrors, key: string): FieldErrors =>
  Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));
