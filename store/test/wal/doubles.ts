import type { Disk } from '../../src/io/disk.js';
import { nodeDisk } from '../../src/io/disk.js';

/** A point an operation has reached and waits at until the test releases it. */
export interface Gate {
  reached: Promise<void>;
  release(): void;
}

interface ArmedGate {
  reach(): void;
  released: Promise<void>;
}

function gate(): { gate: Gate; armed: ArmedGate } {
  let reach!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  return { gate: { reached, release }, armed: { reach, released } };
}

/**
 * GatedDisk: the real disk, except that the test can hold the next fsync, or the next write
 * halfway (half of it written, as a writer caught mid-write), until it releases it.
 */
export class GatedDisk {
  private fsyncGate: ArmedGate | undefined;
  private writeGate: ArmedGate | undefined;

  readonly disk: Disk = {
    ...nodeDisk,
    fsync: async (fd) => {
      const held = this.fsyncGate;
      this.fsyncGate = undefined;
      if (held !== undefined) {
        held.reach();
        await held.released;
      }
      return nodeDisk.fsync(fd);
    },
    writeAsync: async (fd, buf, offset, length, position) => {
      const held = this.writeGate;
      this.writeGate = undefined;
      if (held === undefined) return nodeDisk.writeAsync(fd, buf, offset, length, position);
      const written = await nodeDisk.writeAsync(fd, buf, offset, Math.max(1, length >> 1), position);
      held.reach();
      await held.released;
      return written;
    },
  };

  holdNextFsync(): Gate {
    const { gate: g, armed } = gate();
    this.fsyncGate = armed;
    return g;
  }

  holdNextWriteHalfway(): Gate {
    const { gate: g, armed } = gate();
    this.writeGate = armed;
    return g;
  }
}

/** ReadOnlyDisk: the real disk for reading; any operation that could change a file throws. */
export function readOnlyDisk(): Disk {
  const refuse = (op: string) => (): never => {
    throw new Error(`ReadOnlyDisk: ${op} attempted`);
  };
  return {
    ...nodeDisk,
    open: (path, flags) => (flags === 'r' ? nodeDisk.open(path, flags) : refuse(`open '${flags}'`)()),
    write: refuse('write'),
    writeAsync: refuse('writeAsync'),
    fsync: refuse('fsync'),
    fsyncSync: refuse('fsyncSync'),
    truncate: refuse('truncate'),
    rename: refuse('rename'),
    unlink: refuse('unlink'),
    mkdir: refuse('mkdir'),
    removeDir: refuse('removeDir'),
    fsyncDir: refuse('fsyncDir'),
  };
}
