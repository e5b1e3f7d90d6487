import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { WalOptions } from '../../src/wal/options.js';
import type { WalReplay } from '../../src/wal/replay.js';
import type { WalOpened } from '../../src/wal/wal.js';
import { Wal } from '../../src/wal/wal.js';

/** A fresh log directory (`<tmp>/wal`, not yet created), removed after the test. */
export function tempWalDir(t: TestContext): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-wal-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  return path.join(root, 'wal');
}

/** `size` bytes that differ from record to record, so a mix-up cannot go unnoticed. */
export function payload(index: number, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (index * 31 + i * 7) & 0xff;
  return bytes;
}

/** Opens the log, keeping a copy of every recovered payload. */
export async function openCollecting(
  options: WalOptions,
  fromRow?: number,
  onDamage?: WalReplay['onDamage'],
): Promise<WalOpened & { payloads: Uint8Array[] }> {
  const payloads: Uint8Array[] = [];
  const opened = await Wal.open(options, {
    fromRow,
    onRecord: (r) => payloads.push(new Uint8Array(r.payload)),
    ...(onDamage === undefined ? {} : { onDamage }),
  });
  return { ...opened, payloads };
}

/** Recovers the log and closes it again; returns the recovered payloads and the recovery report. */
export async function recover(
  options: WalOptions,
): Promise<Omit<WalOpened, 'wal'> & { payloads: Uint8Array[] }> {
  const { wal, recovery, payloads } = await openCollecting(options);
  await wal.close();
  return { recovery, payloads };
}

/** Appends `payloads` one after the other (one row each), then closes the log. */
export async function writeLog(options: WalOptions, payloads: readonly Uint8Array[]): Promise<void> {
  const { wal } = await Wal.open(options);
  for (const [i, p] of payloads.entries()) await wal.append(p, i, 1);
  await wal.close();
}

export function logFiles(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** The seed of a property test: LAPTIME_SEED when set, else the clock; printed to replay a failure. */
export function propertySeed(): number {
  const seed = process.env.LAPTIME_SEED === undefined ? Date.now() : Number(process.env.LAPTIME_SEED);
  console.log(`fast-check seed ${seed} (rerun with LAPTIME_SEED=${seed})`);
  return seed;
}
