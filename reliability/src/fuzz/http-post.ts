/** One HTTP request with a deadline, over a shared keep-alive agent: what the fuzzer sends with. */
import * as http from 'node:http';

/** An answer, or `hung` when none came before the deadline. */
export type PostOutcome =
  | { kind: 'answer'; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  | { kind: 'hung' }
  | { kind: 'network'; error: string };

export interface PostRequest {
  /** Origin and path; the path is sent as is. */
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  deadlineMs: number;
  agent?: http.Agent;
}

/** Sends `req` and resolves with the answer; never rejects. */
export function post(req: PostRequest): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let done = false;
    const settle = (o: PostOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = req.body.length;
    // The path goes out exactly as given: a URL parser would resolve dot segments and escapes.
    const { hostname, port, origin } = new URL(req.url);
    const path = req.url.slice(origin.length);
    const options = { hostname, port, path, method: req.method ?? 'POST', headers, agent: req.agent };
    const r = http.request(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        settle({
          kind: 'answer',
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', (e) => settle({ kind: 'network', error: e.message }));
    });
    const timer = setTimeout(() => {
      settle({ kind: 'hung' });
      r.destroy();
    }, req.deadlineMs);
    r.on('error', (e) => settle({ kind: 'network', error: e.message }));
    r.end(req.body);
  });
}
