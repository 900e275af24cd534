import { describe, expect, it } from "vitest";
import {
  betaRegularized,
  excludesZero,
  logGamma,
  meanDiff,
  proportionDiff,
  ratio,
  tCdf,
  tQuantile,
  Z95,
} from "./results-stats";

/** Moments of a list of values, the way the SQL gives them: n, Σx, Σ(x − x̄)². */
const moments = (xs: number[]) => {
  const sum = xs.reduce((a, x) => a + x, 0);
  const mean = sum / xs.length;
  return { n: xs.length, sum, ss: xs.reduce((a, x) => a + (x - mean) ** 2, 0) };
};

describe("Student's t and the functions under it", () => {
  it("ln Γ at known points", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(10.5)).toBeCloseTo(13.940625219403763, 10);
  });

  it("the regularized incomplete beta function (scipy.stats.beta.cdf)", () => {
    expect(betaRegularized(0.3, 2.5, 1.5)).toBeCloseTo(0.08894372317066562, 12);
    expect(betaRegularized(0.9, 0.5, 10)).toBeCloseTo(0.9999999999815198, 12);
    expect(betaRegularized(0.5, 3, 3)).toBeCloseTo(0.5, 12);
    expect(betaRegularized(0, 2, 2)).toBe(0);
    expect(betaRegularized(1, 2, 2)).toBe(1);
  });

  it("t quantiles match the table (scipy.stats.t.ppf(0.975, df)), fractional df too", () => {
    const table: Array<[number, number]> = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3.8608, 2.8163732145482525],
      [10, 2.228138851986274],
      [30, 2.0422724563012378],
      [1000, 1.9623390808264083],
    ];
    for (const [df, q] of table) expect(tQuantile(0.975, df)).toBeCloseTo(q, 9);
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 12);
    // df → ∞ is the normal.
    expect(tQuantile(0.975, 1e9)).toBeCloseTo(Z95, 6);
    expect(() => tQuantile(0.4, 3)).toThrow(RangeError);
  });
});

describe("conversion: two proportions, unpooled normal interval", () => {
  it("3 of 4 recipients against 1 of 3 held out, by hand", () => {
    // p₁ = .75, p₂ = 1/3; SE = √(.75·.25/4 + (1/3)(2/3)/3) = √(.046875 + .0740741) = .347777
    const r = proportionDiff({ n: 4, k: 3 }, { n: 3, k: 1 });
    expect(r.difference).toBeCloseTo(5 / 12, 12);
    const se = Math.sqrt(0.046875 + 2 / 27);
    expect(se).toBeCloseTo(0.347777, 6);
    expect(r.ci95?.[0]).toBeCloseTo(5 / 12 - 1.959964 * se, 5);
    expect(r.ci95?.[0]).toBeCloseTo(-0.2649643826970188, 12);
    expect(r.ci95?.[1]).toBeCloseTo(1.0982977160303522, 12);
    expect(r.relative).toBeCloseTo(1.25, 12);
  });

  it("12.0 % of 1000 against 9.0 % of 500: +3 points, an interval that just takes in 0", () => {
    const r = proportionDiff({ n: 1000, k: 120 }, { n: 500, k: 45 });
    expect(r.difference).toBeCloseTo(0.03, 12);
    expect(r.ci95?.[0]).toBeCloseTo(-0.002169690801980012, 12);
    expect(r.ci95?.[1]).toBeCloseTo(0.06216969080198001, 12);
    expect(excludesZero(r.ci95)).toBe(false);
    const bigger = proportionDiff({ n: 10_000, k: 1200 }, { n: 5000, k: 450 });
    expect(excludesZero(bigger.ci95)).toBe(true);
  });

  it("sizes 0, and rates of 0 or 1, give nulls instead of dividing by zero", () => {
    expect(proportionDiff({ n: 0, k: 0 }, { n: 5, k: 1 })).toEqual({
      difference: null,
      ci95: null,
      relative: null,
    });
    expect(proportionDiff({ n: 5, k: 1 }, { n: 0, k: 0 })).toEqual({
      difference: null,
      ci95: null,
      relative: null,
    });
    // Nobody bought in either group: the difference is 0, the SE is 0, so no interval; no relative to 0.
    expect(proportionDiff({ n: 10, k: 0 }, { n: 10, k: 0 })).toEqual({
      difference: 0,
      ci95: null,
      relative: null,
    });
    expect(proportionDiff({ n: 10, k: 2 }, { n: 10, k: 0 }).relative).toBeNull();
    expect(ratio(1, 0)).toBeNull();
    expect(excludesZero(null)).toBe(false);
  });
});

describe("revenue per member: Welch's interval", () => {
  it("[1000, 300, 1500, 0] against [400, 0, 0], by hand and against scipy's ttest_ind", () => {
    const a = moments([1000, 300, 1500, 0]);
    const b = moments([400, 0, 0]);
    // x̄₁ = 700, Σ(x−x̄)² = 300² + 400² + 800² + 700² = 1 380 000 → s₁² = 460 000, s₁²/n₁ = 115 000
    expect(a).toEqual({ n: 4, sum: 2800, ss: 1_380_000 });
    // x̄₂ = 133.3, Σ(x−x̄)² = 266.7² + 2·133.3² = 106 666.7 → s₂² = 53 333.3, s₂²/n₂ = 17 777.8
    expect(b.ss).toBeCloseTo(106_666.667, 3);
    const r = meanDiff(a, b);
    expect(r.difference).toBeCloseTo(566.6666666666666, 9);
    // SE = √(115 000 + 17 777.8) = 364.387; df = 132 777.8² / (115 000²/3 + 17 777.8²/2) = 3.8608
    expect(r.df).toBeCloseTo(3.860831361946604, 9);
    expect(r.ci95?.[0]).toBeCloseTo(566.667 - 2.816373 * 364.386852, 2);
    expect(r.ci95?.[0]).toBeCloseTo(-459.57926790341924, 6);
    expect(r.ci95?.[1]).toBeCloseTo(1592.9126012367524, 6);
  });

  it("equal groups with no spread, sizes 0 and 1: a difference where one exists, no interval", () => {
    expect(meanDiff(moments([5, 5, 5]), moments([5, 5]))).toEqual({ difference: 0, ci95: null, df: null });
    expect(meanDiff({ n: 0, sum: 0, ss: 0 }, moments([1, 2]))).toEqual({
      difference: null,
      ci95: null,
      df: null,
    });
    expect(meanDiff(moments([7]), moments([1, 2]))).toEqual({ difference: 5.5, ci95: null, df: null });
    // One group without spread still has an interval from the other's.
    const one = meanDiff(moments([0, 0, 0]), moments([0, 10]));
    expect(one.df).toBeCloseTo(1, 12);
    expect(one.ci95?.[1]).toBeCloseTo(-5 + 12.706204736174694 * 5, 8);
  });
});
