/**
 * TMS2 service commands answered by the device MCU (docs/sequence.md): AT+TMSVER?,
 * AT+TMSGS? (accelerometer, mg, averaged over ~1 s), AT+TMSGCAL (stored mounting angles),
 * AT+TMSFOTA (apply a UFS image: OK, progress URCs, DONE, reboot).
 */
import { ParamError, type ParamReader } from '../at/args.ts';
import { runFota } from '../services/fota.ts';
import { parseFileName } from '../services/ufs.ts';
import { ok, OK, type CommandEntry, type Handler } from './types.ts';

/** Angles with at most two decimals, no trailing zeros: 3.5, -1.2, 0. */
export function formatAngle(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function fotaTarget(params: ParamReader): 'main' | 'sub' {
  const arg = params.args[0];
  const text = arg?.text.toLowerCase();
  if (text !== 'main' && text !== 'sub') throw new ParamError('target must be main or sub');
  return text;
}

const tmsfota: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(4, 4);
  const target = fotaTarget(p);
  const file = parseFileName(p.str(1, 80));
  const size = p.int(2, { min: 1, max: 0x7fffffff });
  const sha256 = p.str(3, 64);
  if (!file || !/^[0-9a-f]{64}$/i.test(sha256)) throw new ParamError('bad file name or sha256');
  const deps = {
    ufs: ctx.ufs,
    store: ctx.store,
    cycle: ctx.cycle,
    faults: ctx.faults,
    stepMs: ctx.timing.fotaStepMs,
    urc: (line: string) => ctx.urc(line),
    reboot: () => ctx.reboot(),
    cablePull: () => ctx.cablePull('fota'),
  };
  return { after: () => runFota({ target, file, size, sha256 }, deps) };
};

export const TMS2_COMMANDS: readonly CommandEntry[] = [
  {
    name: '+TMSVER',
    read: (_command, ctx) => ok(`+TMSVER: "${ctx.store.snapshot.firmware.main}","${ctx.store.snapshot.firmware.sub}"`),
    test: () => OK,
  },
  {
    name: '+TMSGS',
    read: async (_command, ctx) => {
      await ctx.cycle.sleep(ctx.timing.gsensorAverageMs);
      return ok(`+TMSGS: ${ctx.gsensor.read().join(',')}`);
    },
    test: () => OK,
  },
  {
    name: '+TMSGCAL',
    write: async (command, ctx) => {
      command.params.expectCount(2, 2);
      const roll = command.params.decimal(0, -180, 180);
      const pitch = command.params.decimal(1, -90, 90);
      await ctx.store.update((state) => ({ ...state, calibration: { roll, pitch } }));
      return OK;
    },
    read: (_command, ctx) => {
      const calibration = ctx.store.snapshot.calibration ?? { roll: 0, pitch: 0 };
      return ok(`+TMSGCAL: ${formatAngle(calibration.roll)},${formatAngle(calibration.pitch)}`);
    },
    test: () => ok('+TMSGCAL: (-180-180),(-90-90)'),
  },
  { name: '+TMSFOTA', write: tmsfota, test: () => ok('+TMSFOTA: (main,sub),"UFS:<file>",<size>,"<sha256>"') },
];
