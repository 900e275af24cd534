import type { Feature } from "..";
import { storeRoutes } from "./routes";

/** 門市與店員: the admin API that opens stores and adds staff to them. */
export const storesFeature: Feature = { name: "stores", routes: storeRoutes };
