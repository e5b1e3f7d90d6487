// The ramp's report as a text table: one line per route per step.

const COLUMNS = ['step', 'users/s', 'sessions/s', 'req/s', 'errors', 'route', 'count', 'p50', 'p95', 'p99'];

const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

/** The report of app.js as aligned text, ending with the step that saturated, if any. */
export function reportTable(report) {
  const rows = [COLUMNS];
  for (const step of report.steps) {
    const head = [
      String(step.step),
      String(step.offeredUsersPerSecond),
      step.achievedSessionsPerSecond.toFixed(1),
      step.requestsPerSecond.toFixed(1),
      String(step.errors),
    ];
    const routes = step.routes.length > 0 ? step.routes : [{ name: '(no spans)', count: 0 }];
    routes.forEach((route, i) => {
      const latency = route.count > 0 ? [ms(route.p50), ms(route.p95), ms(route.p99)] : ['', '', ''];
      rows.push([...(i === 0 ? head : head.map(() => '')), route.name, String(route.count), ...latency]);
    });
  }
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const text = rows.map((row) =>
    row
      .map((cell, c) => (c === 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ')
      .trimEnd(),
  );
  const { saturated } = report;
  text.push(
    saturated === null
      ? `not saturated up to ${report.steps.at(-1)?.offeredUsersPerSecond ?? 0} users/s`
      : `saturated at step ${saturated.step} (${saturated.offeredUsersPerSecond} users/s): ${saturated.reasons.join('; ')}`,
  );
  return text.join('\n');
}
