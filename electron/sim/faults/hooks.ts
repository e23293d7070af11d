/**
 * Fault scenarios that act on the serial conversation itself: line noise before framed lines,
 * a URC storm (also between a command and its final result), late final results, and the cable
 * pulled on the identify command. The network- and file-level faults live where they act.
 */
import type { DispatchHooks } from '../at/dispatcher.ts';
import type { DeviceContext } from '../commands/types.ts';
import type { WriterHooks } from '../line/writer.ts';
import type { Random } from '../services/random.ts';
import type { FaultSet } from './fault-set.ts';

const NOISE_CHANCE = 0.35;
/** Non-printable garbage (NUL, 8-bit junk as from a wrong baud rate, XON, stray LF): a robust framer can drop it (S8, S9). */
const NOISE_BYTES = [0x00, 0xff, 0xfe, 0x0a, 0x11, 0x80];

export function noiseHook(faults: FaultSet, random: Random): WriterHooks['beforeFrame'] {
  if (!faults.has('line-noise')) return undefined;
  return () => {
    if (random() >= NOISE_CHANCE) return undefined;
    const length = 1 + Math.floor(random() * 4);
    return Buffer.from(Array.from({ length }, () => NOISE_BYTES[Math.floor(random() * NOISE_BYTES.length)] ?? 0));
  };
}

/** The storm's lines: signal reports and registration URCs (the `+CEREG: <stat>` URC form). */
export function stormLine(random: Random): string {
  return random() < 0.5 ? `+QIND: "csq",${20 + Math.floor(random() * 8)},99` : '+CEREG: 1';
}

export function dispatchFaultHooks(faults: FaultSet, random: Random): DispatchHooks {
  const storm = faults.has('urc-storm');
  const slow = faults.has('slow-answers');
  const sluggish = faults.has('slow-unit');
  return {
    beforeCommand: (command, ctx) => {
      if (command.name === '+CGSN' || command.name === '+GSN') ctx.cablePull('identify');
    },
    delayAnswer: async (ctx: DeviceContext) => {
      if (slow) await ctx.cycle.sleep(ctx.timing.slowAnswerMs);
      if (sluggish) await ctx.cycle.sleep(ctx.timing.slowUnitAnswerMs);
    },
    beforeFinal: (ctx: DeviceContext) => {
      if (storm) ctx.urc(stormLine(random));
    },
  };
}

/** Background faults started at each boot (after `APP RDY`). */
export function startBackgroundFaults(faults: FaultSet, ctx: DeviceContext, random: Random): void {
  const storm = faults.get('urc-storm');
  if (storm) ctx.cycle.every(storm.periodMs, () => ctx.urc(stormLine(random)));
}
