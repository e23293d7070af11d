/**
 * The live dashboard's refresh: while the live session holds the device, every `intervalMs`
 * (default 30 s) the signal (AT+CSQ), registration (AT+CEREG?) and the cell, APN/address and clock
 * (device-status.ts, without the SIM reads: the SIM does not change during a session) are read
 * through the SAME AT runner as the sequence — one command at a time in its queue, so a poll never
 * interleaves with a command's answer — and emitted as one `device-status` event. A tick is skipped
 * while the session is paused (reconnecting) or a tick is still running; stop() ends it for good.
 */
import { readRegistration, readSignalQuality } from '../quectel/info.ts';
import type { AtRunner } from '../quectel/at-runner.ts';
import type { RunnerEventBody } from '../../../shared/events.ts';
import { readDeviceStatus } from './device-status.ts';

export const STATUS_POLL_MS = 30_000;

export interface StatusPollOptions {
  at: AtRunner;
  cid: number;
  intervalMs: number;
  signal: AbortSignal;
  emit(body: RunnerEventBody): void;
}

export interface StatusPoll {
  /** Skip ticks while true (e.g. during a reconnect). */
  pause(paused: boolean): void;
  /** Stops the timer; resolves when a running tick has finished. */
  stop(): Promise<void>;
}

export async function readStatusEvent(at: AtRunner, cid: number, signal: AbortSignal): Promise<RunnerEventBody> {
  const csq = await readSignalQuality(at).catch(() => undefined);
  const reg = await readRegistration(at, 'AT+CEREG?').catch(() => undefined);
  const status = await readDeviceStatus(at, { cid, signal, skipSim: true });
  return {
    type: 'device-status',
    ...status,
    ...(csq ? { signal: { rssi: csq.rssi, ber: csq.ber } } : {}),
    ...(reg ? { registration: { command: 'CEREG' as const, stat: reg.stat } } : {}),
  };
}

export function startStatusPoll(options: StatusPollOptions): StatusPoll {
  let paused = false;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (paused || running || options.signal.aborted) return;
    running = readStatusEvent(options.at, options.cid, options.signal)
      .then((body) => {
        if (!options.signal.aborted && !stopped) options.emit(body);
      })
      .catch(() => undefined) // a failed poll is not a run failure; the next tick tries again
      .finally(() => (running = undefined));
  };
  let stopped = false;
  const timer = options.intervalMs > 0 ? setInterval(tick, options.intervalMs) : undefined;
  return {
    pause: (value) => (paused = value),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
