import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../../db/client";
import { liveProducts, liveSales, liveVariants } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { type BatchStatement, batch } from "../../lib/batch";
import { AppError, say } from "../../lib/errors";
import { sha256Hex } from "../../lib/keys";
import { randomToken } from "../../lib/random-token";
import { normalizeText } from "../../lib/text/normalize";
import { CatalogueError, type CatalogueProduct, type CompiledCatalogue, compileCatalogue } from "./parser";

export type SaleRow = typeof liveSales.$inferSelect;
export interface ProductInput {
  code: string;
  name: string;
  price: number;
  stock: number;
  perBuyerLimit?: number | null;
  variants?: Array<{ name: string; stock: number }>;
}

export interface SaleInput {
  title: string;
  products: ProductInput[];
  featuredCode?: string | null;
  lineGroupId?: string | null;
  holdMinutes?: number;
}

/** A product as the ingestion needs it: its stock units by parser variant id. */
export interface SaleProduct {
  id: string;
  code: string;
  name: string;
  price: number;
  perBuyerLimit: number | null;
  /** Stock units in display order; a product without variants has one unit with `name` null. */
  variants: Array<{ id: string; name: string | null; stock: number }>;
}

/** A sale's catalogue compiled for the parser, cached per sale version. */
export interface SaleCatalogue {
  version: number;
  compiled: CompiledCatalogue;
  byCode: Map<string, SaleProduct>;
  products: SaleProduct[];
}

/** Variant words: `紅 M` → [`紅`, `M`]; `紅色/M` → [`紅色`, `M`]. */
export function variantWords(name: string): string[] {
  return name
    .split(/[\s/,，、|+]+/u)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

function toCatalogue(products: SaleProduct[]): CatalogueProduct[] {
  return products.map((p) => ({
    code: p.code,
    variants: p.variants
      .filter((v) => v.name !== null)
      .map((v) => ({ id: v.id, words: variantWords(v.name ?? "") })),
  }));
}

/** Checks a sale's products the way the parser will read them; throws a 400 with the reason. */
function validateProducts(products: ProductInput[], featuredCode: string | null | undefined): void {
  const codes = new Set<string>();
  for (const [i, p] of products.entries()) {
    const key = normalizeText(p.code);
    if (!/^[a-z0-9]{1,12}$/.test(key)) {
      throw new AppError(
        "VALIDATION_FAILED",
        say(
          `商品代碼「${p.code}」須為 1–12 個英數字。`,
          `Product code "${p.code}" must be 1–12 letters or digits.`,
        ),
        { field: `products.${i}.code` },
      );
    }
    if (codes.has(key)) {
      throw new AppError(
        "VALIDATION_FAILED",
        say(`商品代碼「${p.code}」重複。`, `Product code "${p.code}" is used twice.`),
        { field: `products.${i}.code` },
      );
    }
    codes.add(key);
    const names = new Set<string>();
    for (const v of p.variants ?? []) {
      const k = variantWords(v.name)
        .map((w) => normalizeText(w))
        .join(" ");
      if (!k)
        throw new AppError(
          "VALIDATION_FAILED",
          say("規格名稱不可空白。", `Product ${p.code} has a variant without a name.`),
          { field: `products.${i}.variants` },
        );
      if (names.has(k)) {
        throw new AppError(
          "VALIDATION_FAILED",
          say(`規格「${v.name}」重複。`, `Product ${p.code}: variant "${v.name}" is used twice.`),
          { field: `products.${i}.variants` },
        );
      }
      names.add(k);
    }
  }
  if (featuredCode && !codes.has(normalizeText(featuredCode))) {
    throw new AppError(
      "VALIDATION_FAILED",
      say(
        `主打商品「${featuredCode}」不在商品清單中。`,
        `The featured product "${featuredCode}" is not in the sale.`,
      ),
      { field: "featuredCode" },
    );
  }
  try {
    const probe = products.map((p, i) => ({
      code: p.code,
      variants: (p.variants ?? []).map((v, j) => ({ id: `${i}.${j}`, words: variantWords(v.name) })),
    }));
    compileCatalogue(probe, featuredCode ?? null);
  } catch (err) {
    if (err instanceof CatalogueError) {
      throw new AppError("VALIDATION_FAILED", say("商品設定無法辨識。", `${err.message}.`));
    }
    throw err;
  }
}

/**
 * Creates a sale in draft with its products and stock units, in one batch. Returns the ingestion
 * key once (only its hash is kept) for relays of other platforms' comments.
 */
export async function createSale(
  deps: AppDeps,
  input: SaleInput,
): Promise<{ sale: SaleRow; ingestKey: string }> {
  validateProducts(input.products, input.featuredCode);
  const { db, ids, clock } = deps;
  const now = clock.now();
  const ingestKey = `lik_${randomToken(32)}`;
  const sale: SaleRow = {
    id: ids.id("sal"),
    title: input.title.trim(),
    status: "draft",
    featuredCode: input.featuredCode ? input.featuredCode.trim() : null,
    lineGroupId: input.lineGroupId ?? null,
    ingestKeyHash: await sha256Hex(ingestKey),
    holdMinutes: input.holdMinutes ?? 1440,
    version: 1,
    nextSeq: 1,
    createdAt: now,
    openedAt: null,
    closedAt: null,
  };
  const productRows: Array<typeof liveProducts.$inferInsert> = [];
  const variantRows: Array<typeof liveVariants.$inferInsert> = [];
  input.products.forEach((p, i) => {
    const productId = ids.id("lpr");
    productRows.push({
      id: productId,
      saleId: sale.id,
      code: p.code.trim(),
      codeKey: normalizeText(p.code),
      name: p.name.trim(),
      price: p.price,
      perBuyerLimit: p.perBuyerLimit ?? null,
      position: i,
    });
    const units = p.variants?.length ? p.variants : [{ name: null, stock: p.stock }];
    units.forEach((v, j) => {
      variantRows.push({
        id: ids.id("lvr"),
        saleId: sale.id,
        productId,
        name: v.name === null ? null : v.name.trim(),
        stock: v.stock,
        position: j,
      });
    });
  });
  const per = (cols: number) => Math.max(1, Math.floor(deps.dbLimits.maxParams / cols));
  const statements: BatchStatement[] = [db.insert(liveSales).values(sale)];
  for (let i = 0; i < productRows.length; i += per(8))
    statements.push(db.insert(liveProducts).values(productRows.slice(i, i + per(8))));
  for (let i = 0; i < variantRows.length; i += per(8))
    statements.push(db.insert(liveVariants).values(variantRows.slice(i, i + per(8))));
  await batch(db, statements);
  return { sale, ingestKey };
}

export async function getSale(db: Db, id: string): Promise<SaleRow | undefined> {
  const [row] = await db.select().from(liveSales).where(eq(liveSales.id, id));
  return row;
}

export async function requireSale(db: Db, id: string): Promise<SaleRow> {
  const sale = await getSale(db, id);
  if (!sale) throw new AppError("NOT_FOUND", say("找不到此銷售活動。", "No such sale."));
  return sale;
}

export async function loadProducts(db: Db, saleId: string): Promise<SaleProduct[]> {
  const rows = await db
    .select({ p: liveProducts, v: liveVariants })
    .from(liveProducts)
    .innerJoin(liveVariants, eq(liveVariants.productId, liveProducts.id))
    .where(eq(liveProducts.saleId, saleId))
    .orderBy(asc(liveProducts.position), asc(liveVariants.position));
  const byId = new Map<string, SaleProduct>();
  for (const { p, v } of rows) {
    let product = byId.get(p.id);
    if (!product) {
      product = {
        id: p.id,
        code: p.code,
        name: p.name,
        price: p.price,
        perBuyerLimit: p.perBuyerLimit,
        variants: [],
      };
      byId.set(p.id, product);
    }
    product.variants.push({ id: v.id, name: v.name, stock: v.stock });
  }
  return [...byId.values()];
}

const catalogues = new WeakMap<Db, Map<string, SaleCatalogue>>();

/** A sale as the API shows it: with its products, their stock and variants. */
export async function saleView(db: Db, sale: SaleRow) {
  const products = await loadProducts(db, sale.id);
  return {
    id: sale.id,
    title: sale.title,
    status: sale.status,
    featuredCode: sale.featuredCode,
    lineGroupId: sale.lineGroupId,
    holdMinutes: sale.holdMinutes,
    createdAt: sale.createdAt.toISOString(),
    openedAt: sale.openedAt?.toISOString() ?? null,
    closedAt: sale.closedAt?.toISOString() ?? null,
    products: products.map((p) => ({
      code: p.code,
      name: p.name,
      price: p.price,
      perBuyerLimit: p.perBuyerLimit,
      stock: p.variants.reduce((s, v) => s + v.stock, 0),
      variants: p.variants
        .filter((v) => v.name !== null)
        .map((v) => ({ name: v.name ?? "", stock: v.stock })),
    })),
  };
}

/** The sale's compiled catalogue, compiled once per (database, sale, version). */
export async function saleCatalogue(db: Db, sale: SaleRow): Promise<SaleCatalogue> {
  let cache = catalogues.get(db);
  if (!cache) {
    cache = new Map();
    catalogues.set(db, cache);
  }
  const hit = cache.get(sale.id);
  if (hit && hit.version === sale.version) return hit;
  const products = await loadProducts(db, sale.id);
  const compiled = compileCatalogue(toCatalogue(products), sale.featuredCode);
  const entry: SaleCatalogue = {
    version: sale.version,
    compiled,
    byCode: new Map(products.map((p) => [p.code, p])),
    products,
  };
  cache.set(sale.id, entry);
  return entry;
}

/** draft → open, open → closed (closing keeps every cart; checkout goes on). */
export async function setSaleStatus(deps: AppDeps, id: string, to: "open" | "closed"): Promise<SaleRow> {
  const now = deps.clock.now();
  const from = to === "open" ? "draft" : "open";
  const [row] = await deps.db
    .update(liveSales)
    .set(to === "open" ? { status: "open", openedAt: now } : { status: "closed", closedAt: now })
    .where(and(eq(liveSales.id, id), eq(liveSales.status, from)))
    .returning();
  if (row) return row;
  const sale = await requireSale(deps.db, id);
  if (sale.status === to) return sale; // repeating the call changes nothing
  throw new AppError(
    "CONFLICT",
    to === "open"
      ? say("只有草稿狀態的銷售可以開始。", "Only a draft sale can be opened.")
      : say("只有進行中的銷售可以結束。", "Only an open sale can be closed."),
    { status: sale.status },
  );
}

/** The open sale that LINE comments in this chat order from: the group's own, else the latest open. */
export async function openSaleForChat(db: Db, groupId: string | undefined): Promise<SaleRow | undefined> {
  const rows = await db
    .select()
    .from(liveSales)
    .where(eq(liveSales.status, "open"))
    .orderBy(sql`${liveSales.openedAt} DESC`);
  if (groupId) {
    return rows.find((s) => s.lineGroupId === groupId) ?? rows.find((s) => s.lineGroupId === null);
  }
  return rows.find((s) => s.lineGroupId === null) ?? rows[0];
}
