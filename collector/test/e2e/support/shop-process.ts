/**
 * Runs fixtures/instrumented-shop in a child process (a fresh process, so the instrumentations
 * patch http and express before they load) and talks to it over IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FromShop, ToShop } from '../fixtures/instrumented-shop.js';

/** How long the shop may take to start or to flush before the test gives up. */
const SHOP_TIMEOUT_MS = 15_000;

/** The fixture beside this file's folder, in this file's own form: `.ts` under tsx, `.js` when compiled. */
const ownExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const FIXTURE = fileURLToPath(new URL(`../fixtures/instrumented-shop${ownExtension}`, import.meta.url));
/** Under tsx the child needs the same loader to run a .ts fixture. */
const EXEC_ARGV = ownExtension === '.ts' ? ['--import', 'tsx'] : [];

export interface ShopProcess {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** Exports every span the shop has ended; throws if the export failed. */
  flush(): Promise<void>;
  /** Ends the child: politely, then by SIGKILL if it lingers. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startShop(collectorUrl: string, serviceName: string): Promise<ShopProcess> {
  const child = fork(FIXTURE, [], {
    execArgv: EXEC_ARGV,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OTEL_SERVICE_NAME: serviceName,
      OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = (await nextMessage(child, 'port')) as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      async flush() {
        child.send({ flush: true } satisfies ToShop);
        const reply = await nextMessage(child, 'flushed', 'flushFailed');
        if ('flushFailed' in reply) throw new Error(`the shop's export failed: ${reply.flushFailed}`);
      },
      stop: () => stopChild(child),
    };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** The child's next message carrying one of `keys`; rejects if it exits or times out first. */
function nextMessage(child: ChildProcess, ...keys: string[]): Promise<FromShop> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no ${keys.join('/')} from the shop in ${SHOP_TIMEOUT_MS} ms`)),
      SHOP_TIMEOUT_MS,
    );
    const onMessage = (m: FromShop): void => {
      if (keys.some((k) => k in m)) done(null, m);
    };
    const onExit = (code: number | null): void =>
      done(new Error(`the shop exited (code ${code}) before ${keys.join('/')}`));
    function done(err: Error | null, m?: FromShop): void {
      clearTimeout(timer);
      child.off('message', onMessage).off('exit', onExit);
      if (err) reject(err);
      else resolve(m!);
    }
    child.on('message', onMessage).on('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), SHOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
