/**
 * Settings and housekeeping commands (docs/at-behaviour.md#settings): AT&V, ATQ, AT+IPR, AT+ICF,
 * AT+IFC, AT+CSCS, AT+CTZU, AT+QURCCFG, AT+QINDCFG, AT+QSCLK, AT+QTEMP, AT+QADC.
 */
import { ParamError } from '../at/args.ts';
import { IPR_RATES, QIND_ITEMS, URC_PORTS, type QindItem, type UrcPort } from '../services/module-settings.ts';
import { ERROR, ok, OK, type CommandEntry, type Handler } from './types.ts';

const bit = (on: boolean) => (on ? 1 : 0);

/** AT&V as a BG96 prints it after AT&F (JC-LOG); E, Q, V follow the current settings. */
const ampV: Handler = (_command, ctx) =>
  ok(
    '&C: 1',
    '&D: 2',
    '&F: 0',
    '&W: 0',
    `E: ${bit(ctx.modem.echo)}`,
    `Q: ${bit(ctx.modem.quiet)}`,
    `V: ${bit(ctx.modem.verbose)}`,
    'X: 4',
    'Z: 0',
    'S0: 0',
    'S3: 13',
    'S4: 10',
    'S5: 8',
    'S6: 2',
    'S7: 0',
    'S8: 2',
    'S10: 15',
  );

const quiet: Handler = (command, ctx) => {
  const value = command.params.count === 0 ? 0 : command.params.int(0, { min: 0, max: 1 });
  ctx.modem.quiet = value === 1;
  return OK;
};

const ipr: Handler = (command, ctx) => {
  command.params.expectCount(1, 1);
  const rate = command.params.int(0, { min: 0, max: 4_000_000 });
  if (rate !== 0 && !IPR_RATES.includes(rate)) throw new ParamError(`unsupported baud rate ${rate}`);
  ctx.uart.ipr = rate;
  return OK;
};

const icf: Handler = (command, ctx) => {
  command.params.expectCount(1, 2);
  const format = command.params.int(0, { min: 1, max: 6 });
  if (format !== 3) throw new ParamError('only 8 data bits, 1 stop bit (format 3)');
  ctx.uart.icf = { format, parity: command.params.int(1, { min: 0, max: 3, default: ctx.uart.icf.parity }) };
  return OK;
};

const ifc: Handler = (command, ctx) => {
  command.params.expectCount(1, 2);
  const pick = (i: number, fallback: number) => {
    const value = command.params.int(i, { min: 0, max: 2, default: fallback });
    if (value === 1) throw new ParamError('flow control 1 (XON/XOFF) is not supported');
    return value;
  };
  ctx.uart.ifc = { dceByDte: pick(0, ctx.uart.ifc.dceByDte), dteByDce: pick(1, ctx.uart.ifc.dteByDce) };
  return OK;
};

const CHARSETS = ['GSM', 'IRA', 'UCS2'] as const;

const cscs: Handler = (command, ctx) => {
  const name = command.params.str(0, 8).toUpperCase();
  const charset = CHARSETS.find((c) => c === name);
  if (!charset) throw new ParamError(`unknown character set ${name}`);
  ctx.settings.cscs = charset;
  return OK;
};

const ctzu: Handler = (command, ctx) => {
  const value = command.params.int(0, { min: 0, max: 3 });
  if (value === 2) throw new ParamError('CTZU 2 is not a mode');
  ctx.nv.ctzu = value as 0 | 1 | 3;
  return OK;
};

const qurccfg: Handler = (command, ctx) => {
  const p = command.params;
  if (p.str(0).toLowerCase() !== 'urcport') return ERROR;
  if (p.count === 1) return ok(`+QURCCFG: "urcport","${ctx.nv.urcport}"`);
  p.expectCount(2, 2);
  const port = p.str(1).toLowerCase();
  if (!URC_PORTS.includes(port as UrcPort)) throw new ParamError(`unknown URC port ${port}`);
  ctx.nv.urcport = port as UrcPort;
  return OK;
};

const qindcfg: Handler = (command, ctx) => {
  const p = command.params;
  const item = p.str(0).toLowerCase() as QindItem;
  if (!QIND_ITEMS.includes(item)) throw new ParamError(`unknown QINDCFG item ${item}`);
  if (p.count === 1) return ok(`+QINDCFG: "${item}",${ctx.settings.qind[item]}`);
  p.expectCount(2, 3);
  const enable = p.int(1, { min: 0, max: 1 }) as 0 | 1;
  if (p.has(2)) p.int(2, { min: 0, max: 1 });
  if (item === 'all') for (const name of QIND_ITEMS) ctx.settings.qind[name] = enable;
  else ctx.settings.qind[item] = enable;
  return OK;
};

const qsclk: Handler = (command, ctx) => {
  ctx.settings.qsclk = command.params.int(0, { min: 0, max: 1 }) as 0 | 1;
  return OK;
};

/**
 * AT+QTEMP: `+QTEMP: <pmic>,<xo>,<pa>` in °C (JC-LOG: `+QTEMP: 28,25,25`). The virtual module warms
 * up over its first minutes on, by at most 4 °C.
 */
const qtemp: Handler = (_command, ctx) => {
  const warm = Math.min(4, Math.floor(ctx.uptimeMs() / 60_000));
  return ok(`+QTEMP: ${31 + warm},${29 + warm},${29 + warm}`);
};

/** AT+QADC=<port>: `+QADC: <status>,<mV>`; channel 0 reads the 3.8 V supply through the TMS2 divider. */
const ADC_MV: readonly number[] = [1266, 0];

const qadc: Handler = (command) => {
  command.params.expectCount(1, 1);
  const port = command.params.int(0, { min: 0, max: 1 });
  return ok(`+QADC: 1,${ADC_MV[port] ?? 0}`);
};

export const SETTINGS_COMMANDS: readonly CommandEntry[] = [
  { name: '&V', exec: ampV },
  { name: 'Q', exec: quiet, write: quiet },
  { name: '+IPR', read: (_command, ctx) => ok(`+IPR: ${ctx.uart.ipr}`), write: ipr, test: () => ok(`+IPR: (0,${IPR_RATES.join(',')}),(${IPR_RATES.join(',')})`) },
  { name: '+ICF', read: (_command, ctx) => ok(`+ICF: ${ctx.uart.icf.format},${ctx.uart.icf.parity}`), write: icf, test: () => ok('+ICF: (1-6),(0-3)') },
  { name: '+IFC', read: (_command, ctx) => ok(`+IFC: ${ctx.uart.ifc.dceByDte},${ctx.uart.ifc.dteByDce}`), write: ifc, test: () => ok('+IFC: (0,2),(0,2)') },
  { name: '+CSCS', read: (_command, ctx) => ok(`+CSCS: "${ctx.settings.cscs}"`), write: cscs, test: () => ok(`+CSCS: (${CHARSETS.map((c) => `"${c}"`).join(',')})`) },
  // JC-LOG: `at+ctzu` (execute) → ERROR, `at+ctzu?` → +CTZU: 1.
  { name: '+CTZU', read: (_command, ctx) => ok(`+CTZU: ${ctx.nv.ctzu}`), write: ctzu, exec: () => ERROR, test: () => ok('+CTZU: (0,1,3)') },
  { name: '+QURCCFG', write: qurccfg, test: () => ok(`+QURCCFG: "urcport",(${URC_PORTS.map((port) => `"${port}"`).join(',')})`) },
  { name: '+QINDCFG', write: qindcfg, test: () => ok(...QIND_ITEMS.map((item) => `+QINDCFG: "${item}",(0,1),(0,1)`)) },
  { name: '+QSCLK', read: (_command, ctx) => ok(`+QSCLK: ${ctx.settings.qsclk}`), write: qsclk, test: () => ok('+QSCLK: (0,1)') },
  { name: '+QTEMP', exec: qtemp, test: () => OK },
  { name: '+QADC', write: qadc, test: () => ok('+QADC: (0,1)') },
];
