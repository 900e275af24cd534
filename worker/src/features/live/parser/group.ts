import type { CompiledProduct } from "./catalogue";
import type { Token } from "./scan";

/**
 * Groups the scanner's tokens into items: `[codes] [words] quantity [words]` (the rules are
 * described in `parse.ts`). Codes left without a quantity are returned as dangling.
 */

interface CodeRef {
  product: CompiledProduct | undefined;
  start: number;
  end: number;
}

export interface Item {
  product: CompiledProduct | undefined;
  /** Set for an unknown code: the [start, end) of the typed code. */
  unknown: [number, number] | undefined;
  words: string[];
  n: number;
  bundle: boolean;
  start: number;
  end: number;
}

interface Grouping {
  items: Item[];
  dangling: CodeRef[];
}

export function group(tokens: Token[]): Grouping {
  const items: Item[] = [];
  const dangling: CodeRef[] = [];
  let pendingCodes: Array<CodeRef & { unknown: boolean }> = [];
  let pendingWords: string[] = [];
  let pendingStart = -1;
  /** The items of the last quantity, still open for trailing words or a post-code. */
  let open: Item[] = [];
  let floating: string[] = [];
  let floatingStart = -1;
  let floatingEnd = -1;
  /** Product of the last item, inherited by a following item that only names variant words. */
  let lastProduct: CompiledProduct | undefined;

  const flushFloating = () => {
    if (floating.length === 0) return;
    for (const it of open) {
      it.words.push(...floating);
      it.end = Math.max(it.end, floatingEnd);
    }
    floating = [];
  };
  const nextIsQty = (from: number) => {
    for (let k = from; k < tokens.length; k++) {
      const t = tokens[k] as Token;
      if (t.t === "word") continue;
      return t.t === "qty";
    }
    return false;
  };
  const addWord = (key: string, start: number, end: number) => {
    if (pendingCodes.length > 0 || pendingWords.length > 0 || open.length === 0) {
      if (pendingStart < 0) pendingStart = start;
      pendingWords.push(key);
    } else {
      if (floating.length === 0) floatingStart = start;
      floating.push(key);
      floatingEnd = end;
    }
  };

  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k] as Token;
    switch (tok.t) {
      case "sep":
        flushFloating();
        open = [];
        break;
      case "word":
        addWord(tok.key, tok.start, tok.end);
        break;
      case "code": {
        // A code that is also a variant word of the product being ordered is that word (`E+1 S`).
        const context =
          pendingCodes.length > 0 ? pendingCodes[pendingCodes.length - 1]?.product : open[0]?.product;
        if (tok.wordKey !== undefined && context?.wordKeys.has(tok.wordKey)) {
          addWord(tok.wordKey, tok.start, tok.end);
          break;
        }
        const first = open[0];
        if (
          pendingCodes.length === 0 &&
          open.length === 1 &&
          first &&
          !first.product &&
          !first.unknown &&
          !nextIsQty(k + 1)
        ) {
          flushFloating();
          first.product = tok.product;
          first.end = Math.max(first.end, tok.end);
          lastProduct = tok.product;
          break;
        }
        flushFloating();
        open = [];
        if (pendingStart < 0) pendingStart = tok.start;
        pendingCodes.push({ product: tok.product, start: tok.start, end: tok.end, unknown: false });
        break;
      }
      case "unknown":
        flushFloating();
        open = [];
        if (pendingStart < 0) pendingStart = tok.start;
        pendingCodes.push({ product: undefined, start: tok.start, end: tok.end, unknown: true });
        break;
      case "qty": {
        let words = pendingWords;
        let start = pendingStart < 0 ? tok.start : pendingStart;
        if (pendingCodes.length === 0 && floating.length > 0) {
          words = floating;
          start = floatingStart;
          floating = [];
        }
        // `B紅+1 黑+1`, `B紅+1、黑+2`: words without a code, all of the previous product's
        // variants → that product; otherwise the featured one.
        let inherited: CompiledProduct | undefined;
        const prev = lastProduct;
        if (
          pendingCodes.length === 0 &&
          words.length > 0 &&
          prev &&
          words.every((w) => prev.wordKeys.has(w))
        ) {
          inherited = prev;
        }
        let targets: Array<CodeRef & { unknown: boolean }>;
        if (pendingCodes.length === 0) targets = [];
        else if (tok.each) targets = pendingCodes;
        else {
          for (const d of pendingCodes.slice(0, -1)) if (!d.unknown) dangling.push(d);
          targets = pendingCodes.slice(-1);
        }
        const created: Item[] = [];
        const make = (product: CompiledProduct | undefined, unknown: [number, number] | undefined) => {
          const it: Item = {
            product,
            unknown,
            words: [...words],
            n: tok.n,
            bundle: tok.bundle,
            start,
            end: tok.end,
          };
          created.push(it);
          items.push(it);
        };
        if (targets.length === 0) make(inherited, undefined);
        for (const t of targets) make(t.product, t.unknown ? [t.start, t.end] : undefined);
        open = created;
        lastProduct = created[created.length - 1]?.product;
        pendingCodes = [];
        pendingWords = [];
        pendingStart = -1;
        break;
      }
    }
  }
  flushFloating();
  for (const d of pendingCodes) if (!d.unknown) dangling.push(d);
  return { items, dangling };
}
