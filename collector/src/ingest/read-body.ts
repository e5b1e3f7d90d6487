/**
 * Reads a request body into memory under a size cap, decompressing gzip as it streams. The cap
 * holds for the bytes on the wire and for the decompressed bytes: a gzip bomb is stopped (the
 * inflater destroyed) as soon as its output passes the cap, never inflated whole.
 */
import type { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { CollectorError, CollectorErrorCode } from '../errors.js';
import type { BodyEncoding } from './media-type.js';

/** Output chunk of the inflater: large enough to inflate big bodies in few steps. */
const INFLATE_CHUNK_BYTES = 64 * 1024;

export interface ReadBodyOptions {
  /** Largest body, compressed and decompressed, in bytes. */
  maxBytes: number;
  encoding: BodyEncoding;
  /** The body's announced length (Content-Length), if any. */
  declaredBytes?: number;
  /**
   * Called with every decompressed chunk's size before it is kept; false refuses the body
   * (LT_THROTTLED): the ingest queue has no room for it.
   */
  hold?: (n: number) => boolean;
}

/**
 * The whole (decompressed) body.
 *
 * @throws CollectorError LT_PAYLOAD_TOO_LARGE past the cap, LT_THROTTLED when `hold` refuses,
 *   LT_BAD_REQUEST for a corrupt gzip stream or a body cut off by the client. The rest of the request is then read and discarded,
 *   so the connection stays usable for the response.
 */
export function readBody(req: Readable, opts: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes } = opts;
  if (opts.declaredBytes !== undefined && opts.declaredBytes > maxBytes) {
    req.resume();
    return Promise.reject(tooLarge(`the body (${opts.declaredBytes} bytes) is larger`, maxBytes));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let received = 0;
    let settled = false;
    const gunzip = opts.encoding === 'gzip' ? zlib.createGunzip({ chunkSize: INFLATE_CHUNK_BYTES }) : null;

    const stop = (): void => {
      settled = true;
      req.off('data', onWire);
      req.off('end', onWireEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      gunzip?.destroy();
      // Flowing with no listener: the rest of the body is read and dropped.
      req.resume();
    };
    const fail = (err: CollectorError): void => {
      if (settled) return;
      stop();
      chunks.length = 0;
      reject(err);
    };
    const finish = (): void => {
      if (settled) return;
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept));
    };
    const keep = (chunk: Buffer): void => {
      if (settled) return;
      kept += chunk.length;
      if (kept > maxBytes) return fail(tooLarge('the decompressed body is larger', maxBytes));
      if (opts.hold?.(chunk.length) === false) return fail(queueFull());
      chunks.push(chunk);
    };
    const onWire = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBytes) return fail(tooLarge('the body is larger', maxBytes));
      if (gunzip === null) return keep(chunk);
      if (!gunzip.write(chunk)) {
        req.pause();
        gunzip.once('drain', () => {
          if (!settled) req.resume();
        });
      }
    };
    const onWireEnd = (): void => {
      if (gunzip === null) finish();
      else gunzip.end();
    };
    const onClose = (): void => {
      if (!req.readableEnded) fail(badRequest('the request body was cut off before its end'));
    };

    req.on('data', onWire);
    req.on('end', onWireEnd);
    req.on('close', onClose);
    req.on('error', onClose);
    if (gunzip !== null) {
      gunzip.on('data', keep);
      gunzip.on('end', finish);
      gunzip.on('error', (err) => fail(badRequest(`the gzip body is corrupt: ${err.message}`)));
    }
  });
}

function tooLarge(what: string, maxBytes: number): CollectorError {
  return new CollectorError(
    CollectorErrorCode.PayloadTooLarge,
    `${what} than the limit of ${maxBytes} bytes (LAPTIME_MAX_BODY)`,
  );
}

/** The refusal of a request for which the ingest queue has no room. */
export function queueFull(): CollectorError {
  return new CollectorError(CollectorErrorCode.Throttled, 'the ingest queue is full; retry shortly');
}

function badRequest(message: string): CollectorError {
  return new CollectorError(CollectorErrorCode.BadRequest, message);
}
