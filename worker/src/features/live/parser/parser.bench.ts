/**
 * Micro-benchmark of the "+1" parser (not a vitest test): `benchParser()` parses 100k comments
 * (the fixture table: orders, chatter, questions, full-width) against a precompiled catalogue
 * and returns the throughput. Meant to be called from `scripts/bench`.
 */
import { compileCatalogue } from "./catalogue";
import { COMMENT_CASES, FEATURED, SALE_PRODUCTS } from "./fixtures";
import { parseComment } from "./parse";

export interface ParserBenchResult {
  comments: number;
  commentsPerSec: number;
  microsPerComment: number;
  /** Orders found, so the work can't be optimised away. */
  orders: number;
}

export function benchParser(total = 100_000): ParserBenchResult {
  const catalogue = compileCatalogue(SALE_PRODUCTS, FEATURED);
  const comments = COMMENT_CASES.map(([c]) => c);
  let orders = 0;
  // Warm-up.
  for (let i = 0; i < 20_000; i++)
    if (parseComment(comments[i % comments.length] ?? "", catalogue).kind === "order") orders++;
  orders = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    if (parseComment(comments[i % comments.length] ?? "", catalogue).kind === "order") orders++;
  }
  const ms = performance.now() - start;
  return {
    comments: total,
    commentsPerSec: Math.round((total / ms) * 1000),
    microsPerComment: Number(((ms * 1000) / total).toFixed(2)),
    orders,
  };
}

export function printParser(r: ParserBenchResult): void {
  console.log(
    `parser: ${r.comments} comments, ${r.commentsPerSec.toLocaleString("en")} comments/s, ${r.microsPerComment} µs/comment`,
  );
}
