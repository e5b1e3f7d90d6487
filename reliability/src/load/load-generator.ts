/**
 * Concurrent OTLP senders: each client posts batches of uniquely identified spans over a
 * keep-alive connection with random pauses, and the ledger records every span's outcome.
 */
import * as http from 'node:http';
import { between, type Random } from '../crash/seeded-random.js';
import type { AckLedger } from './ack-ledger.js';
import { postTraces } from './post-request.js';
import { encodeSpans, generateSpans, spanIdOf } from './span-batch.js';

/** Retries of one throttled batch before it is given up (as an exporter eventually would). */
export const MAX_ATTEMPTS = 30;
/** Wait before a retry after a network failure, or a throttling answer without Retry-After. */
const DEFAULT_RETRY_MS = 1_000;
/** Network failure messages kept for the report, at most. */
const FAILURES_KEPT = 5;

/** What to send and how. */
export interface LoadOptions {
  url: string;
  clients: number;
  /** Distinguishes the span ids of this load from every other in the same store (16 bits). */
  tag: number;
  random: Random;
  /** Spans per request, inclusive range. */
  batch: readonly [number, number];
  /** Pause between a client's requests in ms, inclusive range. */
  pauseMs: readonly [number, number];
  /** Stop once this many spans were generated in all (undefined: until `stop()`). */
  totalSpans?: number;
  /**
   * Retry 429 and 503 answers after Retry-After, and network failures after a pause, with the same
   * spans, as OTLP exporters do.
   */
  retry: boolean;
  /** A network failure means the collector is gone (the crash loop killed it): every client stops. */
  stopOnNetworkFailure: boolean;
  ledger: AckLedger;
}

/** What happened, for the figures and the assertions. */
export interface LoadReport {
  requests: number;
  /** Answers by status, network failures under `failed`. */
  outcomes: Record<string, number>;
  /** 429 and 503 answers that carried no Retry-After header. */
  throttledWithoutRetryAfter: number;
  /** Latency of every 200, from the request's start to the end of its answer (ms). */
  ackLatenciesMs: number[];
  /** Batches given up after {@link MAX_ATTEMPTS}. */
  abandonedBatches: number;
  /** The first network failures' messages. */
  failures: string[];
}

/** A load in progress. */
export interface RunningLoad {
  /** Asks every client to stop after its current request. */
  stop(): void;
  /** Resolves when every client has stopped. */
  done: Promise<LoadReport>;
}

/** Starts the clients; they run until `totalSpans` is reached, `stop()`, or the collector goes away. */
export function startLoad(o: LoadOptions): RunningLoad {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const report: LoadReport = {
    requests: 0,
    outcomes: {},
    throttledWithoutRetryAfter: 0,
    ackLatenciesMs: [],
    abandonedBatches: 0,
    failures: [],
  };
  let stopped = false;
  let generated = 0;
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  const client = async (n: number): Promise<void> => {
    let seq = 0;
    while (!stopped) {
      const want = between(o.random, o.batch[0], o.batch[1]);
      const size = o.totalSpans === undefined ? want : Math.min(want, o.totalSpans - generated);
      if (size <= 0) return;
      generated += size;
      const ids = Array.from({ length: size }, () => spanIdOf(o.tag, n, seq++));
      const body = encodeSpans(generateSpans(o.random, ids));
      const ok = await deliver(body);
      o.ledger.record(ids, ok);
      await sleep(between(o.random, o.pauseMs[0], o.pauseMs[1]));
    }
  };

  /** True once the batch is acknowledged; false when refused, given up, or the collector vanished. */
  const deliver = async (body: Uint8Array): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      const out = await postTraces(o.url, body, agent);
      report.requests++;
      const key = out.kind === 'failed' ? 'failed' : String(out.status);
      report.outcomes[key] = (report.outcomes[key] ?? 0) + 1;
      if (out.kind === 'failed') {
        if (report.failures.length < FAILURES_KEPT) report.failures.push(out.error);
        if (o.stopOnNetworkFailure) stopped = true;
      } else if (out.status === 200) {
        report.ackLatenciesMs.push(out.ms);
        return true;
      }
      const throttled = out.kind === 'answered' && (out.status === 429 || out.status === 503);
      if (throttled && out.retryAfter === undefined) report.throttledWithoutRetryAfter++;
      const retryable = throttled || out.kind === 'failed';
      if (!retryable || !o.retry || stopped) return false;
      if (attempt === MAX_ATTEMPTS) {
        report.abandonedBatches++;
        return false;
      }
      const seconds = out.kind === 'answered' ? Number(out.retryAfter) : Number.NaN;
      const wait = Number.isFinite(seconds) ? seconds * 1000 : DEFAULT_RETRY_MS;
      // Jitter spreads the retries of many throttled clients, as exporters do.
      await sleep(wait * (0.5 + o.random()));
    }
  };

  const done = Promise.all(Array.from({ length: o.clients }, (_, n) => client(n))).then(() => {
    agent.destroy();
    return report;
  });
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}

/** The answers of a load as flat figures: `answered200`, `answered429`, ..., `networkFailed`. */
export function answerCounts(outcomes: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(outcomes).map(([k, n]) => [k === 'failed' ? 'networkFailed' : `answered${k}`, n]),
  );
}
