// One step of the ramp: start users at a fixed rate for a fixed time, then wait for them all.
import { setTimeout as sleep } from 'node:timers/promises';
import { runSession } from './virtual-user.js';

/**
 * Starts `usersPerSecond` sessions a second for `stepMs` (an open model: users arrive on
 * schedule whether or not earlier ones are done), then waits until every session has ended.
 *
 * Achieved rates are over the step's time, or over the time the system was busy with the step's
 * sessions when that was longer: until the last session ended, less that session's own think
 * time. A system that keeps up achieves the offered rate; one that falls behind takes longer to
 * work off its backlog, so its achieved rate drops.
 */
export async function runStep({ baseUrl, usersPerSecond, stepMs, thinkMs, step }) {
  const users = Math.floor((usersPerSecond * stepMs) / 1000);
  const from = Date.now();
  const sessions = [];
  for (let k = 0; k < users; k++) {
    const due = from + (k * 1000) / usersPerSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    sessions.push(runSession(baseUrl, `user-${step}-${k}`, thinkMs));
  }
  const results = await Promise.all(sessions);
  const to = Date.now();
  const busyUntil = Math.max(...results.map((r) => r.endedAt - r.thoughtMs));
  const seconds = Math.max(busyUntil - from, stepMs) / 1000;
  const sum = (key) => results.reduce((total, r) => total + Number(r[key]), 0);
  const completed = sum('completed');
  const requests = sum('requests');
  return {
    step,
    offeredUsersPerSecond: usersPerSecond,
    users,
    completedSessions: completed,
    achievedSessionsPerSecond: completed / seconds,
    requests,
    requestsPerSecond: requests / seconds,
    answered: sum('answered'),
    errors: sum('errors'),
    from,
    to,
  };
}
