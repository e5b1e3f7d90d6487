/**
 * A collector with a deliberately tiny ingest queue, so that a test can offer more than it can
 * take. The queue bounds are set from code only (`startCollector`), hence this entry point; it
 * prints the same "listening on" line as `laptime serve` and stops the same way on SIGTERM.
 *
 * Usage: node throttled-collector.js <dataDir> [port]
 */
import { startCollector } from '@laptime/collector';

/** Requests admitted at once: far below what the load offers. */
const THROTTLED_QUEUE_REQUESTS = 4;
/** Body bytes admitted at once. */
const THROTTLED_QUEUE_BYTES = 1024 * 1024;

const [dataDir, port = '0'] = process.argv.slice(2);
if (dataDir === undefined) {
  process.stderr.write('usage: throttled-collector <dataDir> [port]\n');
  process.exit(2);
}
const collector = await startCollector({
  dataDir,
  port: Number(port),
  ingestQueueRequests: THROTTLED_QUEUE_REQUESTS,
  ingestQueueBytes: THROTTLED_QUEUE_BYTES,
});
process.stderr.write(`laptime: collector listening on ${collector.url}, data in ${dataDir}\n`);
process.once('SIGTERM', () => {
  void collector.close().then(() => process.exit(0));
});
