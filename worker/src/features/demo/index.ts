/** 示範資料: the demo brand seeded into a sandbox (or an explicit DEMO_DATA=true) database. */
export { seedDemoData } from "./seed";
