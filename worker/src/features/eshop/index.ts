import type { Feature } from "..";
import { eshopRoutes } from "./routes";

/**
 * 網路商店 (the online channel): the brand's e-shops post their orders, which earn and spend the
 * same points and coupons as the stores, count for the staff who brought the customer, and can be
 * picked up in store.
 */
export const eshop: Feature = { name: "eshop", routes: eshopRoutes };

export { type Attribution, attribute, readLinkToken, signLinkToken } from "./attribution";
export {
  cancelOrder,
  createOrder,
  findOrder,
  type OrderInput,
  type OrderRow,
  payOrder,
  refundOrder,
} from "./orders";
export { catalogue, createShop, putCatalogue, requireShop, type ShopRow } from "./shops";
