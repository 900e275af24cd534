/**
 * Aho-Corasick automaton over UTF-16 code units: finds, in one left-to-right pass, the first
 * occurrence of every pattern of a set in a text, whatever the number of patterns. Built once;
 * `firstOccurrences` allocates only its result.
 *
 * Layout: the root's transitions are a dense 65,536-entry table (most steps in CJK text land
 * there); other transitions live in one Map keyed `state * 65536 + codeUnit`. Each state has a
 * failure link and a "dictionary" link to the nearest state on its failure chain that ends a
 * pattern, so reporting costs only the patterns actually found.
 */
export class AhoCorasick {
  private readonly root = new Int32Array(65536);
  private readonly edges = new Map<number, number>();
  private readonly fail: Int32Array;
  private readonly dict: Int32Array;
  /** Pattern ending at a state, or -1 (patterns are deduplicated by the caller). */
  private readonly terminal: Int32Array;
  private readonly lengths: Int32Array;
  /** `seen[pattern] === stamp` ⇔ already reported during the current scan. */
  private readonly seen: Uint32Array;
  private stamp = 0;
  readonly stateCount: number;

  /** `patterns` must be distinct and non-empty. */
  constructor(patterns: readonly string[]) {
    this.lengths = new Int32Array(patterns.length);
    this.seen = new Uint32Array(patterns.length);
    const terminal: number[] = [-1];
    let states = 1;
    patterns.forEach((p, id) => {
      if (p.length === 0) throw new Error("empty pattern");
      this.lengths[id] = p.length;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        let next = s === 0 ? this.root[c] || -1 : (this.edges.get(s * 65536 + c) ?? -1);
        if (next === -1) {
          next = states++;
          terminal.push(-1);
          if (s === 0) this.root[c] = next;
          else this.edges.set(s * 65536 + c, next);
        }
        s = next;
      }
      if (terminal[s] !== -1) throw new Error(`duplicate pattern ${JSON.stringify(p)}`);
      terminal[s] = id;
    });
    this.stateCount = states;
    this.terminal = Int32Array.from(terminal);
    this.fail = new Int32Array(states);
    this.dict = new Int32Array(states);

    // Children of each state, for the breadth-first pass.
    const children: Array<Array<[number, number]>> = Array.from({ length: states }, () => []);
    for (let c = 0; c < 65536; c++) {
      const t = this.root[c] as number;
      if (t !== 0) (children[0] as Array<[number, number]>).push([c, t]);
    }
    for (const [key, t] of this.edges)
      (children[Math.floor(key / 65536)] as Array<[number, number]>).push([key % 65536, t]);

    const queue: number[] = [];
    for (const [, t] of children[0] as Array<[number, number]>) {
      this.fail[t] = 0;
      this.dict[t] = 0;
      queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q] as number;
      for (const [c, t] of children[s] as Array<[number, number]>) {
        let f = this.fail[s] as number;
        let target = this.step(f, c);
        while (target === -1 && f !== 0) {
          f = this.fail[f] as number;
          target = this.step(f, c);
        }
        const ft = target === -1 ? 0 : target;
        this.fail[t] = ft;
        this.dict[t] = (this.terminal[ft] as number) !== -1 ? ft : (this.dict[ft] as number);
        queue.push(t);
      }
    }
  }

  /** Transition without failure (root: 0 when absent, i.e. stay at root). */
  private step(s: number, c: number): number {
    if (s === 0) return this.root[c] as number;
    return this.edges.get(s * 65536 + c) ?? -1;
  }

  /**
   * First occurrence of every pattern found in `text`, as a flat list
   * `[pattern, start, end, pattern, start, end, …]` in order of their end position.
   */
  firstOccurrences(text: string): number[] {
    const out: number[] = [];
    if (text.length === 0) return out;
    const stamp = ++this.stamp;
    if (stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const { root, edges, fail, dict, terminal, lengths, seen } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        if (s === 0) {
          s = root[c] as number;
          break;
        }
        const t = edges.get(s * 65536 + c);
        if (t !== undefined) {
          s = t;
          break;
        }
        s = fail[s] as number;
      }
      if (s === 0) continue;
      let r = (terminal[s] as number) !== -1 ? s : (dict[s] as number);
      while (r !== 0) {
        const p = terminal[r] as number;
        if (seen[p] !== this.stamp) {
          seen[p] = this.stamp;
          out.push(p, i + 1 - (lengths[p] as number), i + 1);
        }
        r = dict[r] as number;
      }
    }
    return out;
  }
}
