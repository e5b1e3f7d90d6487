/**
 * The pool's page memory: allocated once, in as few ArrayBuffers as the platform allows, and
 * handed out as one fixed view per frame (so `page(frame)` allocates nothing).
 */

/** Largest single allocation: Node 20 caps an ArrayBuffer at 4 GiB; stay well clear of it. */
export const MAX_ARENA_CHUNK_BYTES = 1 << 30;

/** Allocates `frameCount` zero-filled frames of `pageSize` bytes and returns a view of each. */
export function allocateFrames(frameCount: number, pageSize: number): Uint8Array[] {
  const framesPerChunk = Math.max(1, Math.floor(MAX_ARENA_CHUNK_BYTES / pageSize));
  const views: Uint8Array[] = [];
  while (views.length < frameCount) {
    const inChunk = Math.min(framesPerChunk, frameCount - views.length);
    const chunk = new ArrayBuffer(inChunk * pageSize);
    for (let i = 0; i < inChunk; i++) views.push(new Uint8Array(chunk, i * pageSize, pageSize));
  }
  return views;
}
