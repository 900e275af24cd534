export * from "./content";
export * from "./core";
export * from "./members";
export * from "./stores";
