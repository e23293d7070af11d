/**
 * Run by client-basic.test.ts in a child process. Only the memory link and the client's command
 * timer exist here, so the process lives exactly as long as that timer holds the event loop:
 * a command that is never answered must still end in its timeout (the timer holds the process),
 * and after two answered commands with a 10-minute deadline the process must end at once.
 */
import { AtClient, AtTimeoutError } from '../../../../electron/engine/at/index.ts';
import { createMemoryLink } from '../../../../electron/engine/transport/memory.ts';

const { host, device } = createMemoryLink('memory:keepalive-host', 'memory:keepalive-device');
await host.open();
await device.open();
let csq = 19;
device.onData((chunk) => {
  const line = chunk.toString('latin1').trim();
  if (line === 'AT') void device.write(Buffer.from('\r\nOK\r\n'));
  if (line === 'AT+CSQ') void device.write(Buffer.from(`\r\n+CSQ: ${csq++},99\r\n\r\nOK\r\n`));
  // AT+CGSN is never answered.
});
// No resync ladder after the timeout: this child is about the timer, not recovery.
const client = AtClient.attach(host, { guardMs: 0, resyncAfterTimeout: false });
const error = await client.run({ command: 'AT+CGSN', timeoutMs: 300 }).catch((e: unknown) => e);
console.log(error instanceof AtTimeoutError ? `timeout ${error.command} ${error.timeoutMs}` : `unexpected ${String(error)}`);
for (let i = 0; i < 2; i++) {
  const response = await client.run({ command: 'AT+CSQ', timeoutMs: 600_000 });
  console.log(`answered ${response.lines.join(' ')}`);
}
