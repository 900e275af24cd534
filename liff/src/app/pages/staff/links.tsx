import { useRef, useState } from "preact/hooks";
import { api, type Schemas } from "../../api";
import { t, useLang } from "../../i18n";
import { navigate } from "../../nav";
import { Button, ErrorBox, Notice, Spinner } from "../../ui/kit";
import { useData } from "../../use-data";
import { CartBuilder, type Shop } from "./cart-builder";
import { LinkResult } from "./link-result";
import { linkCard, linkRefusal, tl } from "./links-messages";
import { StaffShell } from "./shell";
import "./links.css";

type Mode = "page" | "cart";
const MODES: Mode[] = ["page", "cart"];

/**
 * 推廣連結 (/staff/links): my signed link to any page of the brand's web shop, or a cart I fill
 * from its catalogue (代加入購物車) and send to a member in LINE; orders from either count for me.
 */
export default function StaffLinksPage(props: { query: URLSearchParams }) {
  useLang();
  const shops = useData(() => api("get", "/api/staff/shops"), []);
  const [shopId, setShopId] = useState<string | null>(null);
  const mode: Mode = props.query.get("mode") === "cart" ? "cart" : "page";
  const list = shops.data?.shops ?? [];
  const shop = list.find((s) => s.id === shopId) ?? list[0];
  return (
    <StaffShell section="staffLinks" title={tl("links.title")}>
      {(me) =>
        shops.error ? (
          <ErrorBox message={t("app.error")} onRetry={shops.reload} />
        ) : !shops.data ? (
          <Spinner />
        ) : !shop ? (
          <Notice icon="store" tone="warn" title={tl("links.noShops")} body={tl("links.noShopsBody")} />
        ) : (
          <>
            {list.length > 1 ? (
              <div class="field">
                <label for="links-shop">{tl("links.shop")}</label>
                <select
                  id="links-shop"
                  class="select"
                  value={shop.id}
                  data-testid="links-shop"
                  onChange={(e) => setShopId((e.target as HTMLSelectElement).value)}
                >
                  {list.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <p class="eyebrow">{shop.name}</p>
            )}
            <div class="segmented" role="tablist" aria-label={tl("links.modes")}>
              {MODES.map((m) => (
                <button
                  key={m}
                  type="button"
                  role="tab"
                  aria-selected={m === mode}
                  class={m === mode ? "seg active" : "seg"}
                  data-testid={`links-mode-${m}`}
                  onClick={() =>
                    navigate(`/staff/links${m === "cart" ? "?mode=cart" : ""}`, { replace: true })
                  }
                >
                  {tl(`links.mode.${m}`)}
                </button>
              ))}
            </div>
            <div role="tabpanel" class="links-panel">
              {mode === "page" ? (
                <PageLinkForm key={shop.id} shop={shop} clerk={me.name} />
              ) : (
                <CartBuilder key={shop.id} shop={shop} clerk={me.name} />
              )}
            </div>
          </>
        )
      }
    </StaffShell>
  );
}

type Made = Schemas["StaffShopLink"];

/**
 * A path typed as `/p/TEE-001` is the shop's page, under its address even when that has a path of
 * its own (`https://x.tw/shop` → `https://x.tw/shop/p/TEE-001`); a full URL is sent as typed.
 */
export function underShop(typed: string, base: string): string {
  if (!typed.startsWith("/") || typed.startsWith("//")) return typed;
  const root = new URL(base);
  const prefix = root.pathname.replace(/\/$/, "");
  if (!prefix || typed === prefix || typed.startsWith(`${prefix}/`)) return typed;
  return `${root.origin}${prefix}${typed}`;
}

/** 推廣連結: an address under the shop (a path or the full URL) → my link, to copy, share or show. */
function PageLinkForm(props: { shop: Shop; clerk: string }) {
  const { shop } = props;
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [made, setMade] = useState<Made | null>(null);
  const [busy, setBusy] = useState(false);
  const working = useRef(false);
  const focus = () => requestAnimationFrame(() => document.getElementById("links-url")?.focus());
  const make = async () => {
    if (working.current) return;
    const target = underShop(url.trim(), shop.baseUrl);
    if (!target) {
      setFieldError(tl("links.err.urlRequired"));
      return focus();
    }
    working.current = true;
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      setMade(await api("post", "/api/staff/shop-links", { body: { shopId: shop.id, url: target } }));
    } catch (e) {
      const r = linkRefusal(e, shop.baseUrl);
      if (r.field === "url") {
        setFieldError(r.text);
        focus();
      } else setError(r.text);
    } finally {
      working.current = false;
      setBusy(false);
    }
  };
  const products = shop.products.filter((p) => p.url);
  return (
    <>
      <form
        class="panel form"
        onSubmit={(e) => {
          e.preventDefault();
          void make();
        }}
      >
        <p class="muted small">{tl("links.pageLead")}</p>
        <div class={fieldError ? "field has-error" : "field"}>
          <label for="links-url">{tl("links.url")}</label>
          <input
            id="links-url"
            type="text"
            inputMode="url"
            autoComplete="off"
            autoCapitalize="off"
            spellcheck={false}
            enterKeyHint="go"
            list={products.length ? "links-products" : undefined}
            placeholder={tl("links.urlPlaceholder")}
            value={url}
            aria-invalid={fieldError ? "true" : undefined}
            aria-describedby={`links-url-hint${fieldError ? " links-url-error" : ""}`}
            data-testid="links-url"
            onInput={(e) => {
              setUrl((e.target as HTMLInputElement).value);
              setFieldError(null);
              setMade(null);
            }}
          />
          {products.length ? (
            <datalist id="links-products">
              {products.map((p) => (
                <option key={p.sku} value={p.url ?? ""}>
                  {p.name}
                </option>
              ))}
            </datalist>
          ) : null}
          {fieldError ? (
            <p class="field-error" id="links-url-error" role="alert" data-testid="links-url-error">
              {fieldError}
            </p>
          ) : null}
          <p class="field-hint" id="links-url-hint">
            {tl("links.urlHint", { base: shop.baseUrl })}
          </p>
        </div>
        {error ? <ErrorBox message={error} /> : null}
        <Button type="submit" busy={busy} testid="links-make">
          {busy ? tl("links.making") : tl("links.make")}
        </Button>
      </form>
      {made ? (
        <LinkResult
          url={made.url}
          expiresAt={made.expiresAt}
          title={tl("links.madeFor", { name: props.clerk })}
          card={linkCard(shop.name, made.url)}
          testid="page-link"
        />
      ) : null}
    </>
  );
}
