/**
 * A reader of the Prometheus text exposition format (0.0.4), enough to look samples up by name
 * and labels: `# TYPE` lines and samples `name{label="value",...} value [timestamp]`, label
 * values with the escapes `\\`, `\"` and `\n`.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Metric family name to its type (`counter`, `gauge`, `summary`, ...). */
  types: Map<string, string>;
  samples: Sample[];
}

const SAMPLE_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"/;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', n: '\n' };

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    else if (line.trim() !== '' && !line.startsWith('#')) samples.push(parseSample(line));
  }
  return { types, samples };
}

function parseSample(line: string): Sample {
  const name = SAMPLE_NAME.exec(line)?.[0];
  if (name === undefined) throw new Error(`not a sample line: ${line}`);
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.replace(/^\s*,?\s*/, '');
      if (rest.startsWith('}')) break;
      const label = LABEL.exec(rest);
      if (label === null) throw new Error(`bad labels in: ${line}`);
      rest = rest.slice(label[0].length);
      let value = '';
      while (rest[0] !== '"') {
        if (rest === '') throw new Error(`unterminated label value in: ${line}`);
        if (rest[0] === '\\') {
          value += ESCAPES[rest[1]!] ?? `\\${rest[1]}`;
          rest = rest.slice(2);
        } else {
          value += rest[0];
          rest = rest.slice(1);
        }
      }
      labels[label[1]!] = value;
      rest = rest.slice(1);
    }
    rest = rest.slice(1);
  }
  const [value] = rest.trim().split(/\s+/);
  return { name, labels, value: parseValue(value ?? '') };
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const n = Number(text);
  if (text === '' || (Number.isNaN(n) && text !== 'NaN')) throw new Error(`bad sample value: ${text}`);
  return n;
}

/** The samples named `name` whose labels include every label of `match`. */
export function samplesOf(exposition: Exposition, name: string, match: Record<string, string>): Sample[] {
  return exposition.samples.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
}
