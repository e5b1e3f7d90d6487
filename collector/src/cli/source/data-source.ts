/** A data directory as a `Source`: a read-only snapshot, safe beside a running collector. */
import { existsSync } from 'node:fs';
import { Store, type StoreReader } from '@laptime/store';
import { spanJson, type SpanJson } from '../../api/span-json.js';
import { statsComparator } from '../../api/stats-order.js';
import { traceIdOf } from '../../api/query-params.js';
import { traceJson } from '../../api/trace-json.js';
import { rateWindow, withWindowRate } from '../../api/window-rate.js';
import { CliFailure } from '../cli-failure.js';
import { SPAN_PAGE_SIZE, type Source, type SpanFilter } from './source.js';

/** Bufferpool of the CLI's reader: small, a verb reads few pages. */
const READER_POOL_MB = 16;

export async function openDataSource(dir: string): Promise<Source> {
  if (!existsSync(dir)) throw new CliFailure(`no data directory at ${dir}`);
  const reader = await Store.openReader(dir, { poolMB: READER_POOL_MB });
  return dataSource(dir, reader);
}

function dataSource(dir: string, reader: StoreReader): Source {
  return {
    where: dir,
    url: null,
    span: (index) => Promise.resolve().then(() => spanJson(index, reader.fetch(index))),
    spanPages: (filter) => pages(reader, filter),
    trace: (traceId) => Promise.resolve().then(() => traceJson(reader, traceId)),
    names: () => Promise.resolve().then(() => reader.series()),
    stats: (name, query) =>
      Promise.resolve().then(() =>
        withWindowRate(reader.stats(name, query), rateWindow(reader, query, Date.now())),
      ),
    statsList: (query) =>
      Promise.resolve().then(() => {
        const { sort, limit, ...window } = query;
        const over = rateWindow(reader, window, Date.now());
        const stats = reader
          .statsAll(window)
          .filter((s) => s.count > 0)
          .map((s) => withWindowRate(s, over));
        stats.sort(statsComparator(sort, undefined));
        return limit === undefined ? stats : stats.slice(0, limit);
      }),
    close: () => reader.close(),
  };
}

function* pages(reader: StoreReader, filter: SpanFilter): Iterable<SpanJson[]> {
  const { traceId, ...rest } = filter;
  const scanFilter = traceId === undefined ? rest : { ...rest, traceId: traceIdOf(traceId, 'traceId') };
  let after: number | undefined;
  for (;;) {
    const indexes: number[] = [];
    reader.scan({ ...scanFilter, ...(after === undefined ? {} : { after }) }, (index) => {
      indexes.push(index);
      return indexes.length < SPAN_PAGE_SIZE;
    });
    if (indexes.length === 0) return;
    yield indexes.map((index) => spanJson(index, reader.fetch(index)));
    if (indexes.length < SPAN_PAGE_SIZE) return;
    after = indexes[indexes.length - 1];
  }
}
