/**
 * The connect sequence as `fieldlink demo` runs it: the virtual TMS2 at 115200 baud with real
 * boot, FOTA and G-sensor timings, the demo cloud, FOTA of main and sub.
 *
 * (a) Wall time of the whole run against its lower bound: the time in which the host was waiting
 *     on the line, the device or the servers (every gap in the AT traffic that ends with bytes
 *     from the device), which contains the bytes moved at 115200 baud (8N1) and what the virtual
 *     device and servers themselves spent (boot, flashing, HTTP, TLS, MQTT). The rest — gaps that
 *     end with the host sending — is the sequence's and the engine's own time. Goal ≤ 1.3×.
 * (b) The host's time per AT command (gap from the device's last byte to the next command)
 *     against the S6 guard pause the engine waits on purpose after every final result (20 ms).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoKit } from '../../electron/demo/demo-kit.ts';
import { SequenceRunner } from '../../electron/engine/sequence/runner.ts';
import { bytesPerSecondOf } from '../../electron/sim/line/pacer.ts';
import type { RunnerEvent, TrafficEventShape } from '../../shared/events.ts';
import { compare, elapsedMs } from './types.ts';
import type { BenchResult } from './types.ts';

const BAUD = 115200;
const GUARD_MS = 20;

interface Stamped {
  t: number;
  event: TrafficEventShape;
}

interface Breakdown {
  waitingMs: number;
  hostMs: number;
  lineBytes: number;
  commands: number;
}

/**
 * Splits the run's time between "waiting for the other side" and "the host's own work": a gap is
 * the host's only when the device had spoken last and the host speaks next (it was reacting);
 * any other gap is a wait for bytes, a booting module, a server (a timed-out probe included).
 */
function breakdown(traffic: readonly Stamped[], startedAt: number, finishedAt: number): Breakdown {
  let waitingMs = 0;
  let hostMs = 0;
  let lineBytes = 0;
  let previous = startedAt;
  let deviceSpokeLast = true; // before the first byte the host opens the port: its own time
  for (const { t, event } of traffic) {
    const gap = Math.max(0, t - previous);
    const fromHost = event.dir === 'tx';
    if (fromHost && deviceSpokeLast) hostMs += gap;
    else waitingMs += gap;
    if (event.kind === 'bytes' || (event.kind === 'data' && event.dir === 'tx')) lineBytes += event.length;
    if (event.kind === 'bytes' || event.kind === 'data' || event.kind === 'command') deviceSpokeLast = !fromHost;
    previous = Math.max(previous, t);
  }
  hostMs += Math.max(0, finishedAt - previous);
  const commands = traffic.filter((s) => s.event.kind === 'command').length;
  return { waitingMs, hostMs, lineBytes, commands };
}

async function demoRun(): Promise<{ wallMs: number; parts: Breakdown; outcome: string }> {
  const kit = await startDemoKit({ simulator: { baud: BAUD, fast: false } });
  const outDir = await mkdtemp(join(tmpdir(), 'fieldlink-bench-runs-'));
  try {
    const runner = new SequenceRunner({
      port: 'sim:',
      profile: kit.profile,
      outDir,
      fotaPolicy: 'auto',
      provision: (ids) => kit.provision(ids, 'sim:'),
    });
    const traffic: Stamped[] = [];
    runner.onEvent((event: RunnerEvent) => {
      // Host clock at the moment the engine saw the bytes (the traffic event's own stamp).
      if (event.type === 'at-traffic') traffic.push({ t: event.event.t, event: event.event });
    });
    const startedAt = Date.now();
    const start = performance.now();
    const result = await runner.start();
    const wallMs = elapsedMs(start);
    await runner.close();
    traffic.sort((a, b) => a.t - b.t);
    return { wallMs, parts: breakdown(traffic, startedAt, startedAt + wallMs), outcome: result.outcome };
  } finally {
    await kit.stop();
    await rm(outDir, { recursive: true, force: true });
  }
}

export async function bench(): Promise<BenchResult[]> {
  const { wallMs, parts, outcome } = await demoRun();
  if (outcome !== 'passed') throw new Error(`the demo run did not pass (${outcome})`);
  const lineMs = (parts.lineBytes / bytesPerSecondOf(BAUD)) * 1000;
  const perCommand = parts.hostMs / Math.max(1, parts.commands);
  return [
    compare({
      name: 'demo run at 115200 vs its lower bound',
      value: wallMs / 1000,
      baseline: parts.waitingMs / 1000,
      unit: 's',
      goal: 1.3,
      better: 'lower',
      note: `${parts.lineBytes} bytes on the line (${(lineMs / 1000).toFixed(1)} s at ${BAUD} baud) inside ${(parts.waitingMs / 1000).toFixed(1)} s of waiting on line/device/servers; host ${(parts.hostMs / 1000).toFixed(1)} s over ${parts.commands} commands`,
    }),
    compare({
      name: 'host time per AT command vs S6 guard',
      value: perCommand,
      baseline: GUARD_MS,
      unit: 'ms',
      goal: 1.5,
      better: 'lower',
      note: 'gap between the device’s last byte and the next command, averaged over the demo run (guard pause included)',
    }),
  ];
}
