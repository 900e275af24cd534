/**
 * Misspelt latin words ("shiping", "refund plz", "adress"): a word the vocabulary does not hold
 * is taken for the closest one it does — one edit away (two for words of 8 letters or more),
 * an edit being an insertion, a deletion, a substitution or two neighbours swapped.
 */

/** Optimal string alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    rows.push(row);
  }
  const first = rows[0] as number[];
  for (let j = 0; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    let low = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
      if (d < low) low = d;
    }
    if (low > max) return max + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The vocabulary word closest to `word`, or null when it is known or nothing is near enough. */
export function closestWord(word: string, vocabulary: ReadonlySet<string>): string | null {
  if (vocabulary.has(word) || word.length < 4) return null;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | null = null;
  let bestDistance = max + 1;
  for (const v of vocabulary) {
    if (v.length < 3 || Math.abs(v.length - word.length) > max) continue;
    // A misspelling nearly always keeps the first or the second letter.
    if (v[0] !== word[0] && v[1] !== word[1]) continue;
    const d = editDistance(word, v, max);
    if (d < bestDistance || (d === bestDistance && best !== null && v < best)) {
      best = v;
      bestDistance = d;
    }
  }
  return bestDistance <= max ? best : null;
}
