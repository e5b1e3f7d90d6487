/**
 * The load generator's engine: steps of paced OTLP requests from N concurrent clients over
 * keep-alive connections. Each step offers a rate; a request is due every `batch / rate` seconds
 * and a free client sends it. When every client is busy the sends fall behind their due times,
 * so the achieved rate drops below the offered one: that is where the collector's limit is.
 */
import * as http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Ramp steps before the final step at the full rate. */
export const RAMP_STEPS = 5;
/** A request not acknowledged within this counts as an error. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface LoadPlan {
  url: string;
  token: string | undefined;
  /** Spans per second at the top. */
  rate: number;
  rampMs: number;
  durationMs: number;
  clients: number;
  /** Spans per request. */
  batch: number;
}

/** What one step offered and got. Latencies in ms. */
export interface StepReport {
  step: number;
  offeredRate: number;
  achievedRate: number;
  requests: number;
  acknowledged: number;
  p50: number | null;
  p99: number | null;
  /** Answers other than 200, 429 and 503, and failed connections. */
  errors: number;
  throttled: number;
  unavailable: number;
  seconds: number;
}

/** The offered rate and length of every step: the ramp in RAMP_STEPS, then the full rate. */
export function stepsOf(plan: LoadPlan): { rate: number; ms: number }[] {
  const ramp =
    plan.rampMs > 0
      ? Array.from({ length: RAMP_STEPS }, (_, k) => ({
          rate: (plan.rate * (k + 1)) / (RAMP_STEPS + 1),
          ms: plan.rampMs / RAMP_STEPS,
        }))
      : [];
  return [...ramp, { rate: plan.rate, ms: plan.durationMs }];
}

/** Runs every step in turn, reporting each as it ends. */
export async function runLoad(
  plan: LoadPlan,
  bodies: readonly Uint8Array[],
  onStep: (r: StepReport) => void,
): Promise<StepReport[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.clients });
  const target = new URL('/v1/traces', plan.url);
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/x-protobuf' };
  if (plan.token !== undefined) headers.authorization = `Bearer ${plan.token}`;
  const reports: StepReport[] = [];
  let next = 0;
  try {
    for (const [i, s] of stepsOf(plan).entries()) {
      const send = (): Promise<number> => post(agent, target, headers, bodies[next++ % bodies.length]!);
      const r = await runStep(i + 1, s.rate, s.ms, plan, send);
      reports.push(r);
      onStep(r);
    }
  } finally {
    agent.destroy();
  }
  return reports;
}

async function runStep(
  step: number,
  rate: number,
  ms: number,
  plan: LoadPlan,
  send: () => Promise<number>,
): Promise<StepReport> {
  const interval = (plan.batch / rate) * 1000;
  const start = performance.now();
  const end = start + ms;
  const latencies: number[] = [];
  const r: StepReport = {
    step,
    offeredRate: rate,
    achievedRate: 0,
    requests: 0,
    acknowledged: 0,
    p50: null,
    p99: null,
    errors: 0,
    throttled: 0,
    unavailable: 0,
    seconds: 0,
  };
  let due = start;
  const client = async (): Promise<void> => {
    for (;;) {
      const mine = due;
      if (mine >= end) return;
      due += interval;
      const wait = mine - performance.now();
      if (wait > 0) await sleep(wait);
      r.requests++;
      const sent = performance.now();
      const status = await send();
      latencies.push(performance.now() - sent);
      if (status === 200) r.acknowledged++;
      else if (status === 429) r.throttled++;
      else if (status === 503) r.unavailable++;
      else r.errors++;
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, client));
  r.seconds = Math.max(ms, performance.now() - start) / 1000;
  r.achievedRate = (r.acknowledged * plan.batch) / r.seconds;
  latencies.sort((a, b) => a - b);
  if (latencies.length > 0) {
    r.p50 = latencies[Math.floor(0.5 * (latencies.length - 1))]!;
    r.p99 = latencies[Math.floor(0.99 * (latencies.length - 1))]!;
  }
  return r;
}

/** POSTs one body; resolves to the status, or 0 when the connection failed or timed out. */
function post(
  agent: http.Agent,
  url: URL,
  headers: http.OutgoingHttpHeaders,
  body: Uint8Array,
): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': body.byteLength },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}
