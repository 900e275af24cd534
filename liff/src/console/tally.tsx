import { useEffect, useRef, useState } from "preact/hooks";
import type { Sale, TallyRow } from "./api";
import { count, money } from "./format";
import type { Strings } from "./i18n";
import { Chip } from "./ui";

const unitKey = (r: { code: string; variant?: string | undefined }) => `${r.code}\u0000${r.variant ?? ""}`;

/**
 * The tally from the server's event stream (`GET /api/lives/{id}/tally/stream`, public, so a
 * plain EventSource), with the keys of the units that just changed (for a short highlight) and
 * `version`, bumped on every change after the first, for the panels that refresh with it.
 */
export function useTallyStream(saleId: string, initial: () => Promise<TallyRow[]>) {
  const [rows, setRows] = useState<TallyRow[] | null>(null);
  const [connected, setConnected] = useState(false);
  const [version, setVersion] = useState(0);
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const last = useRef<Map<string, string> | null>(null);
  const initialRef = useRef(initial);

  useEffect(() => {
    let alive = true;
    let clear: ReturnType<typeof setTimeout> | undefined;
    const apply = (next: TallyRow[]) => {
      if (!alive) return;
      const seen = new Map(next.map((r) => [unitKey(r), `${r.ordered}/${r.waitlisted}/${r.stock}`]));
      const before = last.current;
      last.current = seen;
      setRows(next);
      if (!before) return;
      const diff = new Set([...seen].filter(([k, v]) => before.get(k) !== v).map(([k]) => k));
      if (diff.size === 0) return;
      setVersion((v) => v + 1);
      setChanged(diff);
      clearTimeout(clear);
      clear = setTimeout(() => alive && setChanged(new Set()), 1600);
    };
    initialRef.current().then(apply, () => {});
    const es = new EventSource(`/api/lives/${encodeURIComponent(saleId)}/tally/stream`);
    es.addEventListener("tally", (e) => {
      setConnected(true);
      try {
        apply((JSON.parse((e as MessageEvent<string>).data) as { products: TallyRow[] }).products);
      } catch {
        // a malformed event: the next one carries the whole tally again
      }
    });
    es.onopen = () => setConnected(true);
    es.onerror = () => setConnected(false);
    return () => {
      alive = false;
      clearTimeout(clear);
      es.close();
    };
  }, [saleId]);

  return { rows, connected, version, changed };
}

/** At most this many unit cells per bar; more stock is drawn as a meter. */
const MAX_CELLS = 60;
const MAX_WAIT_CELLS = 12;

function UnitsBar({ row, t }: { row: TallyRow; t: Strings }) {
  const label = t.unitsBar(row.ordered, row.stock, row.waitlisted);
  if (row.stock > MAX_CELLS || row.stock === 0) {
    const pct = row.stock > 0 ? (row.ordered / row.stock) * 100 : 0;
    return (
      <div class="units units-meter" role="img" aria-label={label}>
        <span class="meter meter-lg">
          <span
            class={`meter-fill${row.remaining === 0 ? " meter-full" : ""}`}
            style={{ width: `${pct}%` }}
          />
        </span>
      </div>
    );
  }
  const wait = Math.min(row.waitlisted, MAX_WAIT_CELLS);
  return (
    <div class="units" role="img" aria-label={label}>
      {Array.from({ length: row.stock }, (_, i) => (
        <span key={`s${i}`} class={`cell ${i < row.ordered ? "cell-on" : "cell-off"}`} />
      ))}
      {wait > 0 && <span class="cell-gap" />}
      {Array.from({ length: wait }, (_, i) => (
        <span key={`w${i}`} class="cell cell-wait" />
      ))}
      {row.waitlisted > wait && <span class="cell-more">+{row.waitlisted - wait}</span>}
    </div>
  );
}

/** 即時統計: one card per product, one line per variant, numbers and a cell per unit. */
export function TallyGrid(props: { t: Strings; rows: TallyRow[]; sale: Sale; changed: Set<string> }) {
  const { t, rows, sale } = props;
  const products: Array<{ code: string; name: string; price: number; units: TallyRow[] }> = [];
  for (const r of rows) {
    const p = products.find((x) => x.code === r.code);
    if (p) p.units.push(r);
    else products.push({ code: r.code, name: r.name, price: r.price, units: [r] });
  }
  return (
    <div class="tally" data-testid="tally">
      {products.map((p) => {
        const info = sale.products.find((x) => x.code === p.code);
        const soldOut = p.units.every((u) => u.remaining === 0 && u.stock > 0);
        return (
          <article
            key={p.code}
            class={`product${soldOut ? " product-soldout" : ""}`}
            data-testid="tally-product"
            data-code={p.code}
            aria-labelledby={`product-${p.code}`}
          >
            <header class="product-head">
              <span class="code-badge">{p.code}</span>
              <h3 id={`product-${p.code}`} class="product-name">
                {p.name}
              </h3>
              {sale.featuredCode === p.code && <Chip tone="blue">{t.featuredBadge}</Chip>}
              {soldOut && <Chip tone="red">{t.soldOut}</Chip>}
              <span class="product-meta">
                {money(p.price)}
                {info?.perBuyerLimit ? ` · ${t.perBuyer(info.perBuyerLimit)}` : ""}
              </span>
            </header>
            <ul class="unit-list">
              {p.units.map((u) => {
                const out = u.remaining === 0 && u.stock > 0;
                return (
                  <li
                    key={unitKey(u)}
                    class={`unit${out ? " unit-soldout" : ""}${props.changed.has(unitKey(u)) ? " flash" : ""}`}
                    data-testid="tally-unit"
                    data-code={u.code}
                    data-variant={u.variant ?? ""}
                    data-ordered={u.ordered}
                    data-remaining={u.remaining}
                    data-waitlisted={u.waitlisted}
                    data-soldout={out ? "true" : "false"}
                  >
                    <div class="unit-name">
                      {u.variant ?? <span class="muted">{t.noVariant}</span>}
                      {out && p.units.length > 1 && <span class="soldout-tag">{t.soldOut}</span>}
                    </div>
                    <dl class="unit-figures">
                      <div>
                        <dt>{t.ordered}</dt>
                        <dd>
                          <strong>{count(u.ordered)}</strong>
                          <span class="of"> {t.ofStock(u.stock)}</span>
                        </dd>
                      </div>
                      <div>
                        <dt>{t.remaining}</dt>
                        <dd class={out ? "text-bad" : ""}>{count(u.remaining)}</dd>
                      </div>
                      <div>
                        <dt>{t.waitlisted}</dt>
                        <dd class={u.waitlisted > 0 ? "text-warn" : ""}>{count(u.waitlisted)}</dd>
                      </div>
                    </dl>
                    <UnitsBar row={u} t={t} />
                  </li>
                );
              })}
            </ul>
          </article>
        );
      })}
    </div>
  );
}
