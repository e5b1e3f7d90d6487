/**
 * The overview: every series with its statistics, sortable by any column, filterable by service
 * and name, over a chosen window, refreshed on a timer. Sorting and filtering happen here on the
 * one /api/stats answer; only one page of rows is in the DOM, so 10,000 series stay fast.
 */
import { getJson } from './api.js';
import type { Stats, StatsResponse } from './api-types.js';
import { el, formatCount, formatMs, formatPercent, formatRate } from './format.js';
import { fromOf, windowSelect, type TimeWindow } from './time-window.js';

/** Rows in the DOM at once. */
export const PAGE_ROWS = 100;
/** Auto-refresh period. */
export const REFRESH_MS = 5_000;

interface Column {
  key: keyof Stats;
  label: string;
  format: (s: Stats) => string;
  numeric: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'service', label: 'Service', format: (s) => s.service, numeric: false },
  { key: 'name', label: 'Name', format: (s) => s.name, numeric: false },
  { key: 'count', label: 'Count', format: (s) => formatCount(s.count), numeric: true },
  { key: 'errorRate', label: 'Errors', format: (s) => formatPercent(s.errorRate), numeric: true },
  { key: 'mean', label: 'Mean', format: (s) => formatMs(s.mean), numeric: true },
  { key: 'p50', label: 'p50', format: (s) => formatMs(s.p50), numeric: true },
  { key: 'p95', label: 'p95', format: (s) => formatMs(s.p95), numeric: true },
  { key: 'p99', label: 'p99', format: (s) => formatMs(s.p99), numeric: true },
  { key: 'rate', label: 'Rate', format: (s) => formatRate(s.rate), numeric: true },
];

/** What the user chose; kept across refreshes. */
interface OverviewState {
  window: TimeWindow;
  sortKey: keyof Stats;
  descending: boolean;
  serviceFilter: string;
  nameFilter: string;
  page: number;
  autoRefresh: boolean;
}

const state: OverviewState = {
  window: 'all',
  sortKey: 'p99',
  descending: true,
  serviceFilter: '',
  nameFilter: '',
  page: 0,
  autoRefresh: true,
};

function compare(a: Stats, b: Stats, key: keyof Stats): number {
  const x = a[key];
  const y = b[key];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  // Code-unit order: localeCompare is several times slower on 10,000 rows.
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The rows to show, filtered and sorted. */
export function visibleRows(all: readonly Stats[], s: OverviewState): Stats[] {
  const service = s.serviceFilter.toLowerCase();
  const name = s.nameFilter.toLowerCase();
  const rows = all.filter(
    (r) => r.service.toLowerCase().includes(service) && r.name.toLowerCase().includes(name),
  );
  const sign = s.descending ? -1 : 1;
  return rows.sort((a, b) => sign * compare(a, b, s.sortKey));
}

function seriesHref(s: Stats): string {
  return `#/series?${new URLSearchParams({ service: s.service, name: s.name }).toString()}`;
}

/** Renders the overview into `root`; returns a function that stops its refresh timer. */
export function showOverview(root: HTMLElement): () => void {
  let all: Stats[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;

  const status = el('span', 'status');
  const serviceInput = el('input', 'filter-service');
  serviceInput.placeholder = 'filter service';
  serviceInput.value = state.serviceFilter;
  const nameInput = el('input', 'filter-name');
  nameInput.placeholder = 'filter name';
  nameInput.value = state.nameFilter;
  const refresh = el('input');
  refresh.type = 'checkbox';
  refresh.checked = state.autoRefresh;
  const refreshLabel = el('label', 'auto-refresh');
  refreshLabel.append(refresh, ' auto-refresh');

  const table = el('table', 'overview');
  const head = table.createTHead().insertRow();
  const body = table.createTBody();
  const pager = el('div', 'pager');

  const toolbar = el('div', 'toolbar');
  toolbar.append(
    serviceInput,
    nameInput,
    windowSelect(state.window, (w) => {
      state.window = w;
      void load();
    }),
    refreshLabel,
    status,
  );
  root.replaceChildren(el('h1', '', 'Series'), toolbar, table, pager);

  function renderHead(): void {
    head.replaceChildren();
    for (const column of COLUMNS) {
      const th = el('th', column.numeric ? 'num' : '', column.label);
      th.dataset.key = column.key;
      if (column.key === state.sortKey) th.classList.add(state.descending ? 'sorted-desc' : 'sorted-asc');
      th.addEventListener('click', () => {
        state.descending = column.key === state.sortKey ? !state.descending : column.numeric;
        state.sortKey = column.key;
        render();
      });
      head.append(th);
    }
  }

  function render(): void {
    renderHead();
    const rows = visibleRows(all, state);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * PAGE_ROWS;
    const fragment = document.createDocumentFragment();
    for (const s of rows.slice(first, first + PAGE_ROWS)) {
      const tr = el('tr');
      for (const column of COLUMNS) {
        const td = el('td', column.numeric ? 'num' : '');
        if (column.key === 'name') {
          const link = el('a', 'series-link', s.name);
          link.href = seriesHref(s);
          td.append(link);
        } else td.textContent = column.format(s);
        if (column.key === 'errorRate' && s.errors > 0) td.classList.add('has-errors');
        tr.append(td);
      }
      fragment.append(tr);
    }
    body.replaceChildren(fragment);
    renderPager(rows.length, pages);
  }

  function renderPager(rowCount: number, pages: number): void {
    const prev = el('button', 'page-prev', '‹ prev');
    prev.disabled = state.page === 0;
    prev.addEventListener('click', () => {
      state.page--;
      render();
    });
    const next = el('button', 'page-next', 'next ›');
    next.disabled = state.page >= pages - 1;
    next.addEventListener('click', () => {
      state.page++;
      render();
    });
    const info = el(
      'span',
      'page-info',
      `${formatCount(rowCount)} series · page ${state.page + 1} of ${pages}`,
    );
    pager.replaceChildren(prev, info, next);
  }

  async function load(): Promise<void> {
    try {
      const { stats } = await getJson<StatsResponse>('api/stats', { from: fromOf(state.window) });
      all = stats;
      status.textContent = `updated ${new Date().toLocaleTimeString()}`;
      status.classList.remove('error');
      render();
    } catch (err) {
      status.textContent = `failed: ${(err as Error).message}`;
      status.classList.add('error');
    }
  }

  function schedule(): void {
    clearInterval(timer);
    if (state.autoRefresh) timer = setInterval(() => void load(), REFRESH_MS);
  }

  serviceInput.addEventListener('input', () => {
    state.serviceFilter = serviceInput.value;
    state.page = 0;
    render();
  });
  nameInput.addEventListener('input', () => {
    state.nameFilter = nameInput.value;
    state.page = 0;
    render();
  });
  refresh.addEventListener('change', () => {
    state.autoRefresh = refresh.checked;
    schedule();
  });

  render();
  void load();
  schedule();
  return () => clearInterval(timer);
}
