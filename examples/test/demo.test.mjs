// npm run demo: the collector and the shop's traffic; the dashboard and its API fill with series,
// and Ctrl-C stops everything cleanly.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { getJson, tempDir } from './support/collector.mjs';
import { runLaptime, startNode } from './support/example-process.mjs';

/** How long the shop's spans may take to show up (start-up and a batch delay included). */
const SERIES_WAIT_MS = 30_000;
const ROUTES = ['GET /cart/:userId', 'GET /search', 'POST /checkout/:userId'];

describe('npm run demo', () => {
  let dir;
  let demo;
  let url;

  before(async () => {
    dir = await tempDir();
    demo = startNode(['demo/demo.js'], { env: { LAPTIME_PORT: '0', LAPTIME_DATA: dir.path } });
    [, url] = await demo.waitForStdout(/Laptime dashboard: (http:\/\/[\d.:]+)\//);
  });
  after(async () => {
    demo?.child.kill('SIGKILL');
    await dir?.remove();
  });

  it('serves the dashboard', async () => {
    const res = await fetch(url);

    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /text\/html/);
  });

  it("the API shows the shop's routes and helpers as series with counts", async () => {
    const deadline = Date.now() + SERIES_WAIT_MS;
    let names = [];
    while (!ROUTES.every((route) => names.includes(route)) && Date.now() < deadline) {
      await sleep(250);
      names = (await getJson(url, '/api/stats', { service: 'shop' })).stats.map((s) => s.name);
    }
    assert.deepEqual(
      ROUTES.filter((route) => !names.includes(route)),
      [],
    );
    assert.ok(names.includes('loadCart'));
  });

  it('Ctrl-C stops the shop and the collector, keeping the data', async () => {
    demo.child.kill('SIGINT');
    const { code } = await demo.exited;
    const stats = await runLaptime(['stats', '--data', dir.path, '--json']);

    assert.equal(code, 0, demo.stderr());
    assert.match(demo.stdout(), /^stopped$/m);
    assert.equal(stats.code, 0, stats.stderr);
    const cart = JSON.parse(stats.stdout).stats.find((s) => s.name === 'GET /cart/:userId');
    assert.ok(cart.count > 0);
  });
});
