/**
 * Child process for the lock test: opens an embedded exporter on the directory given as the
 * argument, prints "ready", and holds it until its stdin closes.
 */
import { LaptimeSpanExporter } from '../../src/laptime-span-exporter.js';

const exporter = new LaptimeSpanExporter({ dataDir: process.argv[2]!, store: { poolMB: 8 } });
await exporter.ready();
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void exporter.shutdown().then(() => process.exit(0));
});
