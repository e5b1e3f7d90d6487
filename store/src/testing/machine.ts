/** The machine a benchmark ran on: figures mean little without it. */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** The file system the benchmark wrote to: directory, device and type (Linux; else unknown). */
  disk: { dir: string; device: string; fsType: string };
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

/** The longest mount point of /proc/mounts that holds `dir`. */
function mountOf(dir: string): { device: string; fsType: string } {
  let mounts: string;
  try {
    mounts = fs.readFileSync('/proc/mounts', 'utf8');
  } catch {
    return { device: 'unknown', fsType: 'unknown' };
  }
  const real = fs.realpathSync(dir);
  let best = { point: '', device: 'unknown', fsType: 'unknown' };
  for (const line of mounts.split('\n')) {
    const [device, point, fsType] = line.split(' ');
    if (device === undefined || point === undefined || fsType === undefined) continue;
    const inside = real === point || real.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && point.length > best.point.length) best = { point, device, fsType };
  }
  return { device: best.device, fsType: best.fsType };
}
