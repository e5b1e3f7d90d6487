/**
 * Fetches the collector's REST API. A 401 shows the token form once for every request waiting on
 * it; the token lives in sessionStorage (gone with the tab) and goes out as `Authorization: Bearer`.
 */
import { promptForToken } from './token-prompt.js';

const TOKEN_KEY = 'laptime.token';

/** The prompt in progress, shared so concurrent 401s ask only once. */
let pendingToken: Promise<string> | null = null;

function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

function askToken(rejected: string | null): Promise<string> {
  pendingToken ??= promptForToken(
    rejected === null ? 'This collector needs a token.' : 'That token was refused; try again.',
  ).then((token) => {
    sessionStorage.setItem(TOKEN_KEY, token);
    pendingToken = null;
    return token;
  });
  return pendingToken;
}

/** Thrown for any answer but 2xx (after the token form, for 401). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs `path` (relative to the page, e.g. `api/stats`) with `query`, and parses the JSON. */
export async function getJson<T>(
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<T> {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(key, String(value));
  for (;;) {
    const token = storedToken();
    const res = await fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    if (res.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      await askToken(token);
      continue;
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new ApiError(res.status, body?.error?.message ?? `${res.status} ${res.statusText}`);
    }
    return (await res.json()) as T;
  }
}
