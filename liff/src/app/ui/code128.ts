/**
 * A small Code 128 encoder (ISO/IEC 15417) for the member and coupon codes: digits in code set C
 * (two per symbol: a 16-digit member code is 8 symbols), anything else in code set B.
 * Output: bar/space widths in modules, starting with a bar; render as SVG with `bars()`.
 */
const PATTERNS = [
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
  "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
  "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
  "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
  "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
  "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
  "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
  "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
  "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
  "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
]; // biome-ignore format: the standard's table, ten a row
export const CODE_C = 99;
export const START_B = 104;
export const START_C = 105;
export const STOP = 106;

/** The symbol values for `text`, with start, check symbol and stop. */
export function code128Symbols(text: string): number[] {
  if (!text) throw new Error("nothing to encode");
  const out: number[] = [];
  const digits = /^\d+$/.test(text);
  let rest = text;
  if (digits && text.length % 2 === 0) out.push(START_C);
  else {
    out.push(START_B);
    // An odd run of digits: one in B, then the rest as pairs in C.
    const head = digits ? 1 : text.length;
    for (const ch of text.slice(0, head)) {
      const code = ch.charCodeAt(0);
      if (code < 32 || code > 127) throw new Error(`cannot encode ${JSON.stringify(ch)} in Code 128 B`);
      out.push(code - 32);
    }
    rest = text.slice(head);
    if (rest) out.push(CODE_C);
  }
  if (digits) for (let i = 0; i < rest.length; i += 2) out.push(Number(rest.slice(i, i + 2)));
  let sum = out[0] as number;
  for (let i = 1; i < out.length; i++) sum += (out[i] as number) * i;
  out.push(sum % 103, STOP);
  return out;
}

/** Bar/space widths (modules), bar first, ending with the stop's final bar. */
export function code128Widths(text: string): number[] {
  return code128Symbols(text).flatMap((v) => [...(PATTERNS[v] as string)].map(Number));
}

/** The bars as `[x, width]` in modules, with the total width including quiet zones. */
export function bars(text: string, quiet = 10): { bars: Array<[number, number]>; width: number } {
  const widths = code128Widths(text);
  const out: Array<[number, number]> = [];
  let x = quiet;
  widths.forEach((w, i) => {
    if (i % 2 === 0) out.push([x, w]);
    x += w;
  });
  return { bars: out, width: x + quiet };
}

export { PATTERNS };
