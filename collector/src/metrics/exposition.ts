/**
 * Prometheus text exposition format 0.0.4: metric families with HELP and TYPE lines, samples
 * with escaped label values.
 */

/** The metric types the collector exposes. */
export type MetricType = 'counter' | 'gauge' | 'summary';

/** Label names and values of one sample. */
export type Labels = Readonly<Record<string, string>>;

/** Builds one exposition; families must be written whole, one after the other. */
export class Exposition {
  private readonly lines: string[] = [];

  /** Starts a family: its HELP and TYPE lines. */
  family(name: string, type: MetricType, help: string): this {
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    return this;
  }

  /** One sample of the current family. */
  sample(name: string, value: number, labels?: Labels): this {
    this.lines.push(`${name}${labels === undefined ? '' : labelSet(labels)} ${formatValue(value)}`);
    return this;
  }

  /** A family of one unlabelled sample. */
  single(name: string, type: 'counter' | 'gauge', help: string, value: number): this {
    return this.family(name, type, help).sample(name, value);
  }

  /** The exposition text, ending with a newline. */
  text(): string {
    return this.lines.join('\n') + '\n';
  }
}

function labelSet(labels: Labels): string {
  const parts: string[] = [];
  for (const key of Object.keys(labels)) parts.push(`${key}="${escapeLabelValue(labels[key]!)}"`);
  return `{${parts.join(',')}}`;
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Go-style float text: NaN, +Inf and -Inf spelled as Prometheus reads them. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
