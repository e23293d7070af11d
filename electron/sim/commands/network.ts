/**
 * SIM, radio and data service (docs/at-behaviour.md#basic-commands, #qcds, #pdp-context): AT+CPIN, AT+CSQ, AT+CREG, AT+CEREG, AT+COPS,
 * AT+QCDS (Korean firmware only), AT+QICSGP, AT+QIACT, AT+QIDEACT.
 */
import type { ParamReader } from '../at/args.ts';
import type { PdpConfig } from '../services/network-model.ts';
import { MODULE_CHOICES } from '../../engine/quectel/module-choices.ts';
import { SERVING_CELL as CELL } from '../services/serving-cell.ts';
import { simUnavailable } from './sim-card.ts';
import { cme, ERROR, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

/** EC21-KL style answer (docs/at-behaviour.md#qcds, fields per docs/uncertain-behaviour.md#qcds-field-names). */
const QCDS_SRV = `"${MODULE_CHOICES.qcdsInServiceToken}","4G",45005,1550,B0D60E,4,3,153,1202,-62,-88,-9,5,128,0,0,0`;
const QCDS_LIMITED = '"LIMITED","4G",45005,1550,B0D60E,4,0,153,1202,-62,-88,-9,5,128,0,0,0';
/** Location fields for <n> = 2: tac/lac, cell id, AcT 7 (LTE). */
const LOCATION = `"${CELL.tacHex}","0${CELL.cellIdHex}",${CELL.act}`;

function registration(prefix: '+CREG' | '+CEREG', mode: (ctx: DeviceContext) => number): Handler {
  return (_command, ctx) => {
    const n = mode(ctx);
    const stat = ctx.network.regStat;
    const located = n >= 2 && (stat === 1 || stat === 5);
    return ok(`${prefix}: ${n},${stat}${located ? `,${LOCATION}` : ''}`);
  };
}

function registrationMode(set: (ctx: DeviceContext, n: number) => void, max: number): Handler {
  return (command, ctx) => {
    set(ctx, command.params.int(0, { min: 0, max }));
    return OK;
  };
}

const qcds: Handler = (_command, ctx) => {
  if (ctx.flavour !== 'korean' || ctx.faults.has('qcds-unsupported')) return ERROR;
  return ok(`+QCDS: ${ctx.network.dataReady ? QCDS_SRV : QCDS_LIMITED}`);
};

/** The form MODULE_CHOICES.qicsgpForm names (docs/uncertain-behaviour.md#qicsgp-form): with 'documented' the type needs an APN unless the fault allows it. */
function readPdpConfig(params: ParamReader, ctx: DeviceContext, cid: number): PdpConfig | undefined {
  const current = ctx.network.config(cid);
  const type = params.int(1, { min: 1, max: 3 }) as PdpConfig['type'];
  if (params.count === 2) return MODULE_CHOICES.qicsgpForm === 'seed' || ctx.faults.has('qicsgp-short-form') ? { ...current, type } : undefined;
  params.expectCount(3, 6);
  const apn = params.str(2, 62);
  const user = params.count > 3 ? params.str(3, 64) : '';
  const password = params.count > 4 ? params.str(4, 64) : '';
  const auth = params.int(5, { min: 0, max: 3, default: 0 }) as PdpConfig['auth'];
  return { type, apn, user, password, auth };
}

const qicsgp: Handler = (command, ctx) => {
  const cid = command.params.int(0, { min: 1, max: 16 });
  if (command.params.count === 1) {
    const c = ctx.network.config(cid);
    return ok(`+QICSGP: ${c.type},"${c.apn}","${c.user}","${c.password}",${c.auth}`);
  }
  const config = readPdpConfig(command.params, ctx, cid);
  if (!config) return ERROR;
  ctx.network.configure(cid, config);
  return OK;
};

const qiactRead: Handler = (_command, ctx) =>
  ok(...ctx.network.activeContexts().map(([cid, ip]) => `+QIACT: ${cid},1,${ctx.network.config(cid).type},"${ip}"`));

export const NETWORK_COMMANDS: readonly CommandEntry[] = [
  {
    name: '+CPIN',
    read: (_command, ctx) => simUnavailable(ctx) ?? ok('+CPIN: READY'),
    write: (_command, ctx) => simUnavailable(ctx) ?? cme(3),
    test: () => OK,
  },
  { name: '+CSQ', exec: (_command, ctx) => ok(`+CSQ: ${ctx.network.csq.join(',')}`), test: () => ok('+CSQ: (0-31,99),(0-7,99)') },
  {
    name: '+CREG',
    read: registration('+CREG', (ctx) => ctx.network.cregMode),
    write: registrationMode((ctx, n) => (ctx.network.cregMode = n), 2),
    test: () => ok('+CREG: (0-2)'),
  },
  {
    name: '+CEREG',
    read: registration('+CEREG', (ctx) => ctx.network.ceregMode),
    write: registrationMode((ctx, n) => (ctx.network.ceregMode = n), 2),
    test: () => ok('+CEREG: (0-2,4)'),
  },
  { name: '+QCDS', exec: qcds },
  { name: '+QICSGP', write: qicsgp, test: () => ok('+QICSGP: (1-16),(1-3),<APN>,<username>,<password>,(0-3)') },
  {
    name: '+QIACT',
    read: qiactRead,
    // JC-LOG: `at+qiact` answers an empty information line, then OK.
    exec: () => ok(''),
    write: (command, ctx) => (ctx.network.activate(command.params.int(0, { min: 1, max: 16 })) ? OK : ERROR),
    test: () => ok('+QIACT: (1-16)'),
  },
  {
    name: '+QIDEACT',
    write: (command, ctx) => {
      ctx.network.deactivate(command.params.int(0, { min: 1, max: 16 }));
      return OK;
    },
    test: () => ok('+QIDEACT: (1-16)'),
  },
];
