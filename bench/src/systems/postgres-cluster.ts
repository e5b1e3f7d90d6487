/**
 * A throwaway PostgreSQL 15 cluster: initdb in a new temporary directory, started with pg_ctl on
 * a Unix socket in that directory (no TCP), stopped and removed afterwards. PostgreSQL refuses
 * to run as root, so when this process is root its binaries run as `nobody`, owner of the
 * directory. Stopping is idempotent and also runs on SIGINT/SIGTERM, so no server is left behind.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where Debian's postgresql-15 package puts the server binaries (CI installs it with apt). */
export const POSTGRES_BIN = process.env['LAPTIME_POSTGRES_BIN'] ?? '/usr/lib/postgresql/15/bin';
/** The socket's port number: only names the socket file, which lives in our own directory. */
const PORT = 5432;
/** User the server runs as when we are root. */
const UNPRIVILEGED_UID = 65534;
const UNPRIVILEGED_GID = 65534;
/** pg_ctl waits this long for the server to start or stop. */
const PG_CTL_TIMEOUT_S = 120;

export class PostgresMissingError extends Error {
  readonly code = 'LT_BENCH_POSTGRES_MISSING';
}

export interface ClusterAddress {
  /** The directory holding the socket: pg's `host`. */
  host: string;
  port: number;
  user: string;
  database: string;
}

export class PostgresCluster {
  private stopped = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.stopSync();
    process.kill(process.pid, signal);
  };

  private constructor(
    readonly root: string,
    readonly address: ClusterAddress,
  ) {}

  /** Creates and starts a cluster in a new directory under `parent`. */
  static async start(parent: string): Promise<PostgresCluster> {
    for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
      if (!fs.existsSync(path.join(POSTGRES_BIN, bin)))
        throw new PostgresMissingError(
          `PostgreSQL 15 not found: ${path.join(POSTGRES_BIN, bin)} is missing (apt-get install postgresql-15, or set LAPTIME_POSTGRES_BIN)`,
        );
    }
    const root = fs.mkdtempSync(path.join(parent, 'laptime-bench-pg-'));
    fs.chmodSync(root, 0o700);
    if (isRoot()) fs.chownSync(root, UNPRIVILEGED_UID, UNPRIVILEGED_GID);
    const address: ClusterAddress = { host: root, port: PORT, user: 'postgres', database: 'postgres' };
    const cluster = new PostgresCluster(root, address);
    try {
      const data = path.join(root, 'data');
      await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'], root);
      const options = `-c listen_addresses='' -c unix_socket_directories='${root}' -p ${PORT}`;
      await run(
        'pg_ctl',
        [
          '-D',
          data,
          '-l',
          path.join(root, 'server.log'),
          '-o',
          options,
          '-t',
          `${PG_CTL_TIMEOUT_S}`,
          '-w',
          'start',
        ],
        root,
      );
    } catch (err) {
      cluster.stopSync();
      throw err;
    }
    process.once('SIGINT', cluster.onSignal);
    process.once('SIGTERM', cluster.onSignal);
    return cluster;
  }

  /** Stops the server (fast shutdown) and removes its directory. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    try {
      if (fs.existsSync(path.join(this.root, 'data', 'postmaster.pid')))
        await run(
          'pg_ctl',
          ['-D', path.join(this.root, 'data'), '-m', 'fast', '-t', `${PG_CTL_TIMEOUT_S}`, '-w', 'stop'],
          this.root,
        );
    } finally {
      fs.rmSync(this.root, { recursive: true, force: true });
    }
  }

  /** The server's process ids (postmaster first), from its pid file and /proc. */
  serverPids(): number[] {
    const pidFile = path.join(this.root, 'data', 'postmaster.pid');
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    const pids = [postmaster];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) pids.push(Number(entry));
      } catch {
        continue; // the process ended meanwhile
      }
    }
    return pids;
  }

  /** For signal handlers and failed starts: stop without waiting on promises. */
  private stopSync(): void {
    if (this.stopped) return;
    this.stopped = true;
    const data = path.join(this.root, 'data');
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT'); // the postmaster's fast shutdown
      } catch {
        // already gone
      }
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Runs a PostgreSQL binary (as `nobody` when we are root); rejects with its output on failure. */
function run(bin: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ids = isRoot() ? { uid: UNPRIVILEGED_UID, gid: UNPRIVILEGED_GID } : {};
    const child = spawn(path.join(POSTGRES_BIN, bin), args, {
      cwd,
      ...ids,
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${bin} exited with ${String(code)}: ${output.trim().slice(-2000)}`));
    });
  });
}

/** Peak resident memory of a process (VmHWM), bytes; 0 when it is gone. */
export function peakRssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}
