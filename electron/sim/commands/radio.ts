/**
 * Radio, registration and packet-domain commands (docs/at-behaviour.md#network-commands):
 * AT+QNWINFO, AT+QENG="servingcell", AT+QCSQ, AT+QSPN, AT+CGREG, AT+COPS (read, write, the
 * manual scan `=?`), AT+QCFG nwscanmode/nwscanseq/band/iotopmode, AT+CGDCONT, AT+CGACT,
 * AT+CGPADDR, AT+CGATT, AT+CEER, AT+CPAS. Every value comes from SERVING_CELL and the
 * NetworkModel, so CSQ, QCSQ and QENG agree.
 */
import { ParamError } from '../at/args.ts';
import type { QcfgBand } from '../services/module-settings.ts';
import type { PdpConfig } from '../services/network-model.ts';
import { OTHER_OPERATORS, SERVING_CELL as CELL, sinrQcsqUnits } from '../services/serving-cell.ts';
import { cme, ERROR, ok, OK, type CommandEntry, type DeviceContext, type Handler } from './types.ts';

const NO_NETWORK = 30;

/** +CGDCONT <PDP_type> names of the QICSGP context types. */
const PDP_TYPE_NAMES: Readonly<Record<PdpConfig['type'], string>> = { 1: 'IP', 2: 'IPV6', 3: 'IPV4V6' };

/** Default AT+QCFG="band" per flavour: EG25-G as captured (LJ-EG25); EC21-KL: LTE B1/3/5/7/8, WCDMA B1/B8. */
const DEFAULT_BAND: Readonly<Record<DeviceContext['flavour'], QcfgBand>> = {
  global: { gsm: '0xbff', lte: '0x1e00b0e18df', tds: '0x0' },
  korean: { gsm: '0x210', lte: '0xd5', tds: '0x0' },
};

const qnwinfo: Handler = (_command, ctx) =>
  ok(ctx.network.registered ? `+QNWINFO: "${CELL.duplex} LTE","${CELL.plmn}","LTE BAND ${CELL.band}",${CELL.earfcn}` : '+QNWINFO: No Service');

/** EG25-G layout (a public EG25-G capture): state,"LTE",duplex,MCC,MNC,cellID,PCID,EARFCN,band,UL bw,DL bw,TAC,RSRP,RSRQ,RSSI,SINR,srxlev. */
const servingCell = (ctx: DeviceContext): string => {
  if (!ctx.network.radioOn) return '+QENG: "servingcell","SEARCH"';
  if (!ctx.network.registered) return ctx.network.simPresent ? '+QENG: "servingcell","LIMSRV"' : '+QENG: "servingcell","SEARCH"';
  // NOCONN: camped, RRC idle (the virtual module never reports CONNECT: no radio traffic is modelled).
  const state = 'NOCONN';
  return [
    '+QENG: "servingcell"',
    `"${state}"`,
    '"LTE"',
    `"${CELL.duplex}"`,
    CELL.mcc,
    CELL.mnc,
    CELL.cellIdHex,
    CELL.pci,
    CELL.earfcn,
    CELL.band,
    CELL.bandwidthCode,
    CELL.bandwidthCode,
    CELL.tacHex,
    CELL.rsrpDbm,
    CELL.rsrqDb,
    CELL.rssiDbm,
    CELL.sinrDb,
    CELL.srxlev,
  ].join(',');
};

const qeng: Handler = (command, ctx) => {
  command.params.expectCount(1, 1);
  const what = command.params.str(0).toLowerCase();
  if (what === 'servingcell') return ok(servingCell(ctx));
  if (what === 'neighbourcell') return OK;
  throw new ParamError(`unknown QENG item ${what}`);
};

const qcsq: Handler = (_command, ctx) =>
  ok(ctx.network.inCoverage ? `+QCSQ: "LTE",${CELL.rssiDbm},${CELL.rsrpDbm},${sinrQcsqUnits(CELL.sinrDb)},${CELL.rsrqDb}` : '+QCSQ: "NOSERVICE"');

// JC-LOG: +QSPN: "T-Mobile","T-Mobile","Hologram",0,"310260" (full name, short name, SPN, alphabet, RPLMN).
const qspn: Handler = (_command, ctx) => {
  if (!ctx.network.registered) return cme(NO_NETWORK);
  return ok(`+QSPN: "${CELL.operator.long}","${CELL.operator.short}","",0,"${CELL.plmn}"`);
};

const copsRead: Handler = (_command, ctx) => {
  if (!ctx.network.radioOn) return ok('+COPS: 2');
  return ok(ctx.network.registered ? `+COPS: 0,0,"${CELL.operator.long}",${CELL.act}` : '+COPS: 0');
};

const copsWrite: Handler = (command, ctx) => {
  const mode = command.params.int(0, { min: 0, max: 4 });
  if (mode === 0 || mode === 2 || mode === 3) return OK;
  const format = command.params.int(1, { min: 0, max: 2 });
  const oper = command.params.str(2, 32);
  const ours = format === 2 ? oper === CELL.plmn : oper === CELL.operator.long || oper === CELL.operator.short;
  return ours && ctx.network.registered ? OK : cme(NO_NETWORK);
};

/** AT+COPS=?: the manual scan, which takes seconds (timing.copsScanMs) and blocks the port. */
const copsTest: Handler = async (_command, ctx) => {
  await ctx.cycle.sleep(ctx.timing.copsScanMs);
  if (!ctx.network.radioOn) return cme(NO_NETWORK);
  const ours = { stat: ctx.network.registered ? 2 : 1, long: CELL.operator.long, short: CELL.operator.short, plmn: CELL.plmn, act: CELL.act };
  const found = [ours, ...OTHER_OPERATORS].map((op) => `(${op.stat},"${op.long}","${op.short}","${op.plmn}",${op.act})`);
  return ok(`+COPS: ${found.join(',')},,(0-4),(0-2)`);
};

const QCFG_TESTS: Readonly<Record<string, string>> = {
  nwscanmode: '+QCFG: "nwscanmode",(0-8),(0,1)',
  nwscanseq: '+QCFG: "nwscanseq",(00-0102030405),(0,1)',
  band: '+QCFG: "band",(0-200),(0-7FFFFFFFFFFFFFFFF),(0-7FFFFFFFFFFFFFFF),(0,1)',
};

const HEX_MASK = /^(0x)?[0-9a-f]{1,20}$/i;

function qcfgBand(command: Parameters<Handler>[0], ctx: DeviceContext): ReturnType<Handler> {
  const p = command.params;
  const current = ctx.settings.qcfg.band ?? DEFAULT_BAND[ctx.flavour];
  if (p.count === 1) return ok(`+QCFG: "band",${current.gsm},${current.lte},${current.tds}`);
  p.expectCount(4, 5);
  const masks = [1, 2, 3].map((i) => p.token(i));
  if (!masks.every((mask) => HEX_MASK.test(mask))) throw new ParamError('band masks are hex numbers');
  if (p.has(4)) p.int(4, { min: 0, max: 1 });
  const norm = (mask: string) => `0x${BigInt(mask.toLowerCase().startsWith('0x') ? mask : `0x${mask}`).toString(16)}`;
  const [gsm = '0x0', lte = '0x0', tds = '0x0'] = masks.map(norm);
  ctx.settings.qcfg.band = { gsm, lte, tds };
  return OK;
}

/** AT+QCFG for the radio items; other items of the firmware answer ERROR here (docs/at-behaviour.md#network-commands). */
const qcfg: Handler = (command, ctx) => {
  const p = command.params;
  const item = p.str(0).toLowerCase();
  const cfg = ctx.settings.qcfg;
  switch (item) {
    case 'nwscanmode':
      if (p.count === 1) return ok(`+QCFG: "nwscanmode",${cfg.nwscanmode}`);
      p.expectCount(2, 3);
      cfg.nwscanmode = p.int(1, { min: 0, max: 8 });
      if (p.has(2)) p.int(2, { min: 0, max: 1 });
      return OK;
    case 'nwscanseq': {
      if (p.count === 1) return ok(`+QCFG: "nwscanseq",${cfg.nwscanseq}`);
      p.expectCount(2, 3);
      const seq = p.token(1);
      if (!/^(0[0-5])+$/.test(seq)) throw new ParamError('nwscanseq is pairs of 00-05');
      if (p.has(2)) p.int(2, { min: 0, max: 1 });
      cfg.nwscanseq = seq;
      return OK;
    }
    case 'band':
      return qcfgBand(command, ctx);
    default:
      // `iotopmode` is a BG96/BG95 item: EC2x firmware has no such item (LJ-EG25 lists none).
      return ERROR;
  }
};

const qcfgTest: Handler = () => ok(...Object.values(QCFG_TESTS));

const cgregRead: Handler = (_command, ctx) => {
  const n = ctx.settings.cgregMode;
  const stat = ctx.network.psRegStat;
  const located = n >= 2 && (stat === 1 || stat === 5);
  return ok(`+CGREG: ${n},${stat}${located ? `,"${CELL.tacHex}","0${CELL.cellIdHex}",${CELL.act}` : ''}`);
};

// JC-LOG: +CGDCONT: 1,"IP","hologram","0.0.0.0",0,0,0,0
const cgdcontRead: Handler = (_command, ctx) =>
  ok(...ctx.network.configuredContexts().map((cid) => {
    const c = ctx.network.config(cid);
    return `+CGDCONT: ${cid},"${PDP_TYPE_NAMES[c.type]}","${c.apn}","0.0.0.0",0,0,0,0`;
  }));

const cgdcontWrite: Handler = (command, ctx) => {
  const p = command.params;
  const cid = p.int(0, { min: 1, max: 16 });
  if (p.count === 1) return OK;
  const typeName = p.str(1, 8).toUpperCase();
  const type = (Object.entries(PDP_TYPE_NAMES).find(([, name]) => name === typeName)?.[0] ?? '') as `${PdpConfig['type']}` | '';
  if (type === '') throw new ParamError(`unknown PDP type ${typeName}`);
  const apn = p.count > 2 ? p.str(2, 62) : '';
  if (ctx.network.isActive(cid)) return cme(3);
  ctx.network.configure(cid, { ...ctx.network.config(cid), type: Number(type) as PdpConfig['type'], apn });
  return OK;
};

const cgactRead: Handler = (_command, ctx) =>
  ok(...ctx.network.configuredContexts().map((cid) => `+CGACT: ${cid},${ctx.network.isActive(cid) ? 1 : 0}`));

const cgactWrite: Handler = (command, ctx) => {
  const p = command.params;
  const state = p.int(0, { min: 0, max: 1 });
  const cids = p.count > 1 ? [p.int(1, { min: 1, max: 16 })] : ctx.network.configuredContexts();
  for (const cid of cids) {
    if (state === 0) ctx.network.deactivate(cid);
    else if (!ctx.network.isActive(cid) && !ctx.network.activate(cid)) return cme(ctx.network.registered ? 3 : NO_NETWORK);
  }
  return OK;
};

const cgpaddrLine = (ctx: DeviceContext, cid: number) => `+CGPADDR: ${cid},"${ctx.network.addressOf(cid) ?? '0.0.0.0'}"`;

const cgattWrite: Handler = (command, ctx) => {
  const state = command.params.int(0, { min: 0, max: 1 });
  if (state === 1 && !ctx.network.registered) return cme(NO_NETWORK);
  const dropped = ctx.network.setPsAttach(state === 1);
  return { after: () => dropped.forEach((cid) => ctx.urc(`+QIURC: "pdpdeact",${cid}`)) };
};

export const RADIO_COMMANDS: readonly CommandEntry[] = [
  { name: '+QNWINFO', exec: qnwinfo, test: () => OK, read: () => ERROR },
  { name: '+QENG', write: qeng, test: () => ok('+QENG: ("servingcell","neighbourcell")') },
  { name: '+QCSQ', exec: qcsq, test: () => ok('+QCSQ: ("NOSERVICE","GSM","WCDMA","TDSCDMA","LTE","CDMA","HDR")') },
  { name: '+QSPN', exec: qspn, test: () => OK },
  {
    name: '+CGREG',
    read: cgregRead,
    write: (command, ctx) => {
      ctx.settings.cgregMode = command.params.int(0, { min: 0, max: 2 });
      return OK;
    },
    test: () => ok('+CGREG: (0-2)'),
  },
  { name: '+COPS', read: copsRead, write: copsWrite, test: copsTest },
  { name: '+QCFG', write: qcfg, test: qcfgTest },
  // JC-LOG: `at+cgdcont` (execute form) answers OK.
  { name: '+CGDCONT', read: cgdcontRead, write: cgdcontWrite, exec: () => OK, test: () => ok('+CGDCONT: (1-16),"IP",,,(0-3),(0-4),(0-1),(0-1)', '+CGDCONT: (1-16),"IPV6",,,(0-3),(0-4),(0-1),(0-1)', '+CGDCONT: (1-16),"IPV4V6",,,(0-3),(0-4),(0-1),(0-1)') },
  { name: '+CGACT', read: cgactRead, write: cgactWrite, test: () => ok('+CGACT: (0,1)') },
  {
    name: '+CGPADDR',
    exec: (_command, ctx) => ok(...ctx.network.configuredContexts().map((cid) => cgpaddrLine(ctx, cid))),
    write: (command, ctx) => ok(cgpaddrLine(ctx, command.params.int(0, { min: 1, max: 16 }))),
    test: (_command, ctx) => ok(`+CGPADDR: (${ctx.network.configuredContexts().join(',')})`),
  },
  { name: '+CGATT', read: (_command, ctx) => ok(`+CGATT: ${ctx.network.psAttached ? 1 : 0}`), write: cgattWrite, test: () => ok('+CGATT: (0,1)') },
  { name: '+CEER', exec: (_command, ctx) => ok(`+CEER: "${ctx.network.lastCause}"`), test: () => OK },
  { name: '+CPAS', exec: () => ok('+CPAS: 0'), test: () => ok('+CPAS: (0,3,4)') },
];
