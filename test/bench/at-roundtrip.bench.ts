/**
 * (a) Commands per second of the AtClient over a socat PTY pair, against a bare write-then-read
 * loop over the same PTY and the same responder. Both loops use the same SerialTransport, so the
 * ratio is the AtClient's own cost (framing, queue, traffic events). The S6 guard pause is set to
 * 0 here: it is a deliberate wait, not engine overhead.
 */
import { AtClient } from '../../electron/engine/at/client.ts';
import { SerialTransport } from '../../electron/engine/transport/serial.ts';
import type { Transport } from '../../electron/engine/transport/types.ts';
import { createPtyPair } from '../helpers/pty.ts';
import { compare, elapsedMs, median } from './types.ts';
import type { BenchResult } from './types.ts';

const COMMANDS_PER_ROUND = 400;
/** Many short alternating rounds, so load from other processes hits both loops alike. */
const ROUNDS = 10;
const REPLY = Buffer.from('\r\nOK\r\n');
const COMMAND = Buffer.from('AT\r');

/** Answers every CR-terminated line with OK at once. */
function startResponder(device: Transport): void {
  let pending = 0;
  device.onData((chunk) => {
    let replies = 0;
    for (const byte of chunk) if (byte === 0x0d) replies++;
    pending += replies;
    if (pending === 0) return;
    const out = Buffer.alloc(REPLY.length * pending);
    for (let i = 0; i < pending; i++) REPLY.copy(out, i * REPLY.length);
    pending = 0;
    void device.write(out);
  });
}

/** The baseline: write `AT\r`, wait until `\r\nOK\r\n` has arrived, repeat. */
async function bareLoop(host: Transport, count: number): Promise<number> {
  let received = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const off = host.onData((chunk) => {
    received = Buffer.concat([received, chunk]);
    wake?.();
  });
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    await host.write(COMMAND);
    while (received.indexOf(REPLY) < 0) await new Promise<void>((resolve) => (wake = resolve));
    received = received.subarray(received.indexOf(REPLY) + REPLY.length);
  }
  const ms = elapsedMs(start);
  off();
  return (count / ms) * 1000;
}

async function clientLoop(client: AtClient, count: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await client.run('AT');
  return (count / elapsedMs(start)) * 1000;
}

export async function bench(): Promise<BenchResult[]> {
  const pty = await createPtyPair();
  const host = new SerialTransport(pty.a, { path: pty.a, baudRate: 115200, rtscts: false });
  const device = new SerialTransport(pty.b, { path: pty.b, baudRate: 115200, rtscts: false });
  try {
    await device.open();
    await host.open();
    startResponder(device);
    await bareLoop(host, 200); // warm-up
    const warmup = AtClient.attach(host, { guardMs: 0 });
    await clientLoop(warmup, 200);
    warmup.dispose();
    const bare: number[] = [];
    const engine: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measureEngine = async () => {
        const fresh = AtClient.attach(host, { guardMs: 0 });
        engine.push(await clientLoop(fresh, COMMANDS_PER_ROUND));
        fresh.dispose();
      };
      // Alternate which loop goes first, so a drift in machine load does not favour one.
      if (round % 2 === 0) {
        bare.push(await bareLoop(host, COMMANDS_PER_ROUND));
        await measureEngine();
      } else {
        await measureEngine();
        bare.push(await bareLoop(host, COMMANDS_PER_ROUND));
      }
    }
    return [
      compare({
        name: 'AtClient round trips vs bare PTY loop',
        value: median(engine),
        baseline: median(bare),
        unit: 'commands/s',
        goal: 0.9,
        note: `AT→OK over a socat PTY, ${ROUNDS} alternating rounds of ${COMMANDS_PER_ROUND} commands each, median; guardMs 0`,
      }),
    ];
  } finally {
    await host.close();
    await device.close();
    await pty.dispose();
  }
}
