#!/usr/bin/env node
/** The `laptime` executable. */
import { processIo } from '../cli/process-io.js';
import { runCli } from '../cli/program.js';

// The process ends by itself once the verb has closed its handles: `process.exit` after output can
// deadlock Node's shutdown while worker threads and a pending GC are being torn down.
process.exitCode = await runCli(process.argv.slice(2), processIo);
