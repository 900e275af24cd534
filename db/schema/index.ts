export * from "./content";
export * from "./core";
export * from "./inbox";
export * from "./live";
export * from "./loyalty";
export * from "./members";
export * from "./merges";
export * from "./stores";
