import type { Feature } from "..";
import { storeRoutes } from "./routes";

export const storesFeature: Feature = { name: "stores", routes: storeRoutes };
