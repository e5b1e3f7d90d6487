import { crc32 } from 'node:zlib';

/** `[u32 payload length][u32 CRC-32 of payload]`, little-endian, before every payload. */
export const FRAME_HEADER_BYTES = 8;

/** Bytes a payload of `payloadLength` takes in the log. */
export function frameBytes(payloadLength: number): number {
  return FRAME_HEADER_BYTES + payloadLength;
}

/** Writes the framed `payload` at `at` in `buf`; returns the offset just past it. */
export function writeFrame(buf: Buffer, at: number, payload: Uint8Array): number {
  buf.writeUInt32LE(payload.length, at);
  buf.writeUInt32LE(crc32(payload), at + 4);
  buf.set(payload, at + FRAME_HEADER_BYTES);
  return at + FRAME_HEADER_BYTES + payload.length;
}
