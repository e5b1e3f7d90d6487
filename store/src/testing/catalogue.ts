/**
 * The cast of a generated workload: services, the span names each one emits (HTTP routes, database
 * queries, outgoing calls, functions) with their typical latency, and the resources and scopes
 * that identify them.
 */
import type { Attributes } from '../row/types.js';
import type { Prng } from './prng.js';

/** What a span does; decides its kind, attributes, scope and latency. */
export const Category = { HttpServer: 0, HttpClient: 1, Db: 2, Internal: 3 } as const;
export type Category = (typeof Category)[keyof typeof Category];
const CATEGORY_COUNT = 4;

/** OTLP span kind per category. */
const KIND_OF: readonly number[] = [2, 3, 3, 1];
/** Typical (median) duration per category, in nanoseconds. */
const MEDIAN_NS: readonly number[] = [20e6, 40e6, 2e6, 0.2e6];
/** How far one name's median strays from its category's (log-normal sigma). */
const MEDIAN_SPREAD = 0.8;
/** Range of the per-name log-normal sigma of durations. */
const SIGMA_MIN = 0.3;
const SIGMA_RANGE = 0.5;

const SERVICE_NAMES = ['gateway', 'checkout', 'cart', 'payments', 'users', 'inventory', 'search', 'shipping'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const RESOURCES = [
  'orders',
  'carts',
  'users',
  'payments',
  'products',
  'inventory',
  'sessions',
  'invoices',
  'shipments',
  'reviews',
  'coupons',
  'recommendations',
];
const ROUTE_SUFFIXES = ['', '/:id', '/:id/items', '/:id/status', '/search', '/bulk'];
const PEERS = ['api.stripe.com', 'auth.internal', 'geo.internal', 'mail.internal', 'pricing.internal'];
const DB_OPERATIONS = ['SELECT', 'SELECT', 'INSERT', 'UPDATE', 'DELETE'];
const DB_TABLES = ['orders', 'order_items', 'users', 'carts', 'products', 'stock', 'payments', 'sessions'];
const VERBS = ['compute', 'validate', 'render', 'serialize', 'parse', 'load', 'apply', 'resolve', 'hash'];
const NOUNS = [
  'Tax',
  'Cart',
  'Template',
  'Response',
  'Request',
  'Config',
  'Discount',
  'Route',
  'Token',
  'Price',
];

const SCOPES: readonly (readonly [string, string])[] = [
  ['@opentelemetry/instrumentation-http', '0.52.1'],
  ['@opentelemetry/instrumentation-undici', '0.4.0'],
  ['@opentelemetry/instrumentation-pg', '0.43.0'],
  ['@laptime/exporter', '0.1.0'],
];

/** One span name and everything that goes with it. */
export interface NameEntry {
  /** Index in {@link Catalogue.services}. */
  readonly service: number;
  readonly name: string;
  readonly category: Category;
  readonly kind: number;
  /** Log of the median duration in nanoseconds. */
  readonly mu: number;
  /** Log-normal sigma of the duration. */
  readonly sigma: number;
  /** For HTTP: method and route (or peer); for databases: operation and table. */
  readonly verb: string;
  readonly target: string;
  /** For databases: the query text. */
  readonly statement: string;
}

export interface Catalogue {
  readonly services: readonly string[];
  readonly names: readonly NameEntry[];
  /** Names of HTTP server spans: where traces start. */
  readonly roots: readonly NameEntry[];
}

/** A catalogue of `serviceCount` services sharing `nameCount` distinct span names. */
export function buildCatalogue(prng: Prng, serviceCount: number, nameCount: number): Catalogue {
  const services: string[] = [];
  for (let s = 0; s < serviceCount; s++) {
    const base = SERVICE_NAMES[s % SERVICE_NAMES.length]!;
    services.push(s < SERVICE_NAMES.length ? base : `${base}-${Math.floor(s / SERVICE_NAMES.length)}`);
  }
  const seen = new Set<string>();
  const names: NameEntry[] = [];
  for (let k = 0; k < nameCount; k++) {
    // The first name is always an HTTP route, so that every workload has somewhere to start.
    const category = (k === 0 ? Category.HttpServer : prng.int(CATEGORY_COUNT)) as Category;
    const [verb, invented, inventedName] = inventName(prng, category);
    let target = invented;
    let name = inventedName;
    // Few combinations exist per category: a repeat becomes a new version of the same thing.
    for (let n = 2; seen.has(name); n++) {
      target = `${invented}/v${n}`;
      name = `${inventedName} v${n}`;
    }
    seen.add(name);
    names.push({
      service: k % serviceCount,
      name,
      category,
      kind: KIND_OF[category]!,
      mu: Math.log(MEDIAN_NS[category]!) + MEDIAN_SPREAD * prng.normal(),
      sigma: SIGMA_MIN + SIGMA_RANGE * prng.next(),
      verb,
      target,
      statement: category === Category.Db ? `${verb} * FROM ${target} WHERE id = $1` : '',
    });
  }
  return { services, names, roots: names.filter((e) => e.category === Category.HttpServer) };
}

function inventName(prng: Prng, category: Category): [verb: string, target: string, name: string] {
  switch (category) {
    case Category.HttpServer: {
      const method = prng.pick(METHODS);
      const route = `/api/v${1 + prng.int(2)}/${prng.pick(RESOURCES)}${prng.pick(ROUTE_SUFFIXES)}`;
      return [method, route, `${method} ${route}`];
    }
    case Category.HttpClient: {
      const method = prng.pick(METHODS);
      const peer = prng.pick(PEERS);
      return [method, peer, `${method} ${peer}/${prng.pick(RESOURCES)}`];
    }
    case Category.Db: {
      const op = prng.pick(DB_OPERATIONS);
      const table = prng.pick(DB_TABLES);
      return [op, table, `${op} shop.${table}`];
    }
    default: {
      const fn = `${prng.pick(VERBS)}${prng.pick(NOUNS)}`;
      return ['call', fn, fn];
    }
  }
}

/** The resource of service number `s` (a fresh object). */
export function resourceOf(services: readonly string[], s: number): Attributes {
  const service = services[s]!;
  return {
    'service.name': service,
    'service.version': `1.${s % 7}.${s % 3}`,
    'service.instance.id': `${service}-7d9f8c-${s}`,
    'deployment.environment': 'production',
    'host.name': `ip-10-0-${s % 256}-17.ec2.internal`,
    'process.pid': BigInt(4000 + s),
    'process.runtime.name': 'nodejs',
    'process.runtime.version': '20.11.1',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.version': '1.25.0',
  };
}

/** Instrumentation scope name and version of a category. */
export function scopeOf(category: Category): readonly [name: string, version: string] {
  return SCOPES[category]!;
}
