/**
 * In-place selection (Hoare's quickselect with the Hoare partition, which splits runs of equal
 * values evenly, so constant durations stay O(n)): after `select(a, k, lo, hi)`, a[k] holds the
 * value a full sort would put there, everything in [lo, k) is <= a[k] and everything in (k, hi]
 * is >= a[k]. O(n) on average, so exact percentiles of millions of durations cost a few passes
 * instead of a sort.
 */
export function select(a: Float64Array, k: number, lo = 0, hi = a.length - 1): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    // Now [lo, j] <= pivot, [i, hi] >= pivot, and everything strictly between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * The values at several ranks, as a full sort would place them: ranks are selected in ascending
 * order, each within the part right of the previous one. `a` is reordered.
 */
export function selectRanks(a: Float64Array, ranks: readonly number[]): number[] {
  const order = ranks.map((r, i) => [r, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(ranks.length).fill(0);
  let lo = 0;
  for (const [r, i] of order) {
    select(a, r, lo, a.length - 1);
    out[i] = a[r]!;
    lo = r;
  }
  return out;
}
