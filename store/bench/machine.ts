/** The machine a benchmark ran on: figures mean little without it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** The file system the benchmark wrote to: directory, device and type (Linux; else unknown). */
  disk: { dir: string; device: string; fsType: string; rotational: boolean | null };
}

export function describeMachine(dir: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.platform()} ${os.release()}`,
    disk: { dir, ...mountOf(dir) },
  };
}

/** Device and file system type of the mount that holds `dir`, from /proc/mounts. */
function mountOf(dir: string): { device: string; fsType: string; rotational: boolean | null } {
  const unknown = { device: 'unknown', fsType: 'unknown', rotational: null };
  let mounts: string;
  try {
    mounts = fs.readFileSync('/proc/mounts', 'utf8');
  } catch {
    return unknown;
  }
  const real = fs.realpathSync(dir);
  let best: { point: string; device: string; fsType: string } | null = null;
  for (const line of mounts.split('\n')) {
    const [device, point, fsType] = line.split(' ');
    if (device === undefined || point === undefined || fsType === undefined) continue;
    const inside = real === point || real.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && (best === null || point.length > best.point.length)) best = { point, device, fsType };
  }
  if (best === null) return unknown;
  return { device: best.device, fsType: best.fsType, rotational: rotational(best.device) };
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
