import type { Feature } from "..";
import { acknowledgeLine, storefrontLine } from "./line-handlers";

export const storefront: Feature = { name: "storefront", line: storefrontLine };
export const acknowledge: Feature = { name: "acknowledge", line: acknowledgeLine };
