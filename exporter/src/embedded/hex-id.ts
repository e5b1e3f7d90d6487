/** Bytes of a hex trace or span id, as OpenTelemetry JS holds them (lower-case hex strings). */
export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
