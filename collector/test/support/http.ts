/** Small HTTP helpers over Node's fetch for the collector's tests. */
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { protobufBody, jsonBody, type TestSpan } from './spans.js';

export const PROTOBUF = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

/** Posts a raw body to /v1/traces. */
export function postTraces(
  baseUrl: string,
  body: Uint8Array,
  headers: Record<string, string> = { 'content-type': PROTOBUF },
): Promise<Response> {
  return fetch(`${baseUrl}/v1/traces`, { method: 'POST', headers, body });
}

/** Sends `spans` (protobuf, optionally gzip) and fails the test unless the collector says 200. */
export async function sendSpans(
  baseUrl: string,
  spans: readonly TestSpan[],
  options: { format?: 'protobuf' | 'json'; gzip?: boolean; token?: string } = {},
): Promise<void> {
  const raw = options.format === 'json' ? jsonBody(spans) : protobufBody(spans);
  const headers: Record<string, string> = {
    'content-type': options.format === 'json' ? JSON_TYPE : PROTOBUF,
  };
  if (options.gzip) headers['content-encoding'] = 'gzip';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await postTraces(baseUrl, options.gzip ? gzipSync(raw) : raw, headers);
  if (res.status !== 200) throw new Error(`POST /v1/traces answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

/** The body of every error outside ingest. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** GET of a JSON route: status, headers and the body, read as `T` (the route's documented shape). */
export async function getJson<T = ErrorBody>(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** The `partialSuccess` of an OTLP protobuf response, as the official deserializer reads it. */
export async function protobufResponse(
  res: Response,
): Promise<ReturnType<typeof ProtobufTraceSerializer.deserializeResponse>> {
  return ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await res.arrayBuffer()));
}

/** A POST whose body the test writes piece by piece (chunked), to hold a request open. */
export interface OpenUpload {
  write(chunk: Uint8Array): void;
  end(chunk?: Uint8Array): void;
  /** The response once the collector answers. */
  response: Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
}

export function openUpload(url: string, headers: Record<string, string>): OpenUpload {
  const req = request(url, { method: 'POST', headers });
  const response = new Promise<Awaited<OpenUpload['response']>>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  return { write: (c) => req.write(c), end: (c) => (c === undefined ? req.end() : req.end(c)), response };
}

/** Polls `check` every few ms until it holds, failing after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
