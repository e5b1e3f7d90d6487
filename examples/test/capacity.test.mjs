// examples/capacity: a tiny ramp. Its report has a line per step whose figures agree with each
// other and with what the collector stored; the ramp stops at the first saturated step.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from './support/collector.mjs';
import { runLaptime, runNode } from './support/example-process.mjs';

const CAPACITY_DIR = new URL('../capacity/', import.meta.url);
const ROUTES = ['POST /action', 'POST /login', 'POST /logout'];
const STEP_SECONDS = 1.5;
/** Requests of a session that gets through: log in, act, log out. */
const REQUESTS_PER_SESSION = 3;

function runCapacity(dataDir, args) {
  return runNode(['app.js', '--step-seconds', String(STEP_SECONDS), '--think-ms', '20', ...args], {
    cwd: CAPACITY_DIR,
    env: { LAPTIME_DATA: dataDir },
  });
}

describe('examples/capacity', () => {
  let dir;
  before(async () => {
    dir = await tempDir();
  });
  after(() => dir?.remove());

  describe('a ramp of two steps, with a p99 limit it stays under', () => {
    let dataDir;
    let report;

    before(async () => {
      dataDir = join(dir.path, 'ramp');
      const run = await runCapacity(dataDir, ['--steps', '2,4', '--p99-limit-ms', '60000', '--json']);
      assert.equal(run.code, 0, run.stderr);
      report = JSON.parse(run.stdout);
    });

    it('reports every step up to the end of the ramp or the one that saturated', () => {
      const expected = report.saturated === null ? [2, 4] : [2, 4].slice(0, report.saturated.step);
      assert.deepEqual(
        report.steps.map((step) => step.offeredUsersPerSecond),
        expected,
      );
      for (const step of report.steps) {
        assert.deepEqual(
          step.routes.map((route) => route.name),
          ROUTES,
        );
      }
    });

    it('achieved rates never exceed what was offered, and requests add up to the sessions', () => {
      for (const step of report.steps) {
        assert.equal(step.users, Math.floor(step.offeredUsersPerSecond * STEP_SECONDS));
        assert.ok(step.achievedSessionsPerSecond <= step.offeredUsersPerSecond, JSON.stringify(step));
        assert.ok(step.completedSessions <= step.users);
        assert.ok(step.requests >= step.completedSessions * REQUESTS_PER_SESSION);
        assert.ok(step.requests <= step.users * REQUESTS_PER_SESSION);
        assert.ok(step.errors <= step.requests && step.answered <= step.requests);
        // Both rates are over the same seconds.
        const seconds = step.requests / step.requestsPerSecond;
        assert.ok(Math.abs(step.achievedSessionsPerSecond * seconds - step.completedSessions) < 1e-6);
        assert.ok(seconds >= STEP_SECONDS);
      }
    });

    it("each step's latency comes from one stored span per answered request, percentiles in order", () => {
      for (const step of report.steps) {
        assert.equal(
          step.routes.reduce((sum, route) => sum + route.count, 0),
          step.answered,
        );
        for (const route of step.routes)
          assert.ok(route.p50 <= route.p95 && route.p95 <= route.p99, route.name);
      }
    });

    it('the collector stored exactly the requests the steps report', async () => {
      const names = await runLaptime(['names', '--data', dataDir, '--json']);

      assert.equal(names.code, 0, names.stderr);
      const stored = JSON.parse(names.stdout)
        .series.filter((s) => ROUTES.includes(s.name))
        .reduce((sum, s) => sum + s.count, 0);
      assert.equal(
        stored,
        report.steps.reduce((sum, step) => sum + step.answered, 0),
      );
    });
  });

  it('stops at the first step over the p99 limit, and prints the table', async () => {
    // No request is answered within a microsecond: the first step saturates on p99.
    const run = await runCapacity(join(dir.path, 'saturating'), [
      '--steps',
      '2,4',
      '--p99-limit-ms',
      '0.001',
    ]);

    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(
      lines[0],
      /^step\s+users\/s\s+sessions\/s\s+req\/s\s+errors\s+route\s+count\s+p50\s+p95\s+p99$/,
    );
    assert.match(
      lines[1],
      /^\s+1\s+2\s+[\d.]+\s+[\d.]+\s+\d+\s+POST \/action\s+\d+\s+[\d.]+ ms\s+[\d.]+ ms\s+[\d.]+ ms$/,
    );
    assert.match(lines[2], /^\s+POST \/login\s/);
    assert.match(lines[3], /^\s+POST \/logout\s/);
    assert.match(
      lines[4],
      /^saturated at step 1 \(2 users\/s\): .*p99 of POST \/action [\d.]+ ms > 0.001 ms/,
    );
    assert.equal(lines.length, 5);
  });
});
