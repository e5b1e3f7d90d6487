/** OTLP span flags in words: the W3C sampled bit and the remote-parent bits. */

const SAMPLED = 0x01;
/** Bit 8: the sender knew whether the parent was remote; bit 9 then says it was. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/** `769 (sampled, remote parent)`; whether the parent is local is said only when there is one. */
export function describeFlags(flags: number, hasParent: boolean): string {
  const words = [(flags & SAMPLED) !== 0 ? 'sampled' : 'not sampled'];
  if ((flags & HAS_IS_REMOTE) !== 0 && (flags & IS_REMOTE) !== 0) words.push('remote parent');
  else if ((flags & HAS_IS_REMOTE) !== 0 && hasParent) words.push('local parent');
  return `${flags} (${words.join(', ')})`;
}
