import * as http from 'node:http';
import * as https from 'node:https';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { IoError } from '@laptime/store';
import { VERSION } from '../version.js';
import type { ExporterTransport, SendOutcome } from './exporter-transport.js';
import { isRetryableNetworkError, isRetryableStatus } from './is-export-retryable.js';
import { parseRetryAfter } from './retry-after.js';
import { errorBodyMessage } from './rpc-status.js';

/** Bytes of a response body kept (a partial success, an error message); the rest is discarded. */
export const MAX_RESPONSE_BYTES = 64 * 1024;
/** Idle keep-alive sockets kept: one sender sends one request at a time. */
const MAX_FREE_SOCKETS = 1;

export interface HttpTransportOptions {
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body is already gzip-compressed. */
  gzip: boolean;
}

/**
 * POSTs protobuf bodies with node:http(s) over a keep-alive connection. Every request runs with
 * tracing suppressed, so HTTP instrumentation in the app never traces the exporter itself.
 */
export class HttpTransport implements ExporterTransport {
  private readonly url: URL;
  private readonly request: typeof http.request;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;

  constructor(options: HttpTransportOptions) {
    this.url = new URL(options.url);
    const secure = this.url.protocol === 'https:';
    this.request = secure ? https.request : http.request;
    const agentOptions = { keepAlive: true, maxFreeSockets: MAX_FREE_SOCKETS };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.headers = {
      'user-agent': `laptime-exporter/${VERSION}`,
      ...options.headers,
      'content-type': 'application/x-protobuf',
      ...(options.gzip ? { 'content-encoding': 'gzip' } : {}),
    };
  }

  send(body: Uint8Array, timeoutMillis: number): Promise<SendOutcome> {
    return context.with(suppressTracing(context.active()), () => this.post(body, timeoutMillis));
  }

  shutdown(): void {
    this.agent.destroy();
  }

  private post(body: Uint8Array, timeoutMillis: number): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve) => {
      let timedOut = false;
      const req = this.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...this.headers, 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept >= MAX_RESPONSE_BYTES) return;
            chunks.push(chunk);
            kept += chunk.length;
          });
          res.on('end', () => {
            clearTimeout(timer);
            resolve(this.outcome(res, Buffer.concat(chunks)));
          });
          res.on('error', (err) => {
            clearTimeout(timer);
            resolve(this.outcome(res, Buffer.alloc(0), err));
          });
        },
      );
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy();
      }, timeoutMillis);
      req.on('error', (err) => {
        clearTimeout(timer);
        const error = new IoError(
          timedOut
            ? `no answer from the collector at ${this.url.href} within ${timeoutMillis} ms`
            : `cannot reach the collector at ${this.url.href}: ${err.message}`,
          { cause: err },
        );
        resolve(
          timedOut || isRetryableNetworkError(err)
            ? { status: 'retryable', error }
            : { status: 'failure', error },
        );
      });
      req.end(body);
    });
  }

  private outcome(res: http.IncomingMessage, body: Buffer, readError?: Error): SendOutcome {
    const status = res.statusCode ?? 0;
    // A 2xx whose body was cut off still means the spans arrived.
    if (status >= 200 && status < 300) return { status: 'success', response: body };
    const detail = errorBodyMessage(body, res.headers['content-type']) ?? res.statusMessage ?? '';
    const error = new IoError(
      `the collector at ${this.url.href} answered ${status}${detail ? `: ${detail}` : ''}`,
      readError ? { cause: readError } : undefined,
    );
    if (!isRetryableStatus(status)) return { status: 'failure', error };
    const retryAfterMillis = parseRetryAfter(res.headers['retry-after']);
    return retryAfterMillis === undefined
      ? { status: 'retryable', error }
      : { status: 'retryable', error, retryAfterMillis };
  }
}
