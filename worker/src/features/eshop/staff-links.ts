/**
 * 線上推廣連結 and 代加入購物車: a staff member's link to a page of the shop, or to a cart they
 * filled from its catalogue. Each is a row (who made it, what for, until when) and an attribution
 * token naming it; the link carries the token as `omo_ref`, the shop passes it back on the order,
 * and the order counts for that staff member (attribution.ts).
 */
import { and, eq, inArray } from "drizzle-orm";
import { members, shopProducts, staff, staffLinks } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { AppError, say } from "../../lib/errors";
import { type ReaderLang, readerLang, told } from "../../lib/reader-lang";
import { uriButtonFooter } from "../../line/flex";
import { queueMessages } from "../../line/outbox";
import type { LineMessage } from "../../ports/line";
import { signLinkToken } from "./attribution";
import { requireShop } from "./shops";

const LINK_DAYS = 30;

export interface MadeLink {
  id: string;
  url: string;
  token: string;
  expiresAt: string;
}

async function made(
  deps: AppDeps,
  row: { shopId: string; staffId: string; kind: "page" | "cart"; targetUrl: string },
  items: Array<{ sku: string; name: string; quantity: number; price: number }> | null,
  build: (token: string) => string,
): Promise<MadeLink> {
  const id = deps.ids.id("lnk");
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + LINK_DAYS * 86_400_000);
  await deps.db.insert(staffLinks).values({ id, ...row, items, expiresAt, createdAt: now });
  const token = await signLinkToken(deps, {
    linkId: id,
    staffId: row.staffId,
    shopId: row.shopId,
    expiresAt,
  });
  return { id, url: build(token), token, expiresAt: expiresAt.toISOString() };
}

/** A link to any page under the shop's address, with the staff member's token on it. */
export async function pageLink(deps: AppDeps, staffId: string, input: { shopId: string; url: string }) {
  const shop = await requireShop(deps, input.shopId);
  const base = new URL(`${shop.baseUrl}/`);
  const typed = input.url.trim();
  let target: URL;
  try {
    // A path is the shop's: `/p/TEE` under `https://brand.example/shop` is `…/shop/p/TEE`.
    const path = typed.startsWith("/") && !typed.startsWith("//") && !typed.startsWith(base.pathname);
    target = new URL(path ? typed.slice(1) : typed, base);
  } catch {
    target = new URL("invalid:");
  }
  const under = target.origin === base.origin && `${target.pathname}/`.startsWith(base.pathname);
  if (!under)
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        `連結須在商店網址 ${shop.baseUrl} 之下。`,
        `The link must point under the shop's address ${shop.baseUrl}.`,
      ),
      { field: "url" },
    );
  return made(
    deps,
    { shopId: shop.id, staffId, kind: "page", targetUrl: target.toString() },
    null,
    (token) => {
      const u = new URL(target);
      u.searchParams.set("omo_ref", token);
      return u.toString();
    },
  );
}

/** A cart from the catalogue (prices as the catalogue has them), landing on the shop's cart address. */
export async function cartLink(
  deps: AppDeps,
  staffId: string,
  input: { shopId: string; items: Array<{ sku: string; quantity: number }> },
) {
  const shop = await requireShop(deps, input.shopId);
  if (!shop.cartUrlTemplate)
    throw new AppError(
      "UNPROCESSABLE",
      say("此商店尚未設定購物車連結格式。", "This shop has no cart link address set."),
      { field: "shopId" },
    );
  const skus = input.items.map((i) => i.sku);
  const rows = await deps.db
    .select()
    .from(shopProducts)
    .where(
      and(eq(shopProducts.shopId, shop.id), inArray(shopProducts.sku, skus), eq(shopProducts.active, true)),
    );
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  const items = input.items.map((i, n) => {
    const p = bySku.get(i.sku);
    if (!p)
      throw new AppError(
        "NOT_FOUND",
        say(`商品 ${i.sku} 不在商店目錄中。`, `${i.sku} is not in the shop's catalogue.`),
        {
          field: `items.${n}.sku`,
        },
      );
    return { sku: p.sku, name: p.name, quantity: i.quantity, price: p.price };
  });
  const list = items.map((i) => `${encodeURIComponent(i.sku)}:${i.quantity}`).join(",");
  const template = shop.cartUrlTemplate;
  return {
    ...(await made(deps, { shopId: shop.id, staffId, kind: "cart", targetUrl: template }, items, (token) =>
      template.replaceAll("{items}", list).replaceAll("{ref}", encodeURIComponent(token)),
    )),
    items,
    total: items.reduce((n, i) => n + i.quantity * i.price, 0),
  };
}

/**
 * The cart sent to a member in LINE (a push from the OA, counted): only to a member of the
 * staff member's store (home store) who has the OA as a friend; the link remembers whom it went to.
 */
export async function sendCartLink(
  deps: AppDeps,
  clerk: { id: string; name: string; storeId: string | null; role: string },
  input: { shopId: string; items: Array<{ sku: string; quantity: number }>; memberCode: string },
) {
  const [member] = await deps.db
    .select()
    .from(members)
    .where(eq(members.memberCode, input.memberCode.trim()));
  if (!member)
    throw new AppError("NOT_FOUND", say("查無此會員。", "No member has this code."), { field: "memberCode" });
  if (clerk.role !== "admin" && member.homeStoreId !== clerk.storeId)
    throw new AppError(
      "FORBIDDEN",
      say("只能傳給本店的會員。", "You can send carts only to your store's members."),
      { field: "memberCode" },
    );
  if (member.friendship !== "friend")
    throw new AppError(
      "UNPROCESSABLE",
      say(
        "此會員目前不是官方帳號的好友，無法傳送。",
        "This member is not a friend of the OA: LINE cannot deliver it.",
      ),
      { reason: "NOT_FOLLOWING", field: "memberCode" },
    );
  const cart = await cartLink(deps, clerk.id, input);
  await deps.db.update(staffLinks).set({ sentToMemberId: member.id }).where(eq(staffLinks.id, cart.id));
  const [me] = await deps.db.select({ name: staff.name }).from(staff).where(eq(staff.id, clerk.id));
  const lang = readerLang(member.language);
  await queueMessages(
    deps,
    [{ kind: "push", to: member.lineUserId, messages: [cartMessage(cart, me?.name ?? clerk.name, lang)] }],
    { topic: "eshop:cart-link", idBase: `obx_cart_${cart.id}` },
  );
  return { ...cart, sentTo: { memberId: member.id, displayName: member.displayName } };
}

function cartMessage(
  cart: { url: string; items: Array<{ name: string; quantity: number; price: number }>; total: number },
  staffName: string,
  lang: ReaderLang,
): LineMessage {
  const money = (n: number) => `NT$${n.toLocaleString("en-US")}`;
  const title = told(lang, say(`${staffName} 為您準備了購物車`, `${staffName} made a cart for you`));
  return {
    type: "flex",
    altText: title,
    contents: {
      type: "bubble",
      body: {
        type: "box",
        layout: "vertical",
        spacing: "sm",
        contents: [
          { type: "text", text: title, weight: "bold", size: "md", wrap: true },
          ...cart.items.slice(0, 10).map((i) => ({
            type: "box" as const,
            layout: "horizontal" as const,
            contents: [
              { type: "text" as const, text: `${i.name} × ${i.quantity}`, size: "sm", wrap: true, flex: 1 },
              // Its natural width: a NT$12,345 line is never cut short.
              {
                type: "text" as const,
                text: money(i.price * i.quantity),
                size: "sm",
                align: "end" as const,
                flex: 0,
              },
            ],
          })),
          { type: "separator", margin: "md" },
          {
            type: "box",
            layout: "horizontal",
            margin: "md",
            contents: [
              { type: "text", text: told(lang, say("合計", "Total"), " "), size: "sm", weight: "bold" },
              { type: "text", text: money(cart.total), size: "sm", weight: "bold", align: "end" },
            ],
          },
        ],
      },
      footer: uriButtonFooter(told(lang, say("前往結帳", "Check out"), " "), cart.url),
    },
  } as LineMessage;
}
