import type { Feature } from "..";
import { keywordsLine } from "./line-handlers";
import { keywordRoutes } from "./routes";

export const keywords: Feature = { name: "keywords", line: keywordsLine, routes: keywordRoutes };
