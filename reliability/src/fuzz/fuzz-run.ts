/**
 * Sends fuzz cases to a collector, a few at a time, and checks every answer: well-formed (see
 * answer-check.ts), what the case expects, and in time. Counts everything; keeps the first failures.
 */
import * as http from 'node:http';
import { checkIngestAnswer } from './answer-check.js';
import type { FuzzCase, FuzzCases } from './fuzz-cases.js';
import { post } from './http-post.js';

/** Failures kept for the report; the rest are only counted. */
const KEPT_FAILURES = 20;

export interface FuzzRunOptions {
  /** Base URL of the collector. */
  url: string;
  cases: FuzzCases;
  bodies: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** An answer later than this is a hang. */
  deadlineMs: number;
  /** Extra request headers (a token). */
  headers?: Record<string, string>;
}

export interface FuzzRunResult {
  bodies: number;
  failures: number;
  hangs: number;
  networkErrors: number;
  /** The first failures, each with its case kind. */
  examples: string[];
  byStatus: Record<string, number>;
  spansRefused: number;
  elapsedMs: number;
}

/** The format an answer comes in: the request's, when its content type was an OTLP one. */
function answerFormat(c: FuzzCase): 'protobuf' | 'json' | null {
  const type = c.headers['content-type'];
  return type === 'application/x-protobuf' || type === 'application/json' ? c.format : null;
}

/** Checks one answer against its case; null when it is right. */
function judge(c: FuzzCase, status: number, body: Buffer): { error: string | null; rejected: number } {
  const answer = checkIngestAnswer(answerFormat(c), status, body);
  if (typeof answer === 'string') return { error: answer, rejected: 0 };
  const wrong =
    (c.expect === 'accepted' && (status !== 200 || answer.rejected !== 0)) ||
    (c.expect === 'span-refused' && (status !== 200 || answer.rejected < 1)) ||
    (c.expect === 'unsupported' && status !== 415);
  const error = wrong
    ? `expected ${c.expect}, got ${status} rejected=${answer.rejected} ${answer.code ?? ''}`
    : null;
  return { error, rejected: answer.rejected };
}

/** Runs `bodies` cases; resolves with the counts. */
export async function runFuzz(opts: FuzzRunOptions): Promise<FuzzRunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const result: FuzzRunResult = {
    bodies: 0,
    failures: 0,
    hangs: 0,
    networkErrors: 0,
    examples: [],
    byStatus: {},
    spansRefused: 0,
    elapsedMs: 0,
  };
  const fail = (c: FuzzCase, why: string): void => {
    result.failures++;
    if (result.examples.length < KEPT_FAILURES) result.examples.push(`${c.kind}: ${why}`);
  };
  const started = Date.now();
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < opts.bodies) {
      issued++;
      const c = opts.cases.next();
      const outcome = await post({
        url: `${opts.url}/v1/traces`,
        headers: { ...c.headers, ...opts.headers },
        body: c.body,
        deadlineMs: opts.deadlineMs,
        agent,
      });
      result.bodies++;
      if (outcome.kind === 'hung') {
        result.hangs++;
        fail(c, `no answer within ${opts.deadlineMs} ms`);
        continue;
      }
      if (outcome.kind === 'network') {
        result.networkErrors++;
        fail(c, `network error: ${outcome.error}`);
        continue;
      }
      result.byStatus[outcome.status] = (result.byStatus[outcome.status] ?? 0) + 1;
      const { error, rejected } = judge(c, outcome.status, outcome.body);
      result.spansRefused += rejected;
      if (error !== null) fail(c, error);
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  result.elapsedMs = Date.now() - started;
  return result;
}
