/**
 * 示範網路商店 (sandbox only, /sandbox/shop): the brand's web shop played for the demo. It is a
 * client of the product like any shop — every order, quote and coupon goes through the e-shop
 * API with the demo shop's key (features/demo/shop.ts), never around it. "Log in with LINE" is
 * played by picking one of the emulator's users: under one LINE provider a shop's LINE Login
 * gives the same user id the OA sees, which is all the API is told.
 */
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { html } from "hono/html";
import { appSettings } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { SANDBOX_SHOP_ID, SANDBOX_SHOP_KEY } from "../../features/demo";
import { langOf } from "../../lib/errors";
import { CSS, layout, money, wordsOf } from "./view";

type Call = (path: string, init?: RequestInit) => Promise<Response>;
type Json = Record<string, unknown>;
type Product = { sku: string; name: string; price: number };
type Line = Product & { quantity: number };

export function demoShop(deps: AppDeps, call: Call): Hono {
  const app = new Hono();
  const setting = async (key: string) =>
    (await deps.db.select().from(appSettings).where(eq(appSettings.key, key)))[0]?.value ?? "";
  const api = async <T = Json>(lang: string, method: string, path: string, body?: unknown) => {
    const res = await call(path, {
      method,
      headers: {
        authorization: `Bearer ${await setting(SANDBOX_SHOP_KEY)}`,
        "content-type": "application/json",
        "accept-language": lang,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const data = (await res.json()) as T & { error?: { message: string } };
    return { ok: res.ok, status: res.status, data };
  };
  const products = async (): Promise<Product[]> => {
    const id = await setting(SANDBOX_SHOP_ID);
    const res = await call(`/api/admin/shops/${id}/products`, {
      headers: { authorization: `Bearer ${deps.config.adminToken ?? ""}` },
    });
    return res.ok ? ((await res.json()) as { products: Product[] }).products : [];
  };
  const cartOf = (add: string, catalogue: Product[]): Line[] =>
    add
      .split(",")
      .map((part) => part.split(":"))
      .flatMap(([sku = "", qty = "1"]) => {
        const p = catalogue.find((x) => x.sku === decodeURIComponent(sku));
        const quantity = Math.max(1, Math.min(99, Number.parseInt(qty, 10) || 1));
        return p ? [{ ...p, quantity }] : [];
      });
  const langFor = (c: { req: { header: (n: string) => string | undefined } }) =>
    langOf(c.req.header("accept-language"));
  const qs = (q: Record<string, string | undefined>) =>
    new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString();

  app.get("/sandbox/shop/shop.css", (c) =>
    c.body(CSS.toString(), 200, { "content-type": "text/css; charset=utf-8" }),
  );

  app.get("/sandbox/shop", async (c) => {
    const lang = langFor(c);
    const w = wordsOf(lang);
    const ref = c.req.query("omo_ref");
    const items = await products();
    return c.html(
      layout(
        lang,
        w.shop,
        html`${ref ? html`<p class="info">${w.referred}</p>` : ""}
<div class="grid">${items.map(
          (
            p,
          ) => html`<div class="card" data-testid="shop-product"><strong>${p.name}</strong><div class="price">${money(p.price)}</div>
<a class="btn" href="/sandbox/shop/cart?${qs({ add: `${p.sku}:1`, omo_ref: ref })}">${w.add}</a></div>`,
        )}</div>`,
      ),
    );
  });

  app.get("/sandbox/shop/p/:sku", async (c) => {
    const lang = langFor(c);
    const w = wordsOf(lang);
    const p = (await products()).find((x) => x.sku === c.req.param("sku"));
    if (!p) return c.notFound();
    const ref = c.req.query("omo_ref");
    return c.html(
      layout(
        lang,
        p.name,
        html`${ref ? html`<p class="info">${w.referred}</p>` : ""}<div class="card"><h1>${p.name}</h1><div class="price">${money(p.price)}</div>
<a class="btn" href="/sandbox/shop/cart?${qs({ add: `${p.sku}:1`, omo_ref: ref })}">${w.add}</a></div>`,
      ),
    );
  });

  app.get("/sandbox/shop/cart", async (c) => {
    const lang = langFor(c);
    const w = wordsOf(lang);
    const add = c.req.query("add") ?? "";
    const ref = c.req.query("omo_ref");
    const as = c.req.query("as");
    const lines = cartOf(add, await products());
    const subtotal = lines.reduce((n, l) => n + l.price * l.quantity, 0);
    const table = html`<table data-testid="shop-cart"><thead><tr><th>${w.cart}</th><th class="num">×</th><th class="num">${w.subtotal}</th></tr></thead><tbody>
${lines.map((l) => html`<tr><td>${l.name}</td><td class="num">${l.quantity}</td><td class="num">${money(l.price * l.quantity)}</td></tr>`)}
</tbody></table><p class="total">${w.subtotal}：${money(subtotal)}</p>`;
    if (lines.length === 0) return c.html(layout(lang, w.cart, html`<h1>${w.cart}</h1><p>${w.empty}</p>`));
    if (!as) {
      const state = (await (await call("/sandbox/api/state")).json()) as {
        users: Array<{ userId: string; displayName: string }>;
      };
      return c.html(
        layout(
          lang,
          w.cart,
          html`<h1>${w.cart}</h1>${ref ? html`<p class="info">${w.referred}</p>` : ""}${table}
<h2>${w.login}</h2><p class="hint">${w.loginLead}</p><div class="users">${state.users.map(
            (u) =>
              html`<a data-testid="shop-login" data-user="${u.userId}" href="/sandbox/shop/cart?${qs({ add, omo_ref: ref, as: u.userId })}">${u.displayName}</a>`,
          )}</div>`,
        ),
      );
    }
    const customer = { lineUserId: as };
    const [coupons, points, stores] = await Promise.all([
      api<{
        coupons: Array<{
          code: string;
          usable: boolean;
          discount: number;
          message: string | null;
          coupon: { name: string } | null;
        }>;
      }>(lang, "POST", "/api/shop/checkout/coupons", { customer, amount: subtotal }),
      api<{ balance: number; maxUsable: number }>(lang, "POST", "/api/shop/checkout/points-quote", {
        customer,
        amount: subtotal,
      }),
      api<{ stores: Array<{ id: string; name: string }> }>(lang, "GET", "/api/shop/stores"),
    ]);
    const error = c.req.query("error");
    const orderId = c.req.query("orderId") ?? `WEB-${deps.ids.uuid().slice(0, 8).toUpperCase()}`;
    const balance = points.ok ? points.data.balance : 0;
    const max = points.ok ? points.data.maxUsable : 0;
    return c.html(
      layout(
        lang,
        w.cart,
        html`<h1>${w.cart}</h1>${ref ? html`<p class="info">${w.referred}</p>` : ""}${table}
${error ? html`<p class="error" role="alert" data-testid="shop-error">${error}</p>` : ""}
<form method="post" action="/sandbox/shop/checkout">
<input type="hidden" name="add" value="${add}"><input type="hidden" name="omo_ref" value="${ref ?? ""}">
<input type="hidden" name="as" value="${as}"><input type="hidden" name="orderId" value="${orderId}">
<fieldset><legend>${w.coupon}</legend>
<label><input type="radio" name="coupon" value="" ${c.req.query("coupon") ? "" : "checked"}> ${w.noCoupon}</label>
${(coupons.ok ? coupons.data.coupons : []).map(
  (k) =>
    html`<label><input type="radio" name="coupon" value="${k.code}" data-testid="shop-coupon" ${k.usable ? "" : "disabled"} ${c.req.query("coupon") === k.code ? "checked" : ""}> ${k.coupon?.name ?? k.code} ${k.usable ? `−${money(k.discount)}` : `（${k.message ?? ""}）`}</label>`,
)}
</fieldset>
<fieldset><legend>${w.points}</legend><p class="hint" data-testid="shop-points-lead">${w.pointsLead(balance, max)}</p>
<label><input type="number" name="points" min="0" max="${max}" step="1" value="${c.req.query("points") ?? "0"}" data-testid="shop-points" aria-label="${w.points}"></label></fieldset>
<fieldset><legend>${w.pickup}</legend>
<label><input type="radio" name="pickup" value="" ${c.req.query("pickup") ? "" : "checked"}> ${w.delivery}</label>
${(stores.ok ? stores.data.stores : []).map(
  (s) =>
    html`<label><input type="radio" name="pickup" value="${s.id}" data-testid="shop-pickup" ${c.req.query("pickup") === s.id ? "checked" : ""}> ${w.pickupAt(s.name)}</label>`,
)}
</fieldset>
<button type="submit" data-testid="shop-pay">${w.pay}</button>
</form>`,
      ),
    );
  });

  app.post("/sandbox/shop/checkout", async (c) => {
    const lang = langFor(c);
    const f = await c.req.parseBody();
    const str = (k: string) => (typeof f[k] === "string" ? (f[k] as string) : "");
    const add = str("add");
    const lines = cartOf(add, await products());
    const subtotal = lines.reduce((n, l) => n + l.price * l.quantity, 0);
    const customer = { lineUserId: str("as") };
    const coupon = str("coupon");
    const points = Math.max(0, Number.parseInt(str("points") || "0", 10) || 0);
    const pickup = str("pickup");
    let discount = 0;
    if (coupon) {
      const q = await api<{ discount: number }>(lang, "POST", "/api/shop/checkout/coupon-quote", {
        customer,
        couponCode: coupon,
        amount: subtotal,
      });
      discount = q.ok ? q.data.discount : 0;
    }
    const shipping = pickup ? 0 : 80;
    const order = await api(lang, "POST", "/api/shop/orders", {
      orderId: str("orderId"),
      customer,
      lines: lines.map(({ sku, name, quantity, price }) => ({ sku, name, quantity, price })),
      shipping,
      ...(coupon ? { couponCode: coupon } : {}),
      ...(points > 0 ? { pointsToUse: points } : {}),
      total: subtotal - discount - points + shipping,
      ...(pickup ? { pickupStoreId: pickup } : {}),
      ...(str("omo_ref") ? { attributionToken: str("omo_ref") } : {}),
      paid: true,
    });
    const back = {
      add,
      omo_ref: str("omo_ref"),
      as: str("as"),
      orderId: str("orderId"),
      coupon,
      points: String(points),
      pickup,
    };
    if (!order.ok)
      return c.redirect(
        `/sandbox/shop/cart?${qs({ ...back, error: order.data.error?.message ?? String(order.status) })}`,
        303,
      );
    return c.redirect(`/sandbox/shop/orders/${encodeURIComponent(str("orderId"))}`, 303);
  });

  app.get("/sandbox/shop/orders/:orderId", async (c) => {
    const lang = langFor(c);
    const w = wordsOf(lang);
    const r = await api<Json>(lang, "GET", `/api/shop/orders/${encodeURIComponent(c.req.param("orderId"))}`);
    if (!r.ok) return c.notFound();
    const o = r.data as {
      orderId: string;
      state: keyof typeof w.state;
      subtotal: number;
      couponDiscount: number;
      pointsUsed: number;
      shipping: number;
      total: number;
      pickupState: keyof typeof w.pickupState | null;
      attribution: keyof typeof w.creditOf;
    };
    return c.html(
      layout(
        lang,
        `${w.order} ${o.orderId}`,
        html`<h1>${w.order} ${o.orderId}</h1><div class="card" data-testid="shop-order" data-state="${o.state}"><dl>
<dt>${w.order}</dt><dd>${w.state[o.state]}${o.pickupState ? ` · ${w.pickupState[o.pickupState]}` : ""}</dd>
<dt>${w.subtotal}</dt><dd>${money(o.subtotal)}</dd>
<dt>${w.discount}</dt><dd>−${money(o.couponDiscount)}</dd>
<dt>${w.pointsUsed}</dt><dd>−${money(o.pointsUsed)}</dd>
<dt>${w.shipping}</dt><dd>${money(o.shipping)}</dd>
<dt>${w.total}</dt><dd class="total" data-testid="shop-order-total">${money(o.total)}</dd>
<dt>${w.credit}</dt><dd data-testid="shop-order-credit">${w.creditOf[o.attribution]}</dd>
</dl></div><p><a class="btn btn-secondary" href="/sandbox/shop">${w.back}</a></p>`,
      ),
    );
  });
  return app;
}
