#!/usr/bin/env node
/** The `laptime` executable. */
import { processIo } from '../cli/process-io.js';
import { runCli } from '../cli/program.js';

const code = await runCli(process.argv.slice(2), processIo);
// The one exit of the CLI: whatever handles remain (stdin, timers of libraries), the verb is done.
process.exit(code);
