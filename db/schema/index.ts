export * from "./content";
export * from "./core";
export * from "./stores";
