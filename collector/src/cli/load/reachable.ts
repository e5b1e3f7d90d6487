/** Before a load test: is the collector there and ready? One line naming the reason when not. */
import { CliFailure } from '../cli-failure.js';
import { reasonOf } from '../source/http-source.js';

/** A collector that does not answer its readiness probe within this is reported unreachable. */
const PROBE_TIMEOUT_MS = 5_000;

/** Resolves when GET /readyz answers 200; else throws a CliFailure saying why. */
export async function assertReady(url: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(new URL('readyz', url.endsWith('/') ? url : `${url}/`), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
  } catch (err) {
    throw new CliFailure(`cannot reach the collector at ${url}: ${reasonOf(err)}; nothing was sent`);
  }
  await res.body?.cancel();
  if (res.status !== 200)
    throw new CliFailure(
      `the collector at ${url} is not ready (GET /readyz answered ${res.status}); nothing was sent`,
    );
}
