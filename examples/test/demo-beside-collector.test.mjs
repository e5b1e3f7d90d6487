// `npm run demo` while `npm start` already runs: one line and exit 1 when the data directory is held
// by a collector on another port, and the running collector reused when it listens on the demo's port.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCollector } from '@laptime/collector';
import { tempDir } from './support/collector.mjs';
import { runNode, startNode } from './support/example-process.mjs';

describe('npm run demo beside a running collector', () => {
  let dir;
  let running;

  before(async () => {
    dir = await tempDir();
    running = await startCollector({ dataDir: dir.path, port: 0 });
  });
  after(async () => {
    await running?.close();
    await dir?.remove();
  });

  it('the data directory held by a collector elsewhere: one line on stderr, exit 1, no stack trace', async () => {
    const r = await runNode(['demo/demo.js'], { env: { LAPTIME_PORT: '0', LAPTIME_DATA: dir.path } });

    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^demo: cannot start the collector: .*lock/i);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });

  it('the collector on the demo port: its traffic goes there, and Ctrl-C leaves that collector running', async () => {
    const demo = startNode(['demo/demo.js'], {
      env: { LAPTIME_PORT: String(running.port), LAPTIME_DATA: dir.path },
    });
    await demo.waitForStdout(/already running at http:\/\/127\.0\.0\.1:\d+/);
    await demo.waitForStdout(/Ctrl-C to stop/);
    demo.child.kill('SIGINT');
    const { code } = await demo.exited;

    assert.equal(code, 0, demo.stderr());
    assert.match(demo.stdout(), /keeps running/);
    const ready = await fetch(`${running.url}/readyz`);
    assert.equal(ready.status, 200);
  });
});
