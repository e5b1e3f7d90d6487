/** Child-process entry of the large-store phase (see large-store.ts and runInChild). */
import { childInput, sendResult } from '../src/testing/index.js';
import { measureLargeStore, type LargeStoreConfig } from './large-store.js';

await sendResult(await measureLargeStore(childInput<LargeStoreConfig>()));
