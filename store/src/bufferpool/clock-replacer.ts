import { requireFrame, requireFrameCount, type Replacer } from './replacer.js';

/**
 * CLOCK (second chance): a hand sweeps the frames; an evictable frame accessed since the hand
 * last passed loses its reference bit and is spared once, otherwise it is the victim. Accesses
 * cost one store; an eviction at most two sweeps, O(frames), amortised O(1).
 */
export class ClockReplacer implements Replacer {
  private readonly referenced: Uint8Array;
  private readonly evictable: Uint8Array;
  private hand = 0;
  private candidates = 0;

  constructor(private readonly frames: number) {
    requireFrameCount(frames);
    this.referenced = new Uint8Array(frames);
    this.evictable = new Uint8Array(frames);
  }

  get evictableCount(): number {
    return this.candidates;
  }

  recordAccess(frame: number): void {
    requireFrame(frame, this.frames);
    this.referenced[frame] = 1;
  }

  setEvictable(frame: number, evictable: boolean): void {
    requireFrame(frame, this.frames);
    const flag = evictable ? 1 : 0;
    if (this.evictable[frame] === flag) return;
    this.evictable[frame] = flag;
    this.candidates += evictable ? 1 : -1;
  }

  evict(): number {
    if (this.candidates === 0) return -1;
    // Terminates within two sweeps: the first clears every candidate's reference bit.
    for (;;) {
      const frame = this.hand;
      this.hand = frame + 1 === this.frames ? 0 : frame + 1;
      if (this.evictable[frame] === 0) continue;
      if (this.referenced[frame] === 1) {
        this.referenced[frame] = 0;
        continue;
      }
      this.evictable[frame] = 0;
      this.candidates--;
      return frame;
    }
  }

  remove(frame: number): void {
    requireFrame(frame, this.frames);
    this.setEvictable(frame, false);
    this.referenced[frame] = 0;
  }
}
