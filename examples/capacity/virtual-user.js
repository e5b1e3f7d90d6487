// One simulated user: log in, do something, log out, thinking between steps.
import { setTimeout as sleep } from 'node:timers/promises';

/** A request not answered within this counts as an error (the user gives up). */
export const REQUEST_TIMEOUT_MS = 5_000;

/**
 * Runs one session against the system under test at `baseUrl`. A failed request (no answer, or a
 * status other than 2xx) ends the session, as it would for a real user.
 *
 * @returns `{ completed, requests, answered, errors, thoughtMs, endedAt }`: whether the session
 *   got through; requests sent, answered (any status) and failed; time spent thinking; when it ended.
 */
export async function runSession(baseUrl, user, thinkMs) {
  const result = { completed: false, requests: 0, answered: 0, errors: 0, thoughtMs: 0, endedAt: 0 };
  const post = async (path, token, body) => {
    result.requests++;
    try {
      const res = await fetch(new URL(path, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
        body: JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      result.answered++;
      const text = await res.text();
      if (res.ok) return text === '' ? {} : JSON.parse(text);
    } catch {
      // No answer in time, or the connection failed: counted below like an error status.
    }
    result.errors++;
    return null;
  };
  // Think times vary by +-50% around thinkMs, so users do not move in lockstep.
  const think = async () => {
    const ms = thinkMs * (0.5 + Math.random());
    result.thoughtMs += ms;
    await sleep(ms);
  };
  const session = async () => {
    const login = await post('/login', null, { user, password: `password-of-${user}` });
    if (login === null) return;
    await think();
    if ((await post('/action', login.token)) === null) return;
    await think();
    if ((await post('/logout', login.token)) === null) return;
    result.completed = true;
  };
  await session();
  result.endedAt = Date.now();
  return result;
}
