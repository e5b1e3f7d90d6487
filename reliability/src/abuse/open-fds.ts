/** Open file descriptors of a process (Linux /proc): sockets included. */
import { readdirSync } from 'node:fs';

/** The number of open descriptors of `pid`, this process by default. */
export function openFds(pid: number | 'self' = 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}
