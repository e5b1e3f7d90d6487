/** Number formatting shared by the views. */

/** A duration in ms, with units that keep three significant digits. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms === 0) return '0';
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  return `${(ms * 1000).toPrecision(3)} µs`;
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio === 0 ? 0 : 2)} %`;
}

export function formatRate(perSecond: number): string {
  return `${perSecond.toPrecision(3)}/s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Unix ms of a span's start, from its exact nanosecond string. */
export function startMs(startTimeUnixNano: string): number {
  return (
    Number(BigInt(startTimeUnixNano) / 1_000_000n) + Number(BigInt(startTimeUnixNano) % 1_000_000n) / 1e6
  );
}

/** Creates an element with a class and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== '') node.className = className;
  if (text !== '') node.textContent = text;
  return node;
}
