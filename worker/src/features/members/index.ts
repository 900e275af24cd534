import type { Feature } from "..";
import { membersLine } from "./line-handlers";
import { memberRoutes } from "./routes";

export const membersFeature: Feature = { name: "members", line: membersLine, routes: memberRoutes };
