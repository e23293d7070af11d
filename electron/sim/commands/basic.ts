/**
 * Basic and identification commands (docs/at-behaviour.md#framing, #basic-commands, #cfun, #settings): AT, ATE, ATV, ATI,
 * AT&F/&W/Z, AT+CMEE, AT+GMR/CGMR/QGMR, AT+CGSN/GSN, AT+GMI/GMM, AT+CFUN (0/1/4 and the 1,1
 * restart), AT+QPOWD, AT+CCLK, AT+QLTS.
 */
import { DEFAULT_MODEM_SETTINGS } from '../line/writer.ts';
import { profileOf, restoreProfile } from '../services/module-settings.ts';
import type { Functionality } from '../services/network-model.ts';
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

/** AT&F: factory defaults (the stored profile stays stored). */
const factoryDefaults: Handler = (command, ctx) => {
  if (command.form === 'write') command.params.int(0, { min: 0, max: 0 });
  restoreProfile(ctx.modem, DEFAULT_MODEM_SETTINGS, ctx.uart, undefined);
  return OK;
};

/** ATZ: the profile stored with AT&W (factory defaults when none was stored). */
const restoreStored: Handler = (command, ctx) => {
  if (command.form === 'write') command.params.int(0, { min: 0, max: 0 });
  restoreProfile(ctx.modem, DEFAULT_MODEM_SETTINGS, ctx.uart, ctx.store.snapshot.profile);
  return OK;
};

/** AT&W: stores echo, quiet, verbose and the UART settings in NV (state.json). */
const storeProfile: Handler = async (command, ctx) => {
  if (command.form === 'write') command.params.int(0, { min: 0, max: 0 });
  const profile = profileOf(ctx.modem, ctx.uart);
  await ctx.store.update((state) => ({ ...state, profile }));
  return OK;
};

/** The SIM URCs after the SIM comes back (AT+CFUN=1 from 0), as at power-up. */
const SIM_URCS = ['+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE'] as const;

const cfunWrite: Handler = (command, ctx) => {
  command.params.expectCount(1, 2);
  const fun = command.params.int(0, { min: 0, max: 4 });
  const reset = command.params.int(1, { min: 0, max: 1, default: 0 });
  if (fun !== 0 && fun !== 1 && fun !== 4) return ERROR;
  if (reset === 1) {
    if (fun !== 1) return ERROR;
    // The contexts go down with the restart: +QIURC: "pdpdeact" before RDY (docs/at-behaviour.md#cfun).
    const active = ctx.network.activeContexts().map(([cid]) => cid);
    return {
      after: () => {
        for (const cid of active) ctx.urc(`+QIURC: "pdpdeact",${cid}`);
        ctx.reboot();
      },
    };
  }
  const simWasOff = !ctx.network.simReady;
  const dropped = ctx.network.setFunctionality(fun as Functionality);
  const simBack = simWasOff && ctx.network.simReady;
  return {
    after: () => {
      for (const cid of dropped) ctx.urc(`+QIURC: "pdpdeact",${cid}`);
      if (simBack) for (const line of SIM_URCS) ctx.urc(line);
    },
  };
};

/** `yy/MM/dd,hh:mm:ss±zz` (year digits 2 or 4), zz in quarter hours from GMT. */
function clockText(date: Date, yearDigits: 2 | 4): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const quarters = -date.getTimezoneOffset() / 15;
  const zone = `${quarters < 0 ? '-' : '+'}${pad(Math.abs(quarters))}`;
  const year = String(date.getFullYear()).slice(yearDigits === 2 ? 2 : 0);
  return `${year}/${pad(date.getMonth() + 1)}/${pad(date.getDate())},${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

/** The UTC offset as a Date whose local getters show UTC (QLTS mode 1). */
function asUtc(date: Date): Date {
  return new Date(date.getTime() + date.getTimezoneOffset() * 60_000);
}

/**
 * `+QLTS: "yyyy/MM/dd,hh:mm:ss±zz,<dst>"`: the daylight-saving flag is inside the quotes
 * (JC-LOG: `+QLTS: "2019/05/20,20:07:40-20,1"`). Mode 0 = last NITZ time (taken as now), 1 = GMT,
 * 2 = local time. Without network time (not registered) the string is empty.
 */
const qlts: Handler = (command, ctx) => {
  const mode = command.form === 'write' ? command.params.int(0, { min: 0, max: 2 }) : 0;
  if (!ctx.network.registered) return ok('+QLTS: ""');
  const now = new Date();
  const text = mode === 1 ? clockText(asUtc(now), 4).replace(/[+-]\d{2}$/, '+00') : clockText(now, 4);
  return ok(`+QLTS: "${text},0"`);
};

export const BASIC_COMMANDS: readonly CommandEntry[] = [
  { name: '', exec: () => OK },
  { name: 'E', exec: flagSetter((ctx, on) => (ctx.modem.echo = on)), write: flagSetter((ctx, on) => (ctx.modem.echo = on)) },
  { name: 'V', exec: flagSetter((ctx, on) => (ctx.modem.verbose = on)), write: flagSetter((ctx, on) => (ctx.modem.verbose = on)) },
  { name: 'I', exec: identify, write: (command, ctx) => (command.params.int(0, { min: 0, max: 0 }) === 0 ? identify(command, ctx) : ERROR) },
  { name: '&F', exec: factoryDefaults, write: factoryDefaults },
  { name: '&W', exec: storeProfile, write: storeProfile },
  { name: 'Z', exec: restoreStored, write: restoreStored },
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
  { name: '+CFUN', read: (_command, ctx) => ok(`+CFUN: ${ctx.network.fun}`), write: cfunWrite, test: () => ok('+CFUN: (0,1,4),(0-1)') },
  { name: '+QPOWD', exec: (_command, ctx) => ({ after: () => ctx.powerDown() }), write: (_command, ctx) => ({ after: () => ctx.powerDown() }) },
  { name: '+CCLK', read: () => ok(`+CCLK: "${clockText(new Date(), 2)}"`), write: () => OK, test: () => OK },
  { name: '+QLTS', exec: qlts, write: qlts, read: () => ERROR, test: () => ok('+QLTS: (0-2)') },
];
