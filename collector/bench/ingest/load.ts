/**
 * The load generator: concurrent senders posting pre-encoded requests over keep-alive
 * connections, closed-loop (as fast as acknowledged) or paced at a target rate.
 */
import * as http from 'node:http';

export interface LoadResult {
  requests: number;
  /** Requests answered 200. */
  acknowledged: number;
  failed: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  bodies: readonly Buffer[];
  senders: number;
  durationMs: number;
  /** Requests per second over all senders; omitted: as fast as the receiver acknowledges. */
  rate?: number;
}

function post(agent: http.Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the load for `durationMs` and counts the outcomes. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.senders });
  const url = new URL('/v1/traces', o.url);
  const started = performance.now();
  const deadline = started + o.durationMs;
  const result: LoadResult = { requests: 0, acknowledged: 0, failed: 0, seconds: 0 };
  let next = 0;
  // Paced: sender k sends its n-th request at started + (n * senders + k) / rate.
  const interval = o.rate === undefined ? 0 : (1000 * o.senders) / o.rate;
  const sender = async (k: number): Promise<void> => {
    for (let n = 0; ; n++) {
      if (o.rate !== undefined) {
        const due = started + n * interval + (k * interval) / o.senders;
        if (due >= deadline) return;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      } else if (performance.now() >= deadline) {
        return;
      }
      const body = o.bodies[next++ % o.bodies.length]!;
      result.requests++;
      try {
        if ((await post(agent, url, body)) === 200) result.acknowledged++;
        else result.failed++;
      } catch {
        result.failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.senders }, (_, k) => sender(k)));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

/** Latencies (ms) of GET `path`, one request after another, until `durationMs` passes. */
export async function probeLatency(
  baseUrl: string,
  path: string,
  durationMs: number,
  gapMs: number,
): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(path, baseUrl);
  const out: number[] = [];
  const deadline = performance.now() + durationMs;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        })
        .on('error', reject);
    });
    const ms = performance.now() - t0;
    if (status !== 200) throw new Error(`GET ${path} answered ${status}`);
    out.push(ms);
    await sleep(gapMs);
  }
  agent.destroy();
  return out;
}

/** The q-quantile of `values` (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
