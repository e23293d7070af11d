/**
 * SIM, operator, cell and clock parsers (docs/at-behaviour.md#sim-and-identity, #network-commands):
 * captured lines of real modules, then the real AtClient reading the virtual module end to end
 * (its true multi-line framing included).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtClient } from '../../../../electron/engine/at/index.ts';
import { parseRegistration } from '../../../../electron/engine/quectel/info.ts';
import {
  parseCclk,
  parseCgdcont,
  parseCgpaddr,
  parseCopsRead,
  parseIccid,
  parseImsi,
  parseQcsq,
  parseQlts,
  parseQnwinfo,
  parseQspn,
  parseServingCell,
  readIccid,
  readImsi,
  readNetworkInfo,
  readNetworkTime,
  readOperator,
  readPdpAddresses,
  readPdpDefinitions,
  readServiceProvider,
  readServingCell,
  readSignalDetail,
} from '../../../../electron/engine/quectel/sim-card.ts';
import { createVirtualDevice, type VirtualDevice } from '../../../../electron/sim/device.ts';

describe('parsers on captured answers', () => {
  it.each<[string, () => unknown, unknown]>([
    ['QCCID padded with F (JC-LOG)', () => parseIccid(['+QCCID: 8944500307186446055F']), '8944500307186446055'],
    ['CIMI bare line', () => parseImsi(['450085614719423']), '450085614719423'],
    ['QSPN (JC-LOG)', () => parseQspn(['+QSPN: "T-Mobile","T-Mobile","Hologram",0,"310260"']), { fullName: 'T-Mobile', shortName: 'T-Mobile', spn: 'Hologram', plmn: '310260' }],
    ['COPS? registered (JC-LOG)', () => parseCopsRead(['+COPS: 0,0,"AT&T Hologram",8']), { mode: 0, operator: 'AT&T Hologram', accessTechnology: 8 }],
    ['COPS? radio off', () => parseCopsRead(['+COPS: 2']), { mode: 2, operator: undefined, accessTechnology: undefined }],
    ['QNWINFO (JC-LOG)', () => parseQnwinfo(['+QNWINFO: "EDGE","310260","GSM 1900",613']), { accessTechnology: 'EDGE', plmn: '310260', band: 'GSM 1900', channel: 613 }],
    ['QNWINFO without service', () => parseQnwinfo(['+QNWINFO: No Service']), { accessTechnology: undefined, plmn: undefined, band: undefined, channel: undefined }],
    [
      'QENG servingcell of an EG25-G (public capture)',
      () => parseServingCell(['+QENG: "servingcell","NOCONN","LTE","FDD",214,01,7676A09,188,6300,20,3,3,603,-104,-9,-78,11,23']),
      { state: 'NOCONN', rat: 'LTE', mcc: 214, mnc: '01', cellId: '7676A09', pci: 188, earfcn: 6300, band: 20, tac: '603', rsrpDbm: -104, rsrqDb: -9, rssiDbm: -78, sinrDb: 11 },
    ],
    ['QENG while searching', () => parseServingCell(['+QENG: "servingcell","SEARCH"']), expect.objectContaining({ state: 'SEARCH', rsrpDbm: undefined })],
    ['QCSQ LTE, SINR on the 1/5 dB scale', () => parseQcsq(['+QCSQ: "LTE",-65,-92,165,-10']), { mode: 'LTE', rssiDbm: -65, rsrpDbm: -92, sinrDb: 13, rsrqDb: -10 }],
    ['QCSQ GSM (JC-LOG)', () => parseQcsq(['+QCSQ: "GSM",-80']), { mode: 'GSM', rssiDbm: -80, rsrpDbm: undefined, sinrDb: undefined, rsrqDb: undefined }],
    ['CGDCONT? (JC-LOG)', () => parseCgdcont(['+CGDCONT: 1,"IP","hologram","0.0.0.0",0,0,0,0']), [{ cid: 1, type: 'IP', apn: 'hologram' }]],
    ['CGPADDR', () => parseCgpaddr(['+CGPADDR: 1,"10.76.51.180"', '+CGPADDR: 2,"0.0.0.0"']), [{ cid: 1, address: '10.76.51.180' }, { cid: 2, address: undefined }]],
    ['CGREG? (JC-LOG)', () => parseRegistration(['+CGREG: 0,4'], 'AT+CGREG?'), expect.objectContaining({ n: 0, stat: 4, registered: false })],
    ['CCLK? (JC-LOG, zone −20 quarter hours = UTC−5)', () => parseCclk(['+CCLK: "19/05/17,17:19:02-20"']).utc.toISOString(), '2019-05-17T22:19:02.000Z'],
    ['QLTS with DST inside the quotes (JC-LOG)', () => parseQlts(['+QLTS: "2019/05/20,20:07:40-20,1"']), { utc: new Date('2019-05-21T01:07:40Z'), quarterHours: -20, dst: 1 }],
    ['QLTS without network time', () => parseQlts(['+QLTS: ""']), undefined],
  ])('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });

  it.each([['+QCCID: 12AB'], ['+QCCID: ']])('refuses a malformed ICCID %j naming the command', (line) => {
    expect(() => parseIccid([line])).toThrow(/AT\+QCCID/);
  });
});

describe('reading the virtual module through the AtClient', () => {
  let device: VirtualDevice | undefined;
  let client: AtClient | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    client?.dispose();
    await device?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    [device, client, dir] = [undefined, undefined, undefined];
  });

  it('reads ICCID, IMSI, operator, cell, signal, APN, PDP address and the network time', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fieldlink-simcard-'));
    device = await createVirtualDevice({ stateDir: dir, fast: true });
    await device.host.open();
    await device.whenReady();
    client = AtClient.attach(device.host);
    expect(await readIccid(client)).toMatch(/^89823\d{14}$/);
    expect(await readImsi(client)).toMatch(/^45008\d{10}$/);
    expect(await readServiceProvider(client)).toEqual({ fullName: 'KT', shortName: 'KT', spn: '', plmn: '45008' });
    expect(await readOperator(client)).toEqual({ mode: 0, operator: 'KT', accessTechnology: 7 });
    expect(await readNetworkInfo(client)).toEqual({ accessTechnology: 'FDD LTE', plmn: '45008', band: 'LTE BAND 3', channel: 1550 });
    expect(await readServingCell(client)).toMatchObject({ state: 'NOCONN', rsrpDbm: -92, rsrqDb: -10, rssiDbm: -65, sinrDb: 13, band: 3 });
    expect(await readSignalDetail(client)).toEqual({ mode: 'LTE', rssiDbm: -65, rsrpDbm: -92, sinrDb: 13, rsrqDb: -10 });
    expect(await readPdpDefinitions(client)).toEqual([{ cid: 1, type: 'IP', apn: '' }]);
    expect(await readPdpAddresses(client)).toEqual([{ cid: 1, address: '10.64.0.2' }]);
    const clock = await readNetworkTime(client);
    expect(clock?.dst).toBe(0);
    expect(Math.abs((clock?.utc.getTime() ?? 0) - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('reads no ICCID or IMSI when the SIM is missing (+CME ERROR: 10)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'fieldlink-simcard-'));
    device = await createVirtualDevice({ stateDir: dir, fast: true, faults: ['no-sim'] });
    await device.host.open();
    await device.whenReady();
    client = AtClient.attach(device.host);
    expect(await readIccid(client)).toBeUndefined();
    expect(await readImsi(client)).toBeUndefined();
    expect(await readServiceProvider(client)).toBeUndefined();
  });
});
