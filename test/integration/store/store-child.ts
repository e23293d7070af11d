/**
 * A second process using the store, for the tests that need one: `begin` opens the store, begins
 * a record and waits (the test kills it with SIGKILL); `claim` opens the store, says `ready`,
 * then claims for each `go <imei> <runId>` line on stdin and prints `<imei> <result-json>`.
 *
 *   node --import tsx store-child.ts <url> begin <record-json>
 *   node --import tsx store-child.ts <url> claim <policy>
 */
import { createInterface } from 'node:readline';
import { openResultsStore } from '../../../electron/store/open.ts';
import type { RunRecord } from '../../../shared/run-record.ts';

const [url = '', command = '', ...args] = process.argv.slice(2);
const store = await openResultsStore({ url, outboxPath: process.env.STORE_OUTBOX });

if (command === 'begin') {
  const record = JSON.parse(args[0] ?? '{}') as RunRecord;
  const claim = await store.claim({ imei: record.imei ?? '', runId: record.runId, policy: 'refuse' });
  await store.begin(record);
  process.stdout.write(`began ${JSON.stringify(claim)}\n`);
  setInterval(() => undefined, 60_000); // until killed
} else if (command === 'claim') {
  // One claim per `go <imei> <runId>` line, answered as `<imei> <result-json>`, until stdin ends.
  const [policy = 'refuse'] = args;
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [word, imei = '', runId = ''] = line.trim().split(' ');
    if (word !== 'go') continue;
    const result = await store.claim({ imei, runId, policy: policy as 'refuse' });
    process.stdout.write(`${imei} ${JSON.stringify(result)}\n`);
  }
  await store.close();
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exitCode = 2;
}
