/**
 * Debian's headless Chromium driven by playwright-core (no browser download), with a fresh profile
 * and every background network feature off; console errors of its pages are collected.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectorPackageRoot } from '../../../src/dashboard/assets-dir.js';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Where the tests leave screenshots (gitignored): test-artifacts/ at the repository root. */
export const ARTIFACTS = join(collectorPackageRoot(), '..', 'test-artifacts');

export interface TestBrowser {
  context: BrowserContext;
  /** A new page (1280×900, sharing the one profile) whose console errors and page errors land in `errors`. */
  page(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'laptime-chromium-'));
  // playwright passes the fresh profile on as --user-data-dir.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    context,
    async page() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      return { page, errors };
    },
    async close() {
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}
