import type { Feature } from ".";
import { audit } from "./audit";
import { binding } from "./binding";
import { demo } from "./demo";
import { eshop } from "./eshop";
import { inbox } from "./inbox";
import { keywords } from "./keywords";
import { live } from "./live";
import { loyalty } from "./loyalty";
import { marketing } from "./marketing";
import { membersFeature } from "./members";
import { pos } from "./pos";
import { staffFeature } from "./staff";
import { acknowledge, storefront } from "./storefront";
import { storesFeature } from "./stores";

/** Every feature the app is built from, in one list both hosts share. */
export function allFeatures(): Feature[] {
  return [
    // First: its start-up work (the demo data) comes before the others' (the sandbox's rich menus).
    demo,
    membersFeature,
    binding,
    storesFeature,
    loyalty,
    staffFeature,
    pos,
    eshop,
    storefront,
    live,
    keywords,
    inbox,
    marketing,
    audit,
    acknowledge,
  ];
}
