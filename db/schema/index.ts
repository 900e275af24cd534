export * from "./content";
export * from "./core";
export * from "./loyalty";
export * from "./members";
export * from "./stores";
