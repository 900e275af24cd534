import type { Feature } from "..";
import { posRoutes } from "./routes";

export const pos: Feature = { name: "pos", routes: posRoutes };
