/**
 * The end of a run: leaving the device in a known state after a cancel (out of data mode, MQTT
 * disconnected, port closed) and choosing the events the report is built from.
 */
import type { ExitCategory, RunOutcome, RunnerEvent } from '../../../shared/events.ts';
import { RESYNC } from '../at/command-table.ts';
import { sleep } from '../at/queue.ts';
import type { DeviceLink } from './device-link.ts';
import type { MqttSession } from './mqtt-session.ts';


/** Gets the module answering AT again: a probe, else `+++` to leave a data mode. Never rejects. */
async function leaveDataMode(link: DeviceLink, signal: AbortSignal): Promise<void> {
  const client = link.current();
  const answered = await client.sync({ attempts: 2, intervalMs: 1000, signal }).then(
    () => true,
    () => false,
  );
  if (answered) return;
  const { sequence, guardBeforeMs, guardAfterMs } = RESYNC.escape;
  await sleep(guardBeforeMs, signal);
  await link.writeRaw(Buffer.from(sequence, 'latin1'));
  await sleep(guardAfterMs, signal);
  await client.sync({ attempts: 3, intervalMs: 1000, signal }).catch(() => undefined);
}

/** After a cancel: out of data mode, AT+QMTDISC if connected, port closed. Never rejects. */
export async function leaveInKnownState(link: DeviceLink, mqtt: MqttSession): Promise<void> {
  const signal = AbortSignal.timeout(20_000);
  try {
    if (link.isOpen) {
      await leaveDataMode(link, signal);
      await mqtt.disconnect(link.runner(signal));
    }
  } catch {
    // the port is going away anyway
  }
  await link.close();
}

/** The report shows the last word on each step: a failure that a later attempt fixed is dropped. */
export function reportEvents(events: readonly RunnerEvent[]): RunnerEvent[] {
  return events.filter((event, index) => {
    if (event.type !== 'step-failed') return true;
    return !events.slice(index + 1).some((later) => (later.type === 'step-passed' || later.type === 'step-skipped') && later.step === event.step);
  });
}

/** The exit category of a run's outcome (a failure brings its own). */
export function exitCategoryOf(outcome: RunOutcome, failureCategory: ExitCategory | undefined): ExitCategory {
  if (outcome === 'passed') return 'ok';
  if (outcome === 'cancelled') return 'aborted';
  return failureCategory ?? 'internal';
}
