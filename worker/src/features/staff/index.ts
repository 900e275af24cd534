import type { Feature } from "..";
import { staffRoutes } from "./routes";

export const staffFeature: Feature = { name: "staff", routes: staffRoutes };
