// When a step counts as saturated: the rule the ramp stops on.

/** Achieved sessions/s below this share of the offered users/s. */
export const MIN_ACHIEVED_SHARE = 0.9;
/** Failed requests above this share of all requests. */
export const MAX_ERROR_SHARE = 0.01;

/**
 * The reasons a step is saturated (empty when it is not): achieved sessions/s below 90% of the
 * offered users/s, more than 1% of requests failed, or a route's p99 over `p99LimitMs`.
 */
export function saturationReasons(step, p99LimitMs) {
  const reasons = [];
  const share = step.achievedSessionsPerSecond / step.offeredUsersPerSecond;
  if (share < MIN_ACHIEVED_SHARE) reasons.push(`achieved ${(share * 100).toFixed(0)}% of the offered rate`);
  const errorShare = step.requests === 0 ? 0 : step.errors / step.requests;
  if (errorShare > MAX_ERROR_SHARE) reasons.push(`${(errorShare * 100).toFixed(1)}% of requests failed`);
  for (const route of step.routes) {
    if (route.p99 > p99LimitMs)
      reasons.push(`p99 of ${route.name} ${route.p99.toFixed(0)} ms > ${p99LimitMs} ms`);
  }
  return reasons;
}
