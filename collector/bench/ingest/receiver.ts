/**
 * A receiver in a process of its own (so the load generator does not share its core): the real
 * collector on a fresh data directory, or a null receiver on the same HTTP stack (express: read
 * the body, answer 200 with an empty response) as the ceiling. Tells its URL over IPC; closes on
 * a "stop" message.
 *
 *     node receiver.js collector|null
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import express from 'express';
import { startCollector } from '../../src/server.js';

/** What the parent hears from a receiver. */
export interface ReceiverMessage {
  url: string;
  dataDir: string | null;
}

async function nullReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.post('/v1/traces', (req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => {
      res.status(200).type('application/x-protobuf').set('x-bytes', String(bytes)).end();
    });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  let dataDir: string | null = null;
  let receiver: { url: string; close(): Promise<void> };
  if (mode === 'collector') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'laptime-ingest-bench-'));
    receiver = await startCollector({ dataDir, host: '127.0.0.1', port: 0 });
  } else {
    receiver = await nullReceiver();
  }
  process.on('message', (m) => {
    if (m !== 'stop') return;
    void receiver.close().then(() => {
      if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.send?.({ url: receiver.url, dataDir } satisfies ReceiverMessage);
}

await main();
