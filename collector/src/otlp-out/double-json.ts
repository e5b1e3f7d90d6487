/** Doubles in JSON without losing what JSON numbers cannot carry. */

/**
 * A double as proto3 JSON writes one: a number, or a string where a JSON number would not read
 * back as the same double (`"NaN"`, `"Infinity"`, `"-Infinity"`, and `"-0"`, which
 * `JSON.stringify` prints as `0`).
 */
export function doubleJson(v: number): number | string {
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : v;
  return String(v);
}
