/**
 * The collector's closing figures against hostile input: each of the worst bodies known (up to
 * LAPTIME_MAX_BODY) is sent alone to a collector in a process of its own, which reports the
 * largest event-loop delay (perf_hooks monitorEventLoopDelay) while that one request was handled,
 * and its peak RSS over the whole run.
 *
 *     npm run bench -w @laptime/collector        (after npm run build)
 *     node --conditions=development --import tsx collector/bench/worst-bodies.bench.ts
 *
 * Stalls are wall-clock: on a loaded machine they include time the process was not scheduled.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { fileURLToPath } from 'node:url';
import { WORST_BODIES, type WorstBody } from './worst-bodies/bodies.js';
import type { StallMessage, StallReading } from './worst-bodies/stall-receiver.js';

const MiB = 1024 * 1024;
const fromSource = import.meta.url.endsWith('.ts');
const RECEIVER = fileURLToPath(
  new URL(`./worst-bodies/stall-receiver.${fromSource ? 'ts' : 'js'}`, import.meta.url),
);

/** The collector process and a way to ask it something over IPC. */
class Receiver {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const child = fork(RECEIVER, [], {
      execArgv: fromSource ? ['--conditions=development', '--import', 'tsx'] : [],
    });
    const first = await Receiver.next(child);
    if (!('url' in first)) throw new Error('the collector did not tell its URL');
    return new Receiver(child, first.url);
  }

  private static next(child: ChildProcess): Promise<StallMessage> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the collector exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as StallMessage);
      });
    });
  }

  async ask(command: 'reset' | 'read'): Promise<StallReading> {
    const answer = Receiver.next(this.child);
    this.child.send(command);
    const m = await answer;
    if ('url' in m) throw new Error('unexpected message from the collector');
    return m;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send('stop');
    await exited;
  }
}

interface Outcome {
  body: WorstBody;
  wireBytes: number;
  bytes: number;
  status: number;
  answerMs: number;
  maxStallMs: number;
  cpuMs: number;
}

async function send(receiver: Receiver, body: WorstBody): Promise<Outcome> {
  const { wire, bytes } = body.make();
  const headers: Record<string, string> = {
    'content-type': body.format === 'json' ? 'application/json' : 'application/x-protobuf',
  };
  if (body.gzip) headers['content-encoding'] = 'gzip';
  await receiver.ask('reset');
  const started = performance.now();
  const res = await fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers, body: wire });
  await res.arrayBuffer();
  const answerMs = performance.now() - started;
  const { maxStallMs, cpuMs } = await receiver.ask('read');
  return { body, wireBytes: wire.length, bytes, status: res.status, answerMs, maxStallMs, cpuMs };
}

function mb(n: number): string {
  return (n / MiB).toFixed(n < MiB ? 3 : 1);
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores, load ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}`,
  );
  const receiver = await Receiver.start();
  try {
    const idle = await receiver.ask('read');
    const outcomes: Outcome[] = [];
    for (const body of WORST_BODIES) outcomes.push(await send(receiver, body));
    const end = await receiver.ask('read');

    console.log('');
    console.log(
      '| body | on the wire (MiB) | decompressed (MiB) | answer | time to answer (ms) | collector CPU (ms) | largest event-loop stall (ms) |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const o of outcomes) {
      console.log(
        `| ${o.body.name}${o.body.gzip ? ' (gzip)' : ''} | ${mb(o.wireBytes)} | ${mb(o.bytes)} | ${o.status} | ${o.answerMs.toFixed(0)} | ${o.cpuMs.toFixed(0)} | ${o.maxStallMs.toFixed(0)} |`,
      );
    }
    const worst = outcomes.reduce((a, b) => (b.maxStallMs > a.maxStallMs ? b : a));
    console.log('');
    console.log(`largest stall of any one request: ${worst.maxStallMs.toFixed(0)} ms (${worst.body.name})`);
    console.log(
      `collector RSS: ${mb(idle.rssBytes)} MiB idle, peak ${mb(end.peakRssBytes)} MiB over the run`,
    );
  } finally {
    await receiver.stop();
  }
}

await main();
