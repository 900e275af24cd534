/**
 * The statistics of a campaign's uplift, pure: recipients against the holdout.
 *
 * - Conversion: the difference of two proportions with a 95 % interval by the normal
 *   approximation with the unpooled standard error, √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂) (Wald).
 * - Revenue per member: the difference of two means with Welch's 95 % interval, t with
 *   Welch–Satterthwaite degrees of freedom, from each group's n, Σx and Σ(x − x̄)².
 *
 * Anything undefined is null, never NaN or a division by zero: a group of size 0 gives no
 * difference; an interval needs a standard error above 0 (and n ≥ 2 per group for Welch).
 */

/** The two-sided 95 % normal quantile, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export type Interval = [number, number];

/** k of n members converted. */
export interface Proportion {
  n: number;
  k: number;
}

/** A group's values x₁…xₙ as n, Σx and the centred sum of squares Σ(x − x̄)². */
export interface Moments {
  n: number;
  sum: number;
  ss: number;
}

export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

export function proportionDiff(
  a: Proportion,
  b: Proportion,
): { difference: number | null; ci95: Interval | null; relative: number | null } {
  if (a.n === 0 || b.n === 0) return { difference: null, ci95: null, relative: null };
  const p1 = a.k / a.n;
  const p2 = b.k / b.n;
  const difference = p1 - p2;
  const se = Math.sqrt((p1 * (1 - p1)) / a.n + (p2 * (1 - p2)) / b.n);
  return {
    difference,
    ci95: se > 0 ? [difference - Z95 * se, difference + Z95 * se] : null,
    relative: ratio(difference, p2),
  };
}

/** Welch's t interval for the difference of means a − b (and the degrees of freedom used). */
export function meanDiff(
  a: Moments,
  b: Moments,
): { difference: number | null; ci95: Interval | null; df: number | null } {
  if (a.n === 0 || b.n === 0) return { difference: null, ci95: null, df: null };
  const difference = a.sum / a.n - b.sum / b.n;
  if (a.n < 2 || b.n < 2) return { difference, ci95: null, df: null };
  const va = a.ss / (a.n - 1) / a.n;
  const vb = b.ss / (b.n - 1) / b.n;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return { difference, ci95: null, df: null };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = tQuantile(0.975, df);
  return { difference, ci95: [difference - t * se, difference + t * se], df };
}

/** Whether an interval leaves 0 out (null: no interval, so no claim). */
export const excludesZero = (ci: Interval | null): boolean => ci !== null && (ci[0] > 0 || ci[1] < 0);

/** The p-quantile (p > 0.5) of Student's t with `df` degrees of freedom, by bisection on the CDF. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1) || !(df > 0)) throw new RangeError(`tQuantile(${p}, ${df})`);
  let lo = 0;
  let hi = 2;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** P(T ≤ t) for t ≥ 0: 1 − ½·I_{df/(df+t²)}(df/2, ½). */
export function tCdf(t: number, df: number): number {
  return 1 - 0.5 * betaRegularized(df / (df + t * t), df / 2, 0.5);
}

/** The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz). */
export function betaRegularized(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast for x < (a+1)/(a+b+2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * betaFraction(1 - x, b, a)) / b;
  return (front * betaFraction(x, a, b)) / a;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 300; m++) {
    for (const num of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + num * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}
