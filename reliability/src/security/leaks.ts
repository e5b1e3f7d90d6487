/** Signs that an HTTP answer shows internals: a stack frame, a source location, a node internal. */
const INTERNALS = /\n\s+at |\bat [\w.<>]+ \(|\.[jt]s:\d+|node:internal|\/node_modules\//;

/** The leaked internal found in `body`, or null. */
export function leakedInternals(body: Buffer | string): string | null {
  const text = typeof body === 'string' ? body : body.toString('latin1');
  return INTERNALS.exec(text)?.[0] ?? null;
}
