/**
 * The demo brand's web shop, for the sandbox only: a shop connected like any other (its key
 * hashed in `shops`), whose pages the sandbox serves at /sandbox/shop (worker/src/sandbox/shop),
 * its catalogue the demo products. The sandbox's shop pages need the key to call the orders API
 * as a shop would, so in the sandbox — and never elsewhere — it is kept as the app setting
 * `sandbox_shop_key`, as the sandbox's admin token is.
 */
import { eq } from "drizzle-orm";
import { appSettings } from "../../../../db/schema";
import type { AppDeps } from "../../deps";
import { createShop, putCatalogue } from "../eshop";
import { DEMO_PRODUCTS } from "./data";

export const SANDBOX_SHOP_KEY = "sandbox_shop_key";
export const SANDBOX_SHOP_ID = "sandbox_shop_id";

export async function seedDemoShop(deps: AppDeps): Promise<void> {
  if (!deps.config.sandbox) return;
  const { db } = deps;
  const [known] = await db.select().from(appSettings).where(eq(appSettings.key, SANDBOX_SHOP_ID));
  if (known) return;
  const base = `${deps.config.publicUrl}/sandbox/shop`;
  const { shop, key } = await createShop(deps, {
    name: "OMO Demo 官網",
    baseUrl: base,
    cartUrlTemplate: `${base}/cart?add={items}&omo_ref={ref}`,
  });
  await putCatalogue(
    deps,
    shop.id,
    DEMO_PRODUCTS.map((p) => ({ sku: p.sku, name: p.name, price: p.price, url: `${base}/p/${p.sku}` })),
  );
  await db.insert(appSettings).values([
    { key: SANDBOX_SHOP_KEY, value: key },
    { key: SANDBOX_SHOP_ID, value: shop.id },
  ]);
}
