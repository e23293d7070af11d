/**
 * GNSS commands (docs/at-behaviour.md#gnss): AT+QGPS=<mode>[,...] (504 when a session runs),
 * AT+QGPS? , AT+QGPSLOC[=<mode>] (`+QGPSLOC: ...`, 505 without a session, 516 before the first
 * fix), AT+QGPSEND (505 without a session).
 */
import { gnssOf, formatQgpsloc, GNSS_ERR, type GnssEngine } from '../services/gnss.ts';
import { cme, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

/** Time to first fix: a few seconds on the real-timing device, a blink in fast mode. */
export function ttffMs(ctx: DeviceContext): number {
  return ctx.timing.bootDelayMs * 4;
}

const engineOf = (ctx: DeviceContext): GnssEngine => gnssOf(ctx.cycle, ttffMs(ctx));

const qgps: Handler = (command, ctx) => {
  const p = command.params;
  p.expectCount(1, 5);
  p.int(0, { min: 1, max: 4 });
  p.int(1, { min: 1, max: 255, default: 30 });
  p.int(2, { min: 0, max: 1000, default: 50 });
  p.int(3, { min: 0, max: 1000, default: 0 });
  p.int(4, { min: 1, max: 65535, default: 1 });
  return engineOf(ctx).start() ? OK : cme(GNSS_ERR.sessionOngoing);
};

const qgpsloc: Handler = (command, ctx) => {
  const mode = command.form === 'write' ? command.params.int(0, { min: 0, max: 2 }) : 0;
  const engine = engineOf(ctx);
  if (!engine.on) return cme(GNSS_ERR.sessionNotActive);
  const fix = engine.fix();
  if (!fix) return cme(GNSS_ERR.notFixed);
  return ok(`+QGPSLOC: ${formatQgpsloc(fix, mode as 0 | 1 | 2)}`);
};

const qgpsend: Handler = (_command, ctx) => (engineOf(ctx).stop() ? OK : cme(GNSS_ERR.sessionNotActive));

export const GNSS_COMMANDS: readonly CommandEntry[] = [
  {
    name: '+QGPS',
    write: qgps,
    read: (_command, ctx) => ok(`+QGPS: ${engineOf(ctx).on ? 1 : 0}`),
    test: () => ok('+QGPS: (1-4),(1-255),(0-1000),(0-1000),(1-65535)'),
  },
  { name: '+QGPSLOC', exec: qgpsloc, write: qgpsloc, test: () => ok('+QGPSLOC: (0-2)') },
  { name: '+QGPSEND', exec: qgpsend, test: () => OK },
];
