/**
 * A small filesystem for full-disk tests: a tmpfs of a given size mounted on a fresh directory.
 * Mounting needs root; where it is refused the caller gets the reason instead, to skip with.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallFilesystem {
  dir: string;
  /** Unmounts and removes the mount point. */
  remove(): void;
}

/** Mounts a tmpfs of `sizeMiB` MiB; returns it, or why it could not. */
export function mountSmallFilesystem(sizeMiB: number): SmallFilesystem | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'mounting a small tmpfs needs root' };
  const dir = mkdtempSync(join(tmpdir(), 'laptime-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    return {
      skip: `mount -t tmpfs failed: ${stderr !== undefined && stderr !== '' ? stderr : (err as Error).message}`,
    };
  }
  return {
    dir,
    remove(): void {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
