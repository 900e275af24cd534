/**
 * `npm run bench [-- name…]`: runs the named benchmarks (default: all) and prints comparable
 * figures. Results and the machine go in BENCHMARKS.md.
 */
import { benchMatcher, printMatcher } from "../../worker/src/features/keywords/matcher/matcher.bench";
import { benchParser, printParser } from "../../worker/src/features/live/parser/parser.bench";
import { benchBroadcast, printBroadcast } from "./broadcast";
import { measureLiffBundle, printLiffSize } from "./liff-size";
import { benchLive, printLive } from "./live";
import { benchRetrieval, printRetrieval } from "./retrieval";
import { benchSegments, printSegments } from "./segments";
import { benchSuggestions, printSuggestions } from "./suggestions";
import { benchTallySse, printTallySse } from "./tally-sse";
import { benchWebhook, printWebhook } from "./webhook";

const BENCHES: Record<string, () => Promise<void>> = {
  webhook: async () => printWebhook(await benchWebhook()),
  keywords: async () => printMatcher(benchMatcher()),
  parser: async () => printParser(benchParser()),
  live: async () => printLive(await benchLive()),
  retrieval: async () => printRetrieval(await benchRetrieval()),
  suggestions: async () => printSuggestions(await benchSuggestions()),
  "tally-sse": async () => printTallySse(await benchTallySse()),
  "liff-size": async () => printLiffSize(await measureLiffBundle()),
  segments: async () => printSegments(await benchSegments()),
  broadcast: async () => printBroadcast(await benchBroadcast()),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const run = BENCHES[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(", ")}`);
    process.exit(2);
  }
  await run();
}
