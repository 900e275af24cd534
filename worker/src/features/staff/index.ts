import type { Feature } from "..";
import { staffRoutes } from "./routes";

/**
 * 門市人員: the staff API behind the LIFF staff pages — join by invite, look up a member's card,
 * record and refund store purchases, redeem coupons, 歸戶 merges, today's figures, binding QRs.
 */
export const staffFeature: Feature = { name: "staff", routes: staffRoutes };
export { requireStaff, type StaffRow } from "./auth";
