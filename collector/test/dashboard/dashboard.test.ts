/**
 * The dashboard in a real browser (Debian's headless Chromium): spans sent over OTLP show up in
 * the overview and the series detail, a span opens its trace, and no page logs a console error.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { testCollector, type TestCollector } from '../support/collector.js';
import { sendSpans } from '../support/http.js';
import { ARTIFACTS, launchBrowser, type TestBrowser } from './support/browser.js';
import { ensureDashboardBuilt } from './support/built-dashboard.js';
import { CART_REQUESTS, COMPUTE_SPANS, dashboardTraffic } from './support/traffic.js';

/** The overview's auto-refresh period (overview.ts). */
const REFRESH_MS = 5_000;

/** Columns of the overview table. */
const OVERVIEW_COLUMNS = 9;

/** Text of every cell of the overview, row by row. */
async function overviewRows(page: Page): Promise<string[][]> {
  const cells = await page.locator('table.overview tbody td').allTextContents();
  const rows: string[][] = [];
  for (let i = 0; i < cells.length; i += OVERVIEW_COLUMNS) rows.push(cells.slice(i, i + OVERVIEW_COLUMNS));
  return rows;
}

describe('the dashboard, on a collector that received spans', () => {
  let collector: TestCollector;
  let browser: TestBrowser;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await ensureDashboardBuilt();
    collector = await testCollector();
    await sendSpans(collector.url, dashboardTraffic());
    browser = await launchBrowser();
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      await collector?.dispose();
    }
  });

  it('lists every series with its count in the overview', async () => {
    const { page, errors } = await browser.page();

    await page.goto(collector.url);
    await page.waitForSelector('table.overview tbody tr');
    const rows = await overviewRows(page);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: true });

    const counts = rows.map(([service, name, count]) => `${service}/${name}: ${count}`).sort();
    assert.deepEqual(counts, [
      `checkout/GET /cart: ${CART_REQUESTS}`,
      `checkout/db.query: ${CART_REQUESTS}`,
      `pricing/compute: ${COMPUTE_SPANS}`,
    ]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('sorts by a clicked column and filters by service and name', async () => {
    const { page, errors } = await browser.page();
    await page.goto(collector.url);
    await page.waitForSelector('table.overview tbody tr');

    await page.click('th[data-key="count"]');
    const byCountDesc = (await overviewRows(page)).map((r) => r[1]);
    await page.click('th[data-key="count"]');
    const byCountAsc = (await overviewRows(page)).map((r) => r[1]);
    await page.fill('input.filter-service', 'check');
    await page.fill('input.filter-name', 'db');
    const filtered = (await overviewRows(page)).map((r) => `${r[0]}/${r[1]}`);

    assert.equal(byCountDesc.at(-1), 'compute');
    assert.equal(byCountAsc[0], 'compute');
    assert.deepEqual(filtered, ['checkout/db.query']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('opens a series: charts, slowest spans, and a span’s trace as a waterfall', async () => {
    const { page, errors } = await browser.page();
    await page.goto(collector.url);
    await page.waitForSelector('table.overview tbody tr');

    await page.click('a.series-link:text-is("GET /cart")');
    await page.waitForSelector('.latency-chart canvas');
    await page.waitForSelector('.histogram-chart canvas');
    const slowest = await page.locator('table.slowest tbody tr td:first-child').allTextContents();
    await page.click('table.slowest tbody tr:first-child');
    await page.waitForSelector('.waterfall .wf-row');
    const waterfall = await page.locator('.waterfall .wf-label').allTextContents();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-series.png'), fullPage: true });

    assert.match((await page.textContent('h1.series-title')) ?? '', /checkout · GET \/cart/);
    assert.equal(slowest[0], '94.0 ms');
    assert.deepEqual(waterfall, ['checkout · GET /cart', 'checkout · db.query']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('narrows to the chosen window, and auto-refresh shows spans sent after the page loaded', async () => {
    const { page, errors } = await browser.page();
    await page.goto(collector.url);
    await page.waitForSelector('table.overview tbody tr');

    // The workload lies in the past (BASE_MS): nothing of it falls in the last 5 minutes.
    await page.selectOption('select.window-select', '5m');
    await page.waitForSelector('.page-info:text("0 series")');
    await sendSpans(collector.url, [{ name: 'GET /late', service: 'checkout', startMs: Date.now() - 1_000 }]);
    await page.waitForSelector('a.series-link:text-is("GET /late")', { timeout: REFRESH_MS * 2 });
    const rows = await overviewRows(page);

    assert.deepEqual(
      rows.map((r) => `${r[1]}: ${r[2]}`),
      ['GET /late: 1'],
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});

/**
 * Series the scale test shows. Its render and re-sort times are printed as figures: a timed
 * assertion would measure the machine's load, not the dashboard.
 */
const MANY_SERIES = 10_000;
/**
 * Run in the page (as source: the tests compile without the DOM library): ms from the end of the
 * /api/stats answer to the rows on screen, or null before both happened.
 */
const RENDER_PROBE = `(() => {
  if (document.querySelector('table.overview tbody tr') === null) return null;
  const answer = performance.getEntriesByType('resource').find((e) => e.name.includes('/api/stats'));
  return answer === undefined ? null : performance.now() - answer.responseEnd;
})()`;

/** A /api/stats answer with `n` series (served by the test in place of the collector). */
function manyStats(n: number): string {
  const stats = Array.from({ length: n }, (_v, i) => ({
    service: `svc-${i % 50}`,
    name: `op-${i}`,
    count: i + 1,
    errors: i % 7,
    errorRate: (i % 7) / (i + 1),
    mean: i / 10,
    min: 0.1,
    max: i,
    p50: i / 12,
    p95: i / 5,
    p99: i / 2,
    rate: i / 100,
    firstSeen: 0,
    lastSeen: 1,
  }));
  return JSON.stringify({ stats });
}

describe('the dashboard, with 10,000 series', () => {
  let collector: TestCollector;
  let browser: TestBrowser;

  before(async () => {
    await ensureDashboardBuilt();
    collector = await testCollector();
    browser = await launchBrowser();
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      await collector?.dispose();
    }
  });

  it('renders the overview of 10,000 series and re-sorts it (timings printed, not asserted)', async () => {
    const { page, errors } = await browser.page();
    const body = manyStats(MANY_SERIES);
    await page.route('**/api/stats?*', (route) => route.fulfill({ contentType: 'application/json', body }));
    await page.route('**/api/stats', (route) => route.fulfill({ contentType: 'application/json', body }));

    await page.goto(collector.url);
    // From the end of the /api/stats answer to the rows on screen, as the page's own clock says:
    // the answer's transfer time is the test's interception, not the dashboard.
    const rendered = await page.waitForFunction(RENDER_PROBE, null, { polling: 'raf' });
    const loadMs = Math.round((await rendered.jsonValue()) as number);
    const sortStart = Date.now();
    await page.click('th[data-key="name"]');
    await page.waitForSelector('table.overview tbody tr:first-child a:text-is("op-0")');
    const sortMs = Date.now() - sortStart;
    const info = await page.textContent('.page-info');
    console.log(`${MANY_SERIES} series: render after the answer ${loadMs} ms, re-sort ${sortMs} ms`);

    assert.match(info ?? '', /10,000 series/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the dashboard, on a collector with a token', () => {
  const TOKEN = 's3cret-token';
  let collector: TestCollector;
  let browser: TestBrowser;

  before(async () => {
    await ensureDashboardBuilt();
    collector = await testCollector({ token: TOKEN });
    await sendSpans(collector.url, dashboardTraffic(), { token: TOKEN });
    browser = await launchBrowser();
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      await collector?.dispose();
    }
  });

  it('asks for the token once, then shows the data and keeps the token for the session', async () => {
    const { page, errors } = await browser.page();

    await page.goto(collector.url);
    await page.waitForSelector('form.token-prompt');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-token.png') });
    const prompts = await page.locator('form.token-prompt').count();
    await page.fill('form.token-prompt input[name="token"]', TOKEN);
    await page.click('form.token-prompt button');
    await page.waitForSelector('table.overview tbody tr');
    await page.reload();
    await page.waitForSelector('table.overview tbody tr');

    assert.equal(prompts, 1);
    assert.equal(await page.locator('form.token-prompt').count(), 0);
    assert.equal(await page.evaluate("sessionStorage.getItem('laptime.token')"), TOKEN);
    // The browser logs each refused request (401) as a console error; nothing else may show up.
    assert.deepEqual(
      errors.filter((e) => !/401/.test(e)),
      [],
    );
    await page.close();
  });
});
