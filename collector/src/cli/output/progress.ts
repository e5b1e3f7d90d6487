/** A progress bar on stderr, redrawn at most every REDRAW_MS; only ever drawn on a terminal. */

const REDRAW_MS = 100;
const BAR_WIDTH = 30;

export interface Progress {
  /** `done` items so far. */
  update(done: number): void;
  /** Clears the bar. */
  end(): void;
}

const none: Progress = { update: () => undefined, end: () => undefined };

/** A bar on `stream` towards `total`, or nothing when `stream` is not a terminal. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, total: number): Progress {
  if (stream.isTTY !== true) return none;
  let last = 0;
  return {
    update(done) {
      const now = Date.now();
      if (now - last < REDRAW_MS) return;
      last = now;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * BAR_WIDTH);
      stream.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${Math.floor(share * 100)}% ${done}/${total} spans`,
      );
    },
    end() {
      stream.write('\r\u001b[K');
    },
  };
}
