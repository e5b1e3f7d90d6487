/** The dashboard router: cache headers, content types, and nothing outside the built files. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { IMMUTABLE_CACHE, INDEX_CACHE, dashboardRouter } from '../../src/dashboard/dashboard-router.js';

/** Serves `dashboardRouter({ assetsDir })` on a free port; 404 for whatever it passes on. */
async function serve(assetsDir: string): Promise<{ url: string; server: Server }> {
  const app = express().use(dashboardRouter({ assetsDir }));
  app.use((_req, res) => res.status(404).send('not found'));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('a built dashboard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laptime-dashboard-'));
  let url: string;
  let server: Server;

  before(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="assets/main-ABC.js"></script>');
    writeFileSync(join(dir, 'assets', 'main-ABC.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'main-DEF.css'), 'body{}');
    writeFileSync(join(dir, 'secret.txt'), 'not an asset');
    ({ url, server } = await serve(dir));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache', async () => {
    const res = await fetch(`${url}/`);

    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), INDEX_CACHE);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /main-ABC\.js/);
  });

  it('serves hashed assets as immutable, with their content type', async () => {
    const js = await fetch(`${url}/assets/main-ABC.js`);
    const css = await fetch(`${url}/assets/main-DEF.css`);

    assert.equal(js.status, 200);
    assert.equal(js.headers.get('cache-control'), IMMUTABLE_CACHE);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(await js.text(), 'console.log(1)');
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    await css.arrayBuffer();
  });

  it('serves nothing outside assets/: unknown names and traversal attempts fall through', async () => {
    const paths = [
      '/assets/missing.js',
      '/assets/..%2Fsecret.txt',
      '/assets/%2e%2e/secret.txt',
      '/assets/..%5Csecret.txt',
      '/secret.txt',
      '/assets/',
    ];

    const statuses = await Promise.all(
      paths.map(async (p) => {
        const res = await fetch(`${url}${p}`);
        assert.doesNotMatch(await res.text(), /not an asset/);
        return res.status;
      }),
    );

    assert.deepEqual(
      statuses,
      paths.map(() => 404),
    );
  });
});

describe('a dashboard that was not built', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laptime-dashboard-empty-'));
  let url: string;
  let server: Server;

  before(async () => {
    ({ url, server } = await serve(dir));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with a page saying how to build it', async () => {
    const res = await fetch(`${url}/`);

    assert.equal(res.status, 200);
    assert.match(await res.text(), /build:dashboard/);
  });
});
