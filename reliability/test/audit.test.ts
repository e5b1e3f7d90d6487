/** The packages a user installs have no high or critical advisories (`npm audit --omit=dev`). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { npmAudit } from '../src/security/npm-audit.js';
import { reportFigures } from '../src/profile.js';

/**
 * A network that lets only GET and HEAD through to the registry answers the advisory service's
 * POST with 405: then there is nothing to check against, which is not a finding either way.
 */
const ADVISORY_SERVICE_REFUSED = /\b405\b.*advisories/;

test('npm audit --omit=dev finds no high or critical advisory', async (t) => {
  const audit = await npmAudit();

  if (audit.kind === 'unavailable') {
    if (ADVISORY_SERVICE_REFUSED.test(audit.reason)) {
      console.log(`npm audit: the registry refused the advisory request here: ${audit.reason}`);
      t.skip(`the registry's advisory service is not reachable from this network (${audit.reason})`);
      return;
    }
    assert.fail(
      `npm audit could not ask the registry's advisory service, so nothing was checked: ${audit.reason}`,
    );
  }
  reportFigures('npm-audit', { ...audit.vulnerabilities });
  const serious = Object.entries(audit.packages).filter(([, s]) => s === 'high' || s === 'critical');
  assert.deepEqual(serious, []);
  assert.equal(audit.vulnerabilities.high + audit.vulnerabilities.critical, 0);
});
