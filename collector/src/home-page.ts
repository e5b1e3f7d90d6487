/** GET /: a placeholder until the dashboard lands: says the collector runs and links the data. */
import { Router } from 'express';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Laptime collector</title></head>
<body>
<h1>Laptime collector</h1>
<p>The collector is running. Send OTLP/HTTP traces to <code>POST /v1/traces</code>.</p>
<ul>
<li><a href="api/stats">/api/stats</a>: statistics of every series</li>
<li><a href="api/names">/api/names</a>: series and their span counts</li>
<li><a href="metrics">/metrics</a>: Prometheus metrics</li>
</ul>
</body>
</html>
`;

export function homePage(): Router {
  return Router().get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
}
