import { describe, expect, it } from "vitest";
import { csvCell, readCsv, toCsv } from "./csv";

describe("csvCell", () => {
  it.each([
    // plain text and numbers stay as they are
    ["王小美", "王小美"],
    ["A 紅 M", "A 紅 M"],
    [1170, "1170"],
    [-100, "-100"],
    [0, "0"],
    [null, ""],
    [undefined, ""],
    [Number.NaN, ""],
    // formulas and their cousins are neutralised (OWASP: prefix with ')
    ["=1+1", "'=1+1"],
    ['=HYPERLINK("https://evil.example","點我")', `"'=HYPERLINK(""https://evil.example"",""點我"")"`],
    ["+886912345678", "'+886912345678"],
    ["-1", "'-1"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", `"'\r=1+1"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    // only the start counts: a formula later in the text is text
    ["A=1", "A=1"],
    ["小美 +1", "小美 +1"],
    // quoting: separators, quotes and line breaks inside a cell
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    [",=1+1", '",=1+1"'],
    ["'quoted", "'quoted"],
  ] as const)("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });
});

describe("toCsv", () => {
  it("writes a BOM, a header and CRLF rows, each cell through csvCell", () => {
    expect(
      toCsv(
        ["order", "buyer", "qty"],
        [
          ["ord_1", "=1+1", 2],
          ["ord_2", "a,b", -1],
        ],
      ),
    ).toBe('\uFEFForder,buyer,qty\r\nord_1,\'=1+1,2\r\nord_2,"a,b",-1\r\n');
  });
});

describe("readCsv", () => {
  it("reads what toCsv writes: BOM, CRLF, quotes, separators and line breaks in cells", () => {
    const rows = [
      ["code", "name"],
      ["0012", 'say "hi", twice'],
      ["0013", "line\nbreak"],
    ];
    expect(readCsv(toCsv(rows[0] as string[], rows.slice(1)))).toEqual(rows);
  });

  it("takes LF, CR and a last line without a break; leaves out blank lines", () => {
    expect(readCsv("a,b\n\nc,d\re\n")).toEqual([["a", "b"], ["c", "d"], ["e"]]);
    expect(readCsv("x")).toEqual([["x"]]);
    expect(readCsv("")).toEqual([]);
    expect(readCsv('"",\n')).toEqual([["", ""]]);
  });
});
