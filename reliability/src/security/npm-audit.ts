/**
 * `npm audit --omit=dev` of the repository: the advisories of the packages a user installs, by
 * severity; or why the registry could not be asked (npm prints that as JSON too).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const fromSource = import.meta.url.endsWith('.ts');
const REPO_ROOT = fileURLToPath(new URL(fromSource ? '../../../' : '../../../../', import.meta.url));
/** npm asks the registry once; a slow mirror still answers well within this. */
const AUDIT_TIMEOUT_MS = 120_000;
/** npm audit prints a large report for a big tree. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';

export type AuditOutcome =
  | { kind: 'report'; vulnerabilities: Record<Severity, number>; packages: Record<string, Severity> }
  | { kind: 'unavailable'; reason: string };

interface AuditJson {
  metadata?: { vulnerabilities?: Record<Severity, number> };
  vulnerabilities?: Record<string, { severity: Severity }>;
  message?: string;
  error?: { summary?: string; detail?: string };
}

/** Runs the audit at the repository root. */
export function npmAudit(): Promise<AuditOutcome> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--omit=dev', '--json'],
      { cwd: REPO_ROOT, timeout: AUDIT_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES },
      // npm audit exits 1 when it finds advisories: the JSON on stdout says what happened.
      (err, stdout) => {
        let json: AuditJson;
        try {
          json = JSON.parse(stdout) as AuditJson;
        } catch {
          resolve({
            kind: 'unavailable',
            reason: `npm audit printed no report (${err?.message ?? 'no output'})`,
          });
          return;
        }
        const counts = json.metadata?.vulnerabilities;
        if (counts === undefined) {
          const why = [json.message, json.error?.summary, json.error?.detail].filter(
            (s) => s !== undefined && s !== '',
          );
          resolve({ kind: 'unavailable', reason: why.join(': ') || 'the report has no metadata' });
          return;
        }
        const packages = Object.fromEntries(
          Object.entries(json.vulnerabilities ?? {}).map(([name, v]) => [name, v.severity]),
        );
        resolve({ kind: 'report', vulnerabilities: counts, packages });
      },
    );
  });
}
