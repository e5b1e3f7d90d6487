/** One OTLP/HTTP protobuf POST and its outcome, never throwing. */
import * as http from 'node:http';

/** Longest one request may take before it counts as failed. */
export const REQUEST_TIMEOUT_MS = 60_000;

/** How a request ended. */
export type PostOutcome =
  | { kind: 'answered'; status: number; retryAfter: string | undefined; ms: number }
  | { kind: 'failed'; error: string; ms: number };

/** POSTs `body` to `<url>/v1/traces` over `agent` and resolves with the answer or the failure. */
export function postTraces(url: string, body: Uint8Array, agent: http.Agent): Promise<PostOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      `${url}/v1/traces`,
      {
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { 'content-type': 'application/x-protobuf', 'content-length': body.byteLength },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            kind: 'answered',
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            ms: performance.now() - started,
          }),
        );
        res.on('error', (err) =>
          resolve({ kind: 'failed', error: err.message, ms: performance.now() - started }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', (err) =>
      resolve({ kind: 'failed', error: err.message, ms: performance.now() - started }),
    );
    req.end(body);
  });
}
