import type { Feature } from "..";
import { bindingRoutes } from "./routes";

export const binding: Feature = { name: "binding", routes: bindingRoutes };
