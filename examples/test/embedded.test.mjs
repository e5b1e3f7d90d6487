// examples/embedded: the app stores its spans itself, without a collector; the CLI commands of its
// README read them back from the data directory.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from './support/collector.mjs';
import { runLaptime, runNode } from './support/example-process.mjs';

const RECORDS = 50;
/** The app breaks one record in 25 on purpose. */
const BROKEN = 2;

describe('examples/embedded', () => {
  let dir;
  let dataDir;
  let run;

  before(async () => {
    dir = await tempDir();
    dataDir = join(dir.path, 'laptime-data');
    run = await runNode(['app.js', '--records', String(RECORDS)], {
      cwd: new URL('../embedded/', import.meta.url),
      env: { LAPTIME_DATA: dataDir },
    });
  });
  after(() => dir?.remove());

  it('runs to its end, with its spans in the data directory', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`imported ${RECORDS - BROKEN} of ${RECORDS} records; spans stored in `),
    );
  });

  it('laptime fetch 0 --data shows the first span stored', async () => {
    const fetched = await runLaptime(['fetch', '0', '--data', dataDir]);

    assert.equal(fetched.code, 0, fetched.stderr);
    assert.match(fetched.stdout, /^index\s+0$/m);
    assert.match(fetched.stdout, /^service\s+invoice-import$/m);
    // The first span to end is the first step of the first record.
    assert.match(fetched.stdout, /^name\s+parseRecord$/m);
  });

  it('laptime stats --data shows every step with its count and errors', async () => {
    const table = await runLaptime(['stats', '--data', dataDir]);
    const json = await runLaptime(['stats', '--data', dataDir, '--json']);

    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^service\s+name\s+count\s+errors/);
    const figures = Object.fromEntries(
      JSON.parse(json.stdout).stats.map(({ name, count, errors }) => [name, { count, errors }]),
    );
    assert.deepEqual(figures, {
      importRecord: { count: RECORDS, errors: BROKEN },
      parseRecord: { count: RECORDS, errors: 0 },
      validateRecord: { count: RECORDS, errors: BROKEN },
      saveInvoice: { count: RECORDS - BROKEN, errors: 0 },
    });
    for (const name of Object.keys(figures))
      assert.match(table.stdout, new RegExp(`^invoice-import\\s+${name}\\s`, 'm'));
  });
});
