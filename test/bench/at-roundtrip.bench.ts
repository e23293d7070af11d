/**
 * (a) Commands per second of the AtClient over a socat PTY pair, against a bare write-then-read
 * loop over the same PTY and the same responder. Both loops use the same SerialTransport, so the
 * ratio is the AtClient's own cost (framing, queue, timers, traffic events). The S6 guard pause is
 * set to 0 here: it is a deliberate wait after each answer, not engine overhead, and the bare loop
 * has no such pause, so both sides do the same work on the wire. The note adds the CPU time per
 * command of each loop (this process only), which load from other processes disturbs far less.
 */
import { AtClient } from '../../electron/engine/at/client.ts';
import { SerialTransport } from '../../electron/engine/transport/serial.ts';
import type { Transport } from '../../electron/engine/transport/types.ts';
import { createPtyPair } from '../helpers/pty.ts';
import { compare, elapsedMs, median } from './types.ts';
import type { BenchResult } from './types.ts';

const COMMANDS_PER_ROUND = 200;
/** Many short alternating rounds, so load from other processes hits both loops alike. */
const ROUNDS = 20;
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
interface Round {
  perSecond: number;
  /** CPU time (user + system) of this process per command, µs: what the loop itself costs. */
  cpuUsPerCommand: number;
}

async function measure(count: number, loop: () => Promise<void>): Promise<Round> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await loop();
  const ms = elapsedMs(start);
  const used = process.cpuUsage(cpu);
  return { perSecond: (count / ms) * 1000, cpuUsPerCommand: (used.user + used.system) / count };
}

async function bareLoop(host: Transport, count: number): Promise<Round> {
  let received = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const off = host.onData((chunk) => {
    received = Buffer.concat([received, chunk]);
    wake?.();
  });
  const round = await measure(count, async () => {
    for (let i = 0; i < count; i++) {
      await host.write(COMMAND);
      while (received.indexOf(REPLY) < 0) await new Promise<void>((resolve) => (wake = resolve));
      received = received.subarray(received.indexOf(REPLY) + REPLY.length);
    }
  });
  off();
  return round;
}

function clientLoop(client: AtClient, count: number): Promise<Round> {
  return measure(count, async () => {
    for (let i = 0; i < count; i++) await client.run('AT');
  });
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
    const bare: Round[] = [];
    const engine: Round[] = [];
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
    // Each round next to its partner: the median of the pairwise ratios shows how much of the
    // gap is load drift between rounds (informative; the result's ratio is that of the medians).
    const pairRatios = engine.map((round, i) => round.perSecond / (bare[i]?.perSecond ?? Number.NaN));
    const cpuEngine = median(engine.map((r) => r.cpuUsPerCommand));
    const cpuBare = median(bare.map((r) => r.cpuUsPerCommand));
    return [
      compare({
        name: 'AtClient round trips vs bare PTY loop',
        value: median(engine.map((r) => r.perSecond)),
        baseline: median(bare.map((r) => r.perSecond)),
        unit: 'commands/s',
        goal: 0.9,
        note:
          `AT→OK over a socat PTY, ${ROUNDS} alternating rounds of ${COMMANDS_PER_ROUND} commands each, medians; ` +
          `guardMs 0 (the S6 pause is a deliberate wait, not engine cost; the bare loop has none either); ` +
          `median per-round ratio ${median(pairRatios).toFixed(3)}; ` +
          `CPU per command ${cpuEngine.toFixed(0)} µs vs ${cpuBare.toFixed(0)} µs bare`,
      }),
    ];
  } finally {
    await host.close();
    await device.close();
    await pty.dispose();
  }
}
