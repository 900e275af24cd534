import { useRef, useState } from "preact/hooks";
import { api, type Schemas } from "../../api";
import { fmtMoney, fmtNumber, useLang } from "../../i18n";
import { platformReady } from "../../platform";
import { groupCode } from "../../ui/codes";
import { Icon } from "../../ui/icons";
import { Button, ErrorBox } from "../../ui/kit";
import { LinkResult } from "./link-result";
import { linkCard, linkRefusal, tl } from "./links-messages";

type Cart = Schemas["StaffShopLink"] & {
  items: Array<{ sku: string; name: string; quantity: number; price: number }>;
  total: number;
};
export type Shop = {
  id: string;
  name: string;
  baseUrl: string;
  carts: boolean;
  products: Array<{ sku: string; name: string; price: number; url: string | null }>;
};

/** A card number as typed or scanned: full-width as ASCII, a printed card's spaces and hyphens out. */
const normalCode = (s: string) => s.normalize("NFKC").replace(/[\s-]/g, "");
const FIELD = "cart-member";

/**
 * 代加入購物車: the shop's catalogue with a quantity stepper each and the running total; 產生連結
 * makes the cart link (copy, share, QR), 傳給會員 pushes it in LINE to a member of my store whose
 * card is scanned or typed — a refusal is said under the field, the number kept as typed.
 */
export function CartBuilder(props: { shop: Shop; clerk: string }) {
  useLang();
  const { shop } = props;
  const [qty, setQty] = useState<Record<string, number>>({});
  const [cart, setCart] = useState<Cart | null>(null);
  const [busy, setBusy] = useState<"make" | "send" | null>(null);
  const working = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const items = shop.products
    .filter((p) => (qty[p.sku] ?? 0) > 0)
    .map((p) => ({ sku: p.sku, quantity: qty[p.sku] ?? 0 }));
  const count = items.reduce((n, i) => n + i.quantity, 0);
  const total = shop.products.reduce((n, p) => n + p.price * (qty[p.sku] ?? 0), 0);
  const step = (sku: string, by: number) => {
    setQty((q) => ({ ...q, [sku]: Math.min(99, Math.max(0, (q[sku] ?? 0) + by)) }));
    setCart(null);
    setSent(null);
    setError(null);
  };
  const focusField = () => requestAnimationFrame(() => document.getElementById(FIELD)?.focus());

  const run = async <T,>(kind: "make" | "send", call: () => Promise<T>): Promise<T | null> => {
    if (working.current) return null;
    if (items.length === 0) {
      setError(tl("links.pickFirst"));
      return null;
    }
    working.current = true;
    setBusy(kind);
    setError(null);
    setCodeError(null);
    setSent(null);
    try {
      return await call();
    } catch (e) {
      const r = linkRefusal(e, shop.baseUrl);
      if (r.field === "memberCode") {
        setCodeError(r.text);
        focusField();
      } else setError(r.text);
      return null;
    } finally {
      working.current = false;
      setBusy(null);
    }
  };
  const make = async () => {
    const made = await run("make", () =>
      api("post", "/api/staff/cart-links", { body: { shopId: shop.id, items } }),
    );
    if (made) setCart(made);
  };
  const send = async (raw: string) => {
    const memberCode = normalCode(raw);
    if (!memberCode) {
      setCodeError(tl("links.err.memberRequired"));
      return focusField();
    }
    const done = await run("send", () =>
      api("post", "/api/staff/cart-links/send", { body: { shopId: shop.id, memberCode, items } }),
    );
    if (!done) return;
    const name = done.sentTo.displayName ?? tl("links.memberFallback", { code: groupCode(memberCode) });
    setSent(tl("links.sent", { name, n: fmtNumber(count), total: fmtMoney(done.total) }));
    setSending(false);
    setCode("");
  };
  const scan = async () => {
    const value = await (await platformReady).scan();
    if (value) {
      setCode(value);
      void send(value);
    } else {
      setCodeError(tl("links.err.scan"));
      focusField();
    }
  };

  if (!shop.carts) return <p class="notice-inline">{tl("links.noCart")}</p>;
  if (shop.products.length === 0) return <p class="empty">{tl("links.emptyCatalogue")}</p>;
  return (
    <>
      <p class="muted small">{tl("links.cartLead")}</p>
      <ul class="panel cart-list" aria-label={tl("links.catalogue")}>
        {shop.products.map((p) => {
          const n = qty[p.sku] ?? 0;
          return (
            <li key={p.sku} class={n > 0 ? "cart-row picked" : "cart-row"} data-testid={`cart-${p.sku}`}>
              <span class="cart-name">
                <strong>{p.name}</strong>
                <span class="muted small">{fmtMoney(p.price)}</span>
              </span>
              <span class="stepper">
                <button
                  type="button"
                  aria-label={tl("links.less", { name: p.name })}
                  disabled={n === 0}
                  data-testid="cart-less"
                  onClick={() => step(p.sku, -1)}
                >
                  −
                </button>
                <output aria-label={tl("links.qty", { name: p.name })} data-testid="cart-qty">
                  {n}
                </output>
                <button
                  type="button"
                  aria-label={tl("links.more", { name: p.name })}
                  disabled={n >= 99}
                  data-testid="cart-more"
                  onClick={() => step(p.sku, 1)}
                >
                  +
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      <div class="cart-sum" aria-live="polite" data-testid="cart-total">
        <span>{tl("links.items", { n: fmtNumber(count) })}</span>
        <span>
          {tl("links.total")} <strong class="num">{fmtMoney(total)}</strong>
        </span>
      </div>
      {error ? (
        <div data-testid="cart-error">
          <ErrorBox message={error} />
        </div>
      ) : null}
      {sent ? (
        <p class="links-status" role="status" data-testid="cart-sent">
          {sent}
        </p>
      ) : null}
      {sending ? (
        <form
          class="panel form"
          onSubmit={(e) => {
            e.preventDefault();
            void send(code);
          }}
        >
          <h3 class="panel-title">{tl("links.sendTitle")}</h3>
          <Button kind="secondary" onClick={scan} testid="cart-scan">
            <Icon name="scan" />
            {tl("links.scan")}
          </Button>
          <div class={codeError ? "field has-error" : "field"}>
            <label for={FIELD}>{tl("links.member")}</label>
            <input
              id={FIELD}
              inputMode="numeric"
              autoComplete="off"
              enterKeyHint="send"
              placeholder="8800 0000 0000 0001"
              value={code}
              aria-invalid={codeError ? "true" : undefined}
              aria-describedby={`${FIELD}-hint${codeError ? ` ${FIELD}-error` : ""}`}
              data-testid="cart-member"
              onInput={(e) => {
                setCode((e.target as HTMLInputElement).value);
                setCodeError(null);
              }}
            />
            {codeError ? (
              <p class="field-error" id={`${FIELD}-error`} role="alert" data-testid="cart-member-error">
                {codeError}
              </p>
            ) : null}
            <p class="field-hint" id={`${FIELD}-hint`}>
              {tl("links.memberHint")}
            </p>
          </div>
          <Button type="submit" busy={busy === "send"} testid="cart-send-now">
            {busy === "send" ? tl("links.sending") : tl("links.sendNow")}
          </Button>
          <Button kind="ghost" onClick={() => setSending(false)}>
            {tl("links.cancel")}
          </Button>
        </form>
      ) : (
        <div class="button-row">
          <Button onClick={make} busy={busy === "make"} testid="cart-make">
            {busy === "make" ? tl("links.making") : tl("links.make")}
          </Button>
          <Button
            kind="secondary"
            onClick={() => {
              setSending(true);
              focusField();
            }}
            testid="cart-send"
          >
            <Icon name="chat" size={18} /> {tl("links.send")}
          </Button>
        </div>
      )}
      {cart ? (
        <LinkResult
          url={cart.url}
          expiresAt={cart.expiresAt}
          title={tl("links.madeFor", { name: props.clerk })}
          card={linkCard(
            shop.name,
            cart.url,
            cart.items.map((i) => `${i.name} × ${i.quantity}`).concat(`合計 Total ${fmtMoney(cart.total)}`),
          )}
          testid="cart-link"
        />
      ) : null}
    </>
  );
}
