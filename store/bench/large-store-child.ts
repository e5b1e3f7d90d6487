/** Child-process entry of the large-store phase (see large-store.ts and child-process.ts). */
import { childInput, sendResult } from './child-process.js';
import { measureLargeStore, type LargeStoreConfig } from './large-store.js';

await sendResult(await measureLargeStore(childInput<LargeStoreConfig>()));
