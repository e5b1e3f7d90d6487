/** GET requests against the collector's HTTP API, as a user's script makes them. */

/** Query parameters; undefined ones are left out. */
export type Query = Record<string, string | number | undefined>;

export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** The error body of every failed API call (API.md). */
export interface ApiError {
  error: { code: string; message: string };
}

export function apiUrl(base: string, path: string, query: Query = {}): string {
  const url = new URL(path, base);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.href;
}

/** GET that returns status and parsed JSON body, whatever the status. */
export async function getJson<T>(base: string, path: string, query: Query = {}): Promise<JsonResponse<T>> {
  const res = await fetch(apiUrl(base, path, query));
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as T };
  } catch {
    throw new Error(`GET ${path}: status ${res.status}, body is not JSON: ${text.slice(0, 200)}`);
  }
}

/** GET that must answer 200. */
export async function getOk<T>(base: string, path: string, query: Query = {}): Promise<T> {
  const { status, body } = await getJson<T>(base, path, query);
  if (status !== 200) throw new Error(`GET ${apiUrl(base, path, query)}: ${status} ${JSON.stringify(body)}`);
  return body;
}

/** A path segment for a series or span name ("GET /cart" holds a slash). */
export function segment(name: string): string {
  return encodeURIComponent(name);
}
