import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer of a {@link ScriptedReceiver}. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

/** One request a {@link ScriptedReceiver} got. */
export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A tiny HTTP server on 127.0.0.1 standing in for a collector: it answers from a script (then
 * 200 once the script is used up) and records every request with its arrival time.
 */
export class ScriptedReceiver {
  readonly requests: Received[] = [];
  private server: Server | null = null;

  constructor(private readonly script: Answer[] = []) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const at = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ at, headers: req.headers, body: Buffer.concat(chunks) });
        const answer = this.script.shift() ?? { status: 200 };
        res.writeHead(answer.status, { 'content-type': 'application/x-protobuf', ...answer.headers });
        res.end(answer.body ?? Buffer.alloc(0));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
