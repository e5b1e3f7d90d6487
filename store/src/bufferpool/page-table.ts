/**
 * The page table: which frame holds page `pageNo` of file `fileId`. An open-addressing hash table
 * in typed arrays, sized once for the pool's frames, so a lookup on the hot path allocates nothing
 * and the table never grows with the number of pages on disk.
 */

/** File ids are below this, so that `fileId * 2^32 + pageNo` stays a safe integer. */
export const MAX_FILE_ID = 1 << 20;
/** Page numbers are u32. */
export const MAX_PAGE_NO = 0xffffffff;

const PAGE_NO_SPAN = 2 ** 32;
const EMPTY = -1;
/** Slots per entry, at least: linear probing stays short below half full. */
const SLOTS_PER_ENTRY = 2;

/**
 * Home slot of a page in a table of 2^(32 - shift) slots: Fibonacci hashing, whose top bits spread
 * consecutive page numbers evenly at the cost of two multiplies; the file id is mixed in first so
 * that files do not collide page for page.
 */
function home(fileId: number, pageNo: number, shift: number): number {
  return Math.imul(pageNo ^ Math.imul(fileId, 0x85ebca6b), 0x9e3779b1) >>> shift;
}

/** Maps (fileId, pageNo) to a frame index, for at most `capacity` pages at once. */
export class PageTable {
  /** `fileId * 2^32 + pageNo` per slot, or EMPTY. */
  private readonly keys: Float64Array;
  private readonly frames: Int32Array;
  private readonly mask: number;
  /** 32 - log2(slots): keeps the top bits of the hash. */
  private readonly shift: number;
  private entries = 0;

  /** @param capacity the most pages ever mapped at once (the pool's frame count). */
  constructor(readonly capacity: number) {
    let slots = 2;
    while (slots < capacity * SLOTS_PER_ENTRY) slots *= 2;
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.frames = new Int32Array(slots);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  /** Pages mapped now. */
  get size(): number {
    return this.entries;
  }

  /** The frame holding the page, or -1. */
  get(fileId: number, pageNo: number): number {
    const key = fileId * PAGE_NO_SPAN + pageNo;
    for (let i = home(fileId, pageNo, this.shift); ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === key) return this.frames[i]!;
      if (k === EMPTY) return -1;
    }
  }

  /**
   * Maps a page that is not mapped yet. The caller (the pool) guarantees both that and that no
   * more than `capacity` pages are mapped; breaking either is a bug, reported loudly.
   */
  set(fileId: number, pageNo: number, frame: number): void {
    if (this.entries >= this.capacity) throw new Error(`page table full (${this.capacity} pages)`);
    const key = fileId * PAGE_NO_SPAN + pageNo;
    let i = home(fileId, pageNo, this.shift);
    for (; this.keys[i] !== EMPTY; i = (i + 1) & this.mask) {
      if (this.keys[i] === key) throw new Error(`page ${pageNo} of file ${fileId} is already mapped`);
    }
    this.keys[i] = key;
    this.frames[i] = frame;
    this.entries++;
  }

  /** Unmaps a page; false when it was not mapped. */
  delete(fileId: number, pageNo: number): boolean {
    const key = fileId * PAGE_NO_SPAN + pageNo;
    let hole = home(fileId, pageNo, this.shift);
    for (; this.keys[hole] !== key; hole = (hole + 1) & this.mask) {
      if (this.keys[hole] === EMPTY) return false;
    }
    // Backward-shift deletion: pull later entries of the probe run into the hole, so lookups
    // never need tombstones and the table cannot fill up with them.
    for (let j = (hole + 1) & this.mask; this.keys[j] !== EMPTY; j = (j + 1) & this.mask) {
      const k = this.keys[j]!;
      const h = home(Math.floor(k / PAGE_NO_SPAN), k % PAGE_NO_SPAN, this.shift);
      if (((j - h) & this.mask) >= ((j - hole) & this.mask)) {
        this.keys[hole] = k;
        this.frames[hole] = this.frames[j]!;
        hole = j;
      }
    }
    this.keys[hole] = EMPTY;
    this.entries--;
    return true;
  }
}
