/** Longest a SIGTERM waits for the final flush before the process goes on exiting. */
export const SIGTERM_FLUSH_LIMIT_MILLIS = 10_000;

/** Exit code of a process ended by SIGTERM, as shells report it (128 + 15). */
const SIGTERM_EXIT_CODE = 143;

/**
 * Runs `flush` when the process is about to exit: on `beforeExit` (the event loop ran dry) and
 * on SIGTERM. After a SIGTERM flush, the signal is raised again so the process ends as it would
 * have without us, unless the app listens for SIGTERM itself (then ending is its decision). As PID 1
 * (in a container) a re-raised SIGTERM has no default action and is ignored, so there the process
 * exits with 143 instead.
 */
export function installExitHooks(flush: () => Promise<void>): { remove(): void } {
  const onBeforeExit = (): void => {
    void flush();
  };
  const onSigterm = (): void => {
    remove();
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SIGTERM_FLUSH_LIMIT_MILLIS);
    });
    void Promise.race([flush().catch(() => undefined), limit]).then(() => {
      clearTimeout(timer);
      if (process.listenerCount('SIGTERM') > 0) return;
      if (process.pid === 1) process.exit(SIGTERM_EXIT_CODE);
      process.kill(process.pid, 'SIGTERM');
    });
  };
  function remove(): void {
    process.off('beforeExit', onBeforeExit);
    process.off('SIGTERM', onSigterm);
  }
  process.once('beforeExit', onBeforeExit);
  process.once('SIGTERM', onSigterm);
  return { remove };
}
