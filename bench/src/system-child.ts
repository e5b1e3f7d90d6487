/** Child process entry: measures one system (see system-run.ts) and sends the result back. */
import { childInput, sendResult } from '@laptime/store/testing';
import { runSystem, type SystemRunConfig } from './system-run.js';

await sendResult(await runSystem(childInput<SystemRunConfig>()));
