import type { Feature } from "..";
import { acknowledgeLine, storefrontLine } from "./line-handlers";

/** 門市資訊 in chat: the store list and locations on request, and the fallback acknowledgement. */
export const storefront: Feature = { name: "storefront", line: storefrontLine };
export const acknowledge: Feature = { name: "acknowledge", line: acknowledgeLine };
