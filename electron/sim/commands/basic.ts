/**
 * Basic and identification commands (docs/at-behaviour.md#framing, #basic-commands): AT, ATE, ATV, ATI, AT&F/&W/Z, AT+CMEE,
 * AT+GMR/CGMR/QGMR, AT+CGSN/GSN, AT+GMI/GMM, AT+CFUN (with the 1,1 restart), AT+QPOWD,
 * AT+CCLK, AT+QLTS.
 */
import { DEFAULT_MODEM_SETTINGS } from '../line/writer.ts';
import { ERROR, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

function flagSetter(apply: (ctx: DeviceContext, on: boolean) => void): Handler {
  return (command, ctx) => {
    const value = command.params.count === 0 ? 0 : command.params.int(0, { min: 0, max: 1 });
    apply(ctx, value === 1);
    return OK;
  };
}

const identify: Handler = (_command, ctx) => ok(ctx.identity.manufacturer, ctx.identity.model, `Revision: ${ctx.identity.revision}`);
const revision: Handler = (_command, ctx) => ok(ctx.identity.revision);
const imei: Handler = (_command, ctx) => ok(ctx.imei);

const restoreDefaults: Handler = (_command, ctx) => {
  Object.assign(ctx.modem, DEFAULT_MODEM_SETTINGS);
  return OK;
};

const cfunWrite: Handler = (command, ctx) => {
  command.params.expectCount(1, 2);
  command.params.int(0, { min: 0, max: 4 });
  const reset = command.params.int(1, { min: 0, max: 1, default: 0 });
  return reset === 1 ? { after: () => ctx.reboot() } : OK;
};

/** `yy/MM/dd,hh:mm:ss±zz` (year digits 2 or 4), zz in quarter hours from GMT. */
function clockText(date: Date, yearDigits: 2 | 4): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const quarters = -date.getTimezoneOffset() / 15;
  const zone = `${quarters < 0 ? '-' : '+'}${pad(Math.abs(quarters))}`;
  const year = String(date.getFullYear()).slice(yearDigits === 2 ? 2 : 0);
  return `${year}/${pad(date.getMonth() + 1)}/${pad(date.getDate())},${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

const qlts: Handler = (command) => {
  if (command.form === 'write') command.params.int(0, { min: 0, max: 2 });
  return ok(`+QLTS: "${clockText(new Date(), 4)}",0`);
};

export const BASIC_COMMANDS: readonly CommandEntry[] = [
  { name: '', exec: () => OK },
  { name: 'E', exec: flagSetter((ctx, on) => (ctx.modem.echo = on)), write: flagSetter((ctx, on) => (ctx.modem.echo = on)) },
  { name: 'V', exec: flagSetter((ctx, on) => (ctx.modem.verbose = on)), write: flagSetter((ctx, on) => (ctx.modem.verbose = on)) },
  { name: 'I', exec: identify, write: (command, ctx) => (command.params.int(0, { min: 0, max: 0 }) === 0 ? identify(command, ctx) : ERROR) },
  { name: '&F', exec: restoreDefaults, write: restoreDefaults },
  { name: '&W', exec: () => OK, write: () => OK },
  { name: 'Z', exec: restoreDefaults, write: restoreDefaults },
  {
    name: '+CMEE',
    write: (command, ctx) => {
      ctx.modem.cmee = command.params.int(0, { min: 0, max: 2 }) as 0 | 1 | 2;
      return OK;
    },
    read: (_command, ctx) => ok(`+CMEE: ${ctx.modem.cmee}`),
    test: () => ok('+CMEE: (0-2)'),
  },
  { name: '+GMR', exec: revision },
  { name: '+CGMR', exec: revision },
  { name: '+QGMR', exec: (_command, ctx) => ok(`${ctx.identity.revision}_${ctx.identity.appVersion}`) },
  { name: '+GMI', exec: (_command, ctx) => ok(ctx.identity.manufacturer) },
  { name: '+CGMI', exec: (_command, ctx) => ok(ctx.identity.manufacturer) },
  { name: '+GMM', exec: (_command, ctx) => ok(ctx.identity.model) },
  { name: '+CGMM', exec: (_command, ctx) => ok(ctx.identity.model) },
  { name: '+CGSN', exec: imei, test: () => OK },
  { name: '+GSN', exec: imei, test: () => OK },
  { name: '+CFUN', read: () => ok('+CFUN: 1'), write: cfunWrite, test: () => ok('+CFUN: (0,1,4),(0-1)') },
  { name: '+QPOWD', exec: (_command, ctx) => ({ after: () => ctx.powerDown() }), write: (_command, ctx) => ({ after: () => ctx.powerDown() }) },
  { name: '+CCLK', read: () => ok(`+CCLK: "${clockText(new Date(), 2)}"`), write: () => OK, test: () => OK },
  { name: '+QLTS', exec: qlts, write: qlts, read: () => ERROR, test: () => ok('+QLTS: (0-2)') },
];
