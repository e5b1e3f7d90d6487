/**
 * Podman in a sandbox: its own image store, run state and settings under a temporary directory, so
 * the container test needs nothing global and leaves nothing behind. Settings come from
 * docker/scripts/containers.conf (runc, cgroupfs, file events: what works without systemd).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env as processEnv } from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const CONTAINERS_CONF = fileURLToPath(new URL('../../scripts/containers.conf', import.meta.url));
/** Longest a podman command may take; the image build is the slow one. */
const COMMAND_LIMIT_MILLIS = 10 * 60_000;
/** Output kept per command; the build log of a cold build fits. */
const OUTPUT_LIMIT_BYTES = 64 * 1024 * 1024;

/** A podman command that exited non-zero (or could not start): its arguments, code and stderr. */
export class PodmanError extends Error {
  /** @param {string[]} args @param {number | string | null} exitCode @param {string} stderr */
  constructor(args, exitCode, stderr) {
    super(`podman ${args.join(' ')} exited ${exitCode}: ${stderr.trim().split('\n').slice(-20).join('\n')}`);
    this.name = 'PodmanError';
    this.code = 'LT_DOCKER_PODMAN';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/**
 * Runs a command, resolving with its output whatever its exit code.
 * @param {string} file @param {string[]} args @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
export function runCommand(file, args, env = processEnv) {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env, timeout: COMMAND_LIMIT_MILLIS, maxBuffer: OUTPUT_LIMIT_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Creates a sandbox. `podman(...args)` resolves with stdout, or rejects with a {@link PodmanError};
 * `tryPodman(...args)` resolves with the exit code and output either way; `destroy()` removes
 * every container, image and volume of the sandbox and its directory.
 */
export async function createPodmanSandbox() {
  const dir = await mkdtemp(join(tmpdir(), 'laptime-podman-'));
  const globalArgs = [
    '--root',
    join(dir, 'graph'),
    '--runroot',
    join(dir, 'run'),
    '--storage-driver',
    'overlay',
  ];
  const env = { ...processEnv, CONTAINERS_CONF, TMPDIR: dir };
  /** @param {string[]} args */
  const tryPodman = (...args) => runCommand('podman', [...globalArgs, ...args], env);
  /** @param {string[]} args */
  const podman = async (...args) => {
    const result = await tryPodman(...args);
    if (result.code !== 0) throw new PodmanError(args, result.code, result.stderr);
    return result.stdout.trim();
  };
  const destroy = async () => {
    await tryPodman('rm', '--all', '--force', '--time', '0');
    await tryPodman('volume', 'rm', '--all', '--force');
    await tryPodman('system', 'reset', '--force');
    await rm(dir, { recursive: true, force: true });
  };
  return { dir, podman, tryPodman, destroy };
}
