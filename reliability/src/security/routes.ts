/**
 * Every route of the collector (collector/src/app.ts), with a request that reaches it: the table
 * the authentication test walks.
 */

export interface RouteProbe {
  method: 'GET' | 'POST';
  path: string;
  /** Health probes and the dashboard's pages are served without the token. */
  open: boolean;
  headers?: Record<string, string>;
}

export const ROUTES: readonly RouteProbe[] = [
  { method: 'GET', path: '/healthz', open: true },
  { method: 'GET', path: '/readyz', open: true },
  { method: 'GET', path: '/', open: true },
  { method: 'GET', path: '/index.html', open: true },
  { method: 'POST', path: '/v1/traces', open: false, headers: { 'content-type': 'application/x-protobuf' } },
  { method: 'POST', path: '/v1/traces', open: false, headers: { 'content-type': 'application/json' } },
  { method: 'POST', path: '/v1/traces', open: false, headers: { 'content-type': 'text/plain' } },
  { method: 'GET', path: '/api/names', open: false },
  { method: 'GET', path: '/api/stats', open: false },
  { method: 'GET', path: '/api/stats/GET%20/cart', open: false },
  { method: 'GET', path: '/api/spans', open: false },
  { method: 'GET', path: '/api/spans/0', open: false },
  { method: 'GET', path: '/api/traces/5b8efff798038103d269b633813fc60c', open: false },
  { method: 'GET', path: '/metrics', open: false },
  { method: 'GET', path: '/no/such/route', open: false },
  { method: 'GET', path: '/healthz/../metrics', open: false },
  { method: 'GET', path: '/HEALTHZ', open: false },
];
