/**
 * SIM and identity commands (docs/at-behaviour.md#sim-and-identity): AT+QCCID, AT+CIMI, AT+CNUM,
 * AT+QSIMSTAT, AT+QINISTAT, AT+QGSN. Without a SIM they answer +CME ERROR: 10; with the SIM
 * switched off by AT+CFUN=0, +CME ERROR: 13 (SIM failure).
 */
import { simCardFor } from '../services/serving-cell.ts';
import { cme, ok, OK, type CommandEntry, type CommandResult, type DeviceContext, type Handler } from './types.ts';

const SIM_NOT_INSERTED = 10;
const SIM_FAILURE = 13;

/** The error a SIM read gives now, or undefined when the SIM answers. */
export function simUnavailable(ctx: DeviceContext): CommandResult | undefined {
  if (!ctx.network.simPresent) return cme(SIM_NOT_INSERTED);
  if (!ctx.network.simReady) return cme(SIM_FAILURE);
  return undefined;
}

function withSim(answer: (ctx: DeviceContext) => CommandResult): Handler {
  return (_command, ctx) => simUnavailable(ctx) ?? answer(ctx);
}

/** +QINISTAT bits: 1 CPIN READY, 2 SMS DONE (4 PB DONE is never reported: no phonebook init). */
const INIT_DONE = 3;

export const SIM_CARD_COMMANDS: readonly CommandEntry[] = [
  // JC-LOG: `+QCCID: 8944500307186446055F` (19 digits padded with F).
  { name: '+QCCID', exec: withSim((ctx) => ok(`+QCCID: ${simCardFor(ctx.imei).iccid}F`)), test: () => OK },
  { name: '+CIMI', exec: withSim((ctx) => ok(simCardFor(ctx.imei).imsi)), test: () => OK },
  { name: '+CNUM', exec: withSim((ctx) => ok(`+CNUM: ,"${simCardFor(ctx.imei).msisdn}",145`)), test: () => OK },
  {
    name: '+QSIMSTAT',
    read: (_command, ctx) => ok(`+QSIMSTAT: ${ctx.settings.simDetectUrc},${ctx.network.simPresent ? 1 : 0}`),
    write: (command, ctx) => {
      command.params.expectCount(1, 1);
      ctx.settings.simDetectUrc = command.params.int(0, { min: 0, max: 1 }) as 0 | 1;
      return OK;
    },
    test: () => ok('+QSIMSTAT: (0,1)'),
  },
  {
    name: '+QINISTAT',
    exec: (_command, ctx) => ok(`+QINISTAT: ${ctx.network.simReady ? INIT_DONE : 0}`),
    test: () => ok('+QINISTAT: (0-7)'),
  },
  { name: '+QGSN', exec: (_command, ctx) => ok(`+QGSN: ${ctx.imei}`), test: () => OK },
];
