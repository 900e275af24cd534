import { ApiError } from "../../api";
import { pageMessages, t } from "../../i18n";
import { pickupEn } from "../../i18n/pickup.en";
import { pickupZhTW } from "../../i18n/pickup.zh-TW";

/** The pickup page's own strings (i18n/pickup.*.ts), loaded with the staff pages only. */
export const tp = pageMessages(pickupZhTW, pickupEn);

/**
 * What a refused step says, in the page's words; `field` when it is about what was typed (shown
 * under the field, which keeps the text), `reload` when the list is out of date.
 */
export function pickupRefusal(e: unknown): { text: string; field?: boolean; reload?: boolean } {
  if (!(e instanceof ApiError)) return { text: t("app.error") };
  const field = (e.details as { field?: unknown } | undefined)?.field;
  switch (e.reason) {
    case "WRONG_CUSTOMER":
      return {
        text: tp(field === "pickupCode" ? "pickup.err.wrongCode" : "pickup.err.wrongMember"),
        field: true,
      };
    case "REQUIRED":
      return { text: tp("pickup.err.required"), field: true };
    case "NOT_READY":
    case "PICKUP_STATE":
      return { text: tp("pickup.err.changed"), reload: true };
    case "WRONG_STORE":
      return { text: tp("pickup.err.wrongStore"), reload: true };
    case "NOT_PAID":
      return { text: tp("pickup.err.notPaid"), reload: true };
    case "ORDER_CANCELLED":
      return { text: tp("pickup.err.cancelled"), reload: true };
  }
  if (e.status === 404) return { text: tp("pickup.err.gone"), reload: true };
  if (e.status === 400) return { text: tp("pickup.err.required"), field: true };
  return { text: e.message || t("app.error") };
}
