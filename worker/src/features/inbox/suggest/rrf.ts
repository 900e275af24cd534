/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): each ranked list gives a ref
 * 1 / (k + rank), rank counted from 1; the sums rank the union. Scores of different kinds (BM25,
 * cosine similarity) never meet, only ranks, so nothing needs calibrating. Ties keep the order
 * in which the lists first reach a ref rank by rank (the first list first), so it is deterministic.
 * A ref listed twice in one list counts at its best rank only.
 */
export function fuseRrf(
  lists: ReadonlyArray<readonly string[]>,
  k = 60,
): Array<{ ref: string; score: number }> {
  const scores = new Map<string, number>();
  const depth = Math.max(0, ...lists.map((l) => l.length));
  for (let rank = 0; rank < depth; rank++) {
    for (const list of lists) {
      const ref = list[rank];
      if (ref === undefined || list.indexOf(ref) !== rank) continue;
      scores.set(ref, (scores.get(ref) ?? 0) + 1 / (k + rank + 1));
    }
  }
  // Map keeps insertion (first-reached) order and Array.prototype.sort is stable.
  return [...scores].map(([ref, score]) => ({ ref, score })).sort((a, b) => b.score - a.score);
}
