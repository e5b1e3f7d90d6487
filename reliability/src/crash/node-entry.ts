/**
 * How to start a script of this repository in a child process, the same way whether the suite runs
 * from TypeScript source (through tsx) or compiled from dist/.
 */
import { fileURLToPath } from 'node:url';

/** True when this module runs as TypeScript source (dev), false when compiled. */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** The repository root (tsx resolves from there). */
export const REPO_ROOT = fileURLToPath(new URL(FROM_SOURCE ? '../../../' : '../../../../', import.meta.url));

/** Node flags a child needs to run `.ts` sources and the packages' `development` exports. */
export const NODE_ARGS: readonly string[] = FROM_SOURCE
  ? ['--conditions=development', '--import', 'tsx']
  : [];

/** The `laptime` executable of the collector package. */
export const LAPTIME_BIN = fileURLToPath(
  new URL(
    FROM_SOURCE ? '../../../collector/src/bin/laptime.ts' : '../../../../collector/dist/src/bin/laptime.js',
    import.meta.url,
  ),
);

/**
 * A module of this package next to `base` (an `import.meta.url`), given by its path without the
 * extension: `.ts` from source, `.js` compiled.
 */
export function siblingScript(relative: string, base: string): string {
  return fileURLToPath(new URL(`${relative}.${FROM_SOURCE ? 'ts' : 'js'}`, base));
}
