// No collector: the Laptime store lives inside this process. A nightly import job traces its steps
// with capture(); the spans go straight into the store in ./laptime-data (or LAPTIME_DATA).
// Afterwards, read them with the CLI: npx laptime stats --data ./laptime-data
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { capture, register } from '@laptime/exporter';

const { values } = parseArgs({ options: { records: { type: 'string', default: '200' } } });
const records = Number(values.records);
const dataDir = process.env.LAPTIME_DATA ?? './laptime-data';

// A tracer provider and a BatchSpanProcessor around new LaptimeSpanExporter({ dataDir }): with
// dataDir instead of url, the exporter opens the store itself and each export is durable when it
// resolves.
const tracing = register({ serviceName: 'invoice-import', dataDir });
// Fails here, with the reason, if the store cannot be opened (another process holds it, ...).
await tracing.ready();

const parseRecord = capture(function parseRecord(line) {
  const [id, customer, amount] = line.split(';');
  return { id: Number(id), customer, amount: Number(amount) };
});

const validateRecord = capture(function validateRecord(invoice) {
  // Some records are broken on purpose: their spans end with status ERROR.
  if (!(invoice.amount > 0)) throw new Error(`invoice ${invoice.id}: amount must be positive`);
  return invoice;
});

const saveInvoice = capture(async function saveInvoice(invoice) {
  await sleep(1 + (invoice.id % 5)); // a database write
});

const importRecord = capture(async function importRecord(line) {
  await saveInvoice(validateRecord(parseRecord(line)));
});

let failed = 0;
for (let id = 0; id < records; id++) {
  const amount = id % 25 === 24 ? -1 : 10 + (id % 90);
  await importRecord(`${id};customer-${id % 17};${amount}`).catch(() => failed++);
}

// Flushes the last spans and closes the store with a checkpoint.
await tracing.shutdown();
console.log(`imported ${records - failed} of ${records} records; spans stored in ${dataDir}`);
console.log(`look at them:  npx laptime stats --data ${dataDir}`);
console.log(`               npx laptime fetch 0 --data ${dataDir}`);
