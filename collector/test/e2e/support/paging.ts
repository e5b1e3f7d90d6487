/** Follows the `next` cursor of GET /api/spans until it is null. */
import type { SpanJson, SpansPage } from './api-shapes.js';
import { getOk, type Query } from './rest.js';

/** A bound on pages, so a cursor that never ends fails the test instead of hanging it. */
const MAX_PAGES = 1000;

/** Every page of a listing, in order. */
export async function allPages(base: string, query: Query = {}): Promise<SpanJson[][]> {
  const pages: SpanJson[][] = [];
  let after: string | number | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const page = await getOk<SpansPage>(base, '/api/spans', { ...query, after });
    pages.push(page.spans);
    if (page.next === null) return pages;
    after = page.next;
  }
  throw new Error(`GET /api/spans ${JSON.stringify(query)}: still a next cursor after ${MAX_PAGES} pages`);
}
