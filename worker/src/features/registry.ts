import type { Feature } from ".";
import { keywords } from "./keywords";
import { membersFeature } from "./members";
import { acknowledge, storefront } from "./storefront";

/** Every feature the app is built from, in one list both hosts share. */
export function allFeatures(): Feature[] {
  return [membersFeature, storefront, keywords, acknowledge];
}
