/** The machine a store benchmark ran on, with whether its disk spins. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeMachine as describeBase, type Machine as BaseMachine } from '../src/testing/index.js';

export interface Machine extends BaseMachine {
  disk: BaseMachine['disk'] & { rotational: boolean | null };
}

export function describeMachine(dir: string): Machine {
  const machine = describeBase(dir);
  return { ...machine, disk: { ...machine.disk, rotational: rotational(machine.disk.device) } };
}

/** Whether the block device spins (from sysfs); null when unknown. */
function rotational(device: string): boolean | null {
  const name = path.basename(device);
  // A partition (sda1, nvme0n1p2) answers through its whole disk.
  for (const disk of [name, name.replace(/p?\d+$/, '')]) {
    try {
      return fs.readFileSync(`/sys/block/${disk}/queue/rotational`, 'utf8').trim() === '1';
    } catch {
      continue;
    }
  }
  return null;
}
