import type { JSX } from "preact";
import type { Strings } from "./i18n";
import { Icon } from "./ui";
import { parseVariants } from "./variants";

/** One product row of the new-sale form, as typed (read strictly on submit). */
export interface Row {
  key: number;
  code: string;
  name: string;
  price: string;
  stock: string;
  limit: string;
  variants: string;
}

let nextKey = 1;
export const emptyRow = (code = ""): Row => ({
  key: nextKey++,
  code,
  name: "",
  price: "",
  stock: "",
  limit: "",
  variants: "",
});

/** The ARIA wiring and message of one form field's error. */
export interface FieldWiring {
  field: (key: string) => { "aria-invalid": boolean | undefined; "aria-describedby": string | undefined };
  errorOf: (key: string) => JSX.Element | null;
}

/** A product's inputs: code, name, price, stock (summed from the variants when given), limit, variants. */
export function ProductRow({
  r,
  i,
  t,
  field,
  errorOf,
  update,
  removable,
  onRemove,
}: FieldWiring & {
  r: Row;
  i: number;
  t: Strings;
  update: (key: number, patch: Partial<Row>) => void;
  removable: boolean;
  onRemove: () => void;
}) {
  const k = (f: string) => `products.${i}.${f}`;
  const label = (f: string) => t.rowLabel(i + 1, f);
  const v = parseVariants(r.variants);
  const fromVariants = v !== null && v.length > 0;
  return (
    <tr key={r.key} data-testid="product-row">
      <td>
        <input
          class="input input-code"
          aria-label={label(t.colCode)}
          data-testid="product-code"
          maxLength={12}
          value={r.code}
          onInput={(e) => update(r.key, { code: e.currentTarget.value.toUpperCase() })}
          {...field(k("code"))}
        />
        {errorOf(k("code"))}
      </td>
      <td>
        <input
          class="input"
          aria-label={label(t.colName)}
          data-testid="product-name"
          maxLength={100}
          value={r.name}
          onInput={(e) => update(r.key, { name: e.currentTarget.value })}
          {...field(k("name"))}
        />
        {errorOf(k("name"))}
      </td>
      <td>
        <input
          class="input num"
          inputMode="numeric"
          aria-label={label(t.colPrice)}
          data-testid="product-price"
          value={r.price}
          onInput={(e) => update(r.key, { price: e.currentTarget.value })}
          {...field(k("price"))}
        />
        {errorOf(k("price"))}
      </td>
      <td>
        <input
          class="input num"
          inputMode="numeric"
          aria-label={label(t.colStock)}
          data-testid="product-stock"
          disabled={fromVariants}
          placeholder={fromVariants ? String(v.reduce((s, x) => s + x.stock, 0)) : ""}
          title={fromVariants ? t.stockFromVariants : undefined}
          value={fromVariants ? "" : r.stock}
          onInput={(e) => update(r.key, { stock: e.currentTarget.value })}
          {...field(k("stock"))}
        />
        {errorOf(k("stock"))}
      </td>
      <td>
        <input
          class="input num"
          inputMode="numeric"
          aria-label={label(t.colLimit)}
          data-testid="product-limit"
          placeholder={t.limitPlaceholder}
          value={r.limit}
          onInput={(e) => update(r.key, { limit: e.currentTarget.value })}
          {...field(k("perBuyerLimit"))}
        />
        {errorOf(k("perBuyerLimit"))}
      </td>
      <td>
        <input
          class="input"
          aria-label={label(t.colVariants)}
          data-testid="product-variants"
          placeholder={t.variantsPlaceholder}
          value={r.variants}
          onInput={(e) => update(r.key, { variants: e.currentTarget.value })}
          {...field(k("variants"))}
        />
        {errorOf(k("variants"))}
      </td>
      <td>
        <button
          type="button"
          class="btn btn-icon"
          aria-label={t.removeProduct(i + 1)}
          title={t.removeProduct(i + 1)}
          disabled={!removable}
          onClick={onRemove}
        >
          <Icon name="trash" size={16} />
        </button>
      </td>
    </tr>
  );
}
