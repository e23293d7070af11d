/**
 * The virtual module's exact bytes, as transcripts: each row is a fresh device (echo on, ATV1,
 * CMEE=1) and a list of "host sends / module answers" exchanges (docs/at-behaviour.md#line-framing,
 * #cfun, #sim-and-identity, #network-commands, #settings; JC-LOG, LJ-EG25).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startDevice, type TestDevice } from '../../../helpers/sim/device.ts';

type Exchange = readonly [send: string, answer: string];

let t: TestDevice | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function replay(exchanges: readonly Exchange[], options: Parameters<typeof startDevice>[0] = {}, boot?: string): Promise<void> {
  t = await startDevice(options, boot);
  for (const [send, answer] of exchanges) {
    await t.modem.send(send);
    await t.modem.expect(answer);
  }
}

const IMEI = '867969066452788';

describe('framing of multi-line answers and error forms', () => {
  it.each<[string, Exchange[]]>([
    ['ATI: one block, single CR LF between lines', [['ATI\r', 'ATI\r\r\nQuectel\r\nEC21\r\nRevision: EC21KLR06A04M4G\r\n\r\nOK\r\n']]],
    [
      'AT&V after AT&F (JC-LOG)',
      [
        ['AT&F\r', 'AT&F\r\r\nOK\r\n'],
        ['AT&V\r', 'AT&V\r\r\n&C: 1\r\n&D: 2\r\n&F: 0\r\n&W: 0\r\nE: 1\r\nQ: 0\r\nV: 1\r\nX: 4\r\nZ: 0\r\nS0: 0\r\nS3: 13\r\nS4: 10\r\nS5: 8\r\nS6: 2\r\nS7: 0\r\nS8: 2\r\nS10: 15\r\n\r\nOK\r\n'],
      ],
    ],
    [
      'QMTCFG test form lists every item with its range, aliauth included (LJ-EG25 family)',
      [
        [
          'AT+QMTCFG=?\r',
          'AT+QMTCFG=?\r\r\n+QMTCFG: "version",(0-5),(3,4)\r\n+QMTCFG: "pdpcid",(0-5),(1-16)\r\n+QMTCFG: "ssl",(0-5),(0,1),(0-5)\r\n+QMTCFG: "keepalive",(0-5),(0-3600)\r\n+QMTCFG: "session",(0-5),(0,1)\r\n+QMTCFG: "timeout",(0-5),(1-60),(0-10),(0,1)\r\n+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),<will_topic>,<will_message>\r\n+QMTCFG: "recv/mode",(0-5),(0,1),(0,1)\r\n+QMTCFG: "aliauth",(0-5),<product_key>,<device_name>,<device_secret>\r\n\r\nOK\r\n',
        ],
      ],
    ],
    [
      'QSSLCFG test form as the EC2x firmware prints it (LJ-EG25): dtls, alpn, psk… and its cipher list',
      [
        [
          'AT+QSSLCFG=?\r',
          'AT+QSSLCFG=?\r\r\n+QSSLCFG: "sslversion",(0-5),(0-4)\r\n+QSSLCFG: "dtls",(0-5),(0,1)\r\n+QSSLCFG: "dtlsversion",(0-5),(0,1)\r\n+QSSLCFG: "ciphersuite",(0-5),(0X0035,0X002F,0X0005,0X000A,0X003D,0XC003,0XC004,0XC005,0XC008,0XC009,0XC00A,0XC012,0XC013,0XC014,0XC00D,0XC00E,0XC00F,0XC023,0XC024,0XC025,0XC026,0XC027,0XC028,0XC029,0XC02A,0XC02F,0XC030,0XFFFF)\r\n+QSSLCFG: "cacert",(0-5),<cacertpath>\r\n+QSSLCFG: "cacertex",(0-5),<cacertexpath>\r\n+QSSLCFG: "clientcert",(0-5),<client_cert_path>\r\n+QSSLCFG: "clientkey",(0-5),<client_key_path>,<key_pwd>\r\n+QSSLCFG: "seclevel",(0-5),(0-2)\r\n+QSSLCFG: "ignorelocaltime",(0-5),(0,1)\r\n+QSSLCFG: "negotiatetime",(0-5),(10-300)\r\n+QSSLCFG: "sni",(0-5),(0,1)\r\n+QSSLCFG: "psk",(0-5),<identity>,<key>\r\n+QSSLCFG: "closetimemode",(0-5),(0,1)\r\n+QSSLCFG: "session_cache",(0-5),(0,1)\r\n+QSSLCFG: "alpn",(0-5),<protocolname>\r\n+QSSLCFG: "renegotiation",(0-5),(0,1)\r\n+QSSLCFG: "ignoremulticertchainverify",(0-5),(0,1)\r\n+QSSLCFG: "ignoreinvalidcertsign",(0-5),(0,1)\r\n+QSSLCFG: "ignorecertitem",(0-5),(0-1048575)\r\n\r\nOK\r\n',
        ],
        ['AT+QSSLCFG="alpn",2,"mqtt"\r', 'AT+QSSLCFG="alpn",2,"mqtt"\r\r\nOK\r\n'],
        ['AT+QSSLCFG="alpn",2\r', 'AT+QSSLCFG="alpn",2\r\r\n+QSSLCFG: "alpn",2,"mqtt"\r\n\r\nOK\r\n'],
        ['AT+QSSLCFG="dtls",2\r', 'AT+QSSLCFG="dtls",2\r\r\n+QSSLCFG: "dtls",2,0\r\n\r\nOK\r\n'],
      ],
    ],
    [
      'error forms command by command (JC-LOG)',
      [
        ['AT+QIACT\r', 'AT+QIACT\r\r\n\r\n\r\nOK\r\n'],
        ['AT+CGDCONT\r', 'AT+CGDCONT\r\r\nOK\r\n'],
        ['AT+CTZU\r', 'AT+CTZU\r\r\nERROR\r\n'],
        ['AT+QNWINFO?\r', 'AT+QNWINFO?\r\r\nERROR\r\n'],
        ['AT+QSSLCFG?\r', 'AT+QSSLCFG?\r\r\nERROR\r\n'],
        ['AT+CSQ?\r', 'AT+CSQ?\r\r\n+CME ERROR: 3\r\n'],
        ['AT+CCREG?\r', 'AT+CCREG?\r\r\nERROR\r\n'],
      ],
    ],
  ])('%s', async (_name, exchanges) => {
    await replay(exchanges);
  });
});

describe('echo as bytes arrive (docs/uncertain-behaviour.md#echo-per-character)', () => {
  it.each<[string, Exchange[]]>([
    ['a half-typed command is on the wire before its CR', [['AT+CS', 'AT+CS'], ['Q\r', 'Q\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n']]],
    ['backspace is echoed and edits the line', [['ATX\bI\r', 'ATX\bI\r\r\nQuectel\r\nEC21\r\nRevision: EC21KLR06A04M4G\r\n\r\nOK\r\n']]],
    [
      'a URC between the halves of a typed command comes after the first half',
      [
        ['AT+QIDNSGIP=1,"localhost"\rAT+CS', 'AT+QIDNSGIP=1,"localhost"\rAT+CS\r\nOK\r\n\r\n+QIURC: "dnsgip",0,1,0\r\n\r\n+QIURC: "dnsgip","127.0.0.1"\r\n'],
        ['Q\r', 'Q\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n'],
      ],
    ],
  ])('%s', async (_name, exchanges) => {
    await replay(exchanges);
  });
});

describe('profile, quiet mode and radio functionality', () => {
  it.each<[string, Exchange[]]>([
    [
      'AT&W stores echo off, ATZ brings it back after ATE1',
      [
        ['ATE0\r', 'ATE0\r\r\nOK\r\n'],
        ['AT&W\r', '\r\nOK\r\n'],
        ['ATE1\r', '\r\nOK\r\n'],
        ['AT\r', 'AT\r\r\nOK\r\n'],
        ['ATZ\r', 'ATZ\r\r\nOK\r\n'],
        ['AT\r', '\r\nOK\r\n'],
        ['AT&F\r', '\r\nOK\r\n'],
        ['AT\r', 'AT\r\r\nOK\r\n'],
      ],
    ],
    [
      'ATQ1 drops result codes but keeps information lines',
      [
        ['ATQ1\r', 'ATQ1\r'],
        ['AT+CSQ\r', 'AT+CSQ\r\r\n+CSQ: 24,99\r\n'],
        ['ATQ0\r', 'ATQ0\r\r\nOK\r\n'],
      ],
    ],
    [
      'AT+CFUN=0 takes radio and SIM down; AT+CFUN=1 brings them back with the SIM URCs',
      [
        ['AT+CFUN=0\r', 'AT+CFUN=0\r\r\nOK\r\n\r\n+QIURC: "pdpdeact",1\r\n'],
        ['AT+CFUN?\r', 'AT+CFUN?\r\r\n+CFUN: 0\r\n\r\nOK\r\n'],
        ['AT+COPS?\r', 'AT+COPS?\r\r\n+COPS: 2\r\n\r\nOK\r\n'],
        ['AT+CPIN?\r', 'AT+CPIN?\r\r\n+CME ERROR: 13\r\n'],
        ['AT+QCCID\r', 'AT+QCCID\r\r\n+CME ERROR: 13\r\n'],
        ['AT+CSQ\r', 'AT+CSQ\r\r\n+CSQ: 99,99\r\n\r\nOK\r\n'],
        ['AT+CEREG?\r', 'AT+CEREG?\r\r\n+CEREG: 0,0\r\n\r\nOK\r\n'],
        ['AT+CFUN=1\r', 'AT+CFUN=1\r\r\nOK\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n'],
        ['AT+COPS?\r', 'AT+COPS?\r\r\n+COPS: 0,0,"KT",7\r\n\r\nOK\r\n'],
        ['AT+QIACT?\r', 'AT+QIACT?\r\r\n+QIACT: 1,1,1,"10.64.0.2"\r\n\r\nOK\r\n'],
      ],
    ],
    [
      'AT+CFUN=4 keeps the SIM readable with the radio off',
      [
        ['AT+CFUN=4\r', 'AT+CFUN=4\r\r\nOK\r\n\r\n+QIURC: "pdpdeact",1\r\n'],
        ['AT+CPIN?\r', 'AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n'],
        ['AT+QNWINFO\r', 'AT+QNWINFO\r\r\n+QNWINFO: No Service\r\n\r\nOK\r\n'],
        ['AT+QCSQ\r', 'AT+QCSQ\r\r\n+QCSQ: "NOSERVICE"\r\n\r\nOK\r\n'],
      ],
    ],
  ])('%s', async (_name, exchanges) => {
    await replay(exchanges);
  });

  it('keeps the AT&W profile over a reboot: echo stays off after RDY', async () => {
    await replay([
      ['ATE0\r', 'ATE0\r\r\nOK\r\n'],
      ['AT&W\r', '\r\nOK\r\n'],
    ]);
    t?.device.reboot();
    await t?.modem.expect('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n');
    await t?.modem.send('AT\r');
    await t?.modem.expect('\r\nOK\r\n');
  });
});

describe('SIM and identity', () => {
  it.each<[string, Exchange[]]>([
    [
      'a healthy SIM',
      [
        ['AT+QCCID\r', 'AT+QCCID\r\r\n+QCCID: 8982309295590575937F\r\n\r\nOK\r\n'],
        ['AT+CIMI\r', 'AT+CIMI\r\r\n450085614719423\r\n\r\nOK\r\n'],
        ['AT+CNUM\r', 'AT+CNUM\r\r\n+CNUM: ,"+821259523271",145\r\n\r\nOK\r\n'],
        ['AT+QSIMSTAT?\r', 'AT+QSIMSTAT?\r\r\n+QSIMSTAT: 0,1\r\n\r\nOK\r\n'],
        ['AT+QSIMSTAT=1\r', 'AT+QSIMSTAT=1\r\r\nOK\r\n'],
        ['AT+QSIMSTAT?\r', 'AT+QSIMSTAT?\r\r\n+QSIMSTAT: 1,1\r\n\r\nOK\r\n'],
        ['AT+QINISTAT\r', 'AT+QINISTAT\r\r\n+QINISTAT: 3\r\n\r\nOK\r\n'],
        ['AT+QGSN\r', `AT+QGSN\r\r\n+QGSN: ${IMEI}\r\n\r\nOK\r\n`],
      ],
    ],
  ])('%s', async (_name, exchanges) => {
    await replay(exchanges);
  });

  it('answers +CME ERROR: 10 to SIM reads without a SIM (fault no-sim, S-faults)', async () => {
    await replay(
      [
        ['AT+QCCID\r', 'AT+QCCID\r\r\n+CME ERROR: 10\r\n'],
        ['AT+CIMI\r', 'AT+CIMI\r\r\n+CME ERROR: 10\r\n'],
        ['AT+QSIMSTAT?\r', 'AT+QSIMSTAT?\r\r\n+QSIMSTAT: 0,0\r\n\r\nOK\r\n'],
        ['AT+QINISTAT\r', 'AT+QINISTAT\r\r\n+QINISTAT: 0\r\n\r\nOK\r\n'],
      ],
      { faults: ['no-sim'] },
      '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: NOT READY\r\n\r\nAPP RDY\r\n',
    );
  });
});

describe('radio and packet domain', () => {
  it.each<[string, Exchange[]]>([
    [
      'serving cell values agree with CSQ 24 (RSSI −65 dBm) and with each other',
      [
        ['AT+CSQ\r', 'AT+CSQ\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n'],
        ['AT+QCSQ\r', 'AT+QCSQ\r\r\n+QCSQ: "LTE",-65,-92,165,-10\r\n\r\nOK\r\n'],
        ['AT+QENG="servingcell"\r', 'AT+QENG="servingcell"\r\r\n+QENG: "servingcell","NOCONN","LTE","FDD",450,08,1A2D001,153,1550,3,3,3,2B0C,-92,-10,-65,13,36\r\n\r\nOK\r\n'],
        ['AT+QNWINFO\r', 'AT+QNWINFO\r\r\n+QNWINFO: "FDD LTE","45008","LTE BAND 3",1550\r\n\r\nOK\r\n'],
        ['AT+QSPN\r', 'AT+QSPN\r\r\n+QSPN: "KT","KT","",0,"45008"\r\n\r\nOK\r\n'],
        ['AT+CGREG=2\r', 'AT+CGREG=2\r\r\nOK\r\n'],
        ['AT+CGREG?\r', 'AT+CGREG?\r\r\n+CGREG: 2,1,"2B0C","01A2D001",7\r\n\r\nOK\r\n'],
        ['AT+CEREG=2\r', 'AT+CEREG=2\r\r\nOK\r\n'],
        ['AT+CEREG?\r', 'AT+CEREG?\r\r\n+CEREG: 2,1,"2B0C","01A2D001",7\r\n\r\nOK\r\n'],
      ],
    ],
    [
      'the manual operator scan lists the operators after a while',
      [['AT+COPS=?\r', 'AT+COPS=?\r\r\n+COPS: (2,"KT","KT","45008",7),(3,"SKTelecom","SKT","45005",7),(3,"LG U+","LG U+","45006",7),,(0-4),(0-2)\r\n\r\nOK\r\n']],
    ],
    [
      'QCFG radio items: query, set, query again; iotopmode is not an EC2x item',
      [
        ['AT+QCFG="nwscanmode"\r', 'AT+QCFG="nwscanmode"\r\r\n+QCFG: "nwscanmode",0\r\n\r\nOK\r\n'],
        ['AT+QCFG="nwscanmode",3,1\r', 'AT+QCFG="nwscanmode",3,1\r\r\nOK\r\n'],
        ['AT+QCFG="nwscanmode"\r', 'AT+QCFG="nwscanmode"\r\r\n+QCFG: "nwscanmode",3\r\n\r\nOK\r\n'],
        ['AT+QCFG="NWSCANSEQ"\r', 'AT+QCFG="NWSCANSEQ"\r\r\n+QCFG: "nwscanseq",04030201\r\n\r\nOK\r\n'],
        ['AT+QCFG="nwscanseq",0403\r', 'AT+QCFG="nwscanseq",0403\r\r\nOK\r\n'],
        ['AT+QCFG="nwscan",0403\r', 'AT+QCFG="nwscan",0403\r\r\nERROR\r\n'],
        ['AT+QCFG="band"\r', 'AT+QCFG="band"\r\r\n+QCFG: "band",0x210,0xd5,0x0\r\n\r\nOK\r\n'],
        ['AT+QCFG="band",0,0x4,0,1\r', 'AT+QCFG="band",0,0x4,0,1\r\r\nOK\r\n'],
        ['AT+QCFG="band"\r', 'AT+QCFG="band"\r\r\n+QCFG: "band",0x0,0x4,0x0\r\n\r\nOK\r\n'],
        ['AT+QCFG="iotopmode"\r', 'AT+QCFG="iotopmode"\r\r\nERROR\r\n'],
      ],
    ],
    [
      'PDP contexts through the 3GPP commands',
      [
        ['AT+CGDCONT=2,"IPV4V6","internet"\r', 'AT+CGDCONT=2,"IPV4V6","internet"\r\r\nOK\r\n'],
        ['AT+CGDCONT?\r', 'AT+CGDCONT?\r\r\n+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0\r\n+CGDCONT: 2,"IPV4V6","internet","0.0.0.0",0,0,0,0\r\n\r\nOK\r\n'],
        ['AT+CGACT?\r', 'AT+CGACT?\r\r\n+CGACT: 1,1\r\n+CGACT: 2,0\r\n\r\nOK\r\n'],
        ['AT+CGACT=1,2\r', 'AT+CGACT=1,2\r\r\nOK\r\n'],
        ['AT+CGPADDR\r', 'AT+CGPADDR\r\r\n+CGPADDR: 1,"10.64.0.2"\r\n+CGPADDR: 2,"10.64.2.2"\r\n\r\nOK\r\n'],
        ['AT+CGPADDR=2\r', 'AT+CGPADDR=2\r\r\n+CGPADDR: 2,"10.64.2.2"\r\n\r\nOK\r\n'],
        ['AT+CGATT?\r', 'AT+CGATT?\r\r\n+CGATT: 1\r\n\r\nOK\r\n'],
        ['AT+CGATT=0\r', 'AT+CGATT=0\r\r\nOK\r\n\r\n+QIURC: "pdpdeact",1\r\n\r\n+QIURC: "pdpdeact",2\r\n'],
        ['AT+CGATT?\r', 'AT+CGATT?\r\r\n+CGATT: 0\r\n\r\nOK\r\n'],
        ['AT+CEER\r', 'AT+CEER\r\r\n+CEER: "Regular deactivation"\r\n\r\nOK\r\n'],
        ['AT+CPAS\r', 'AT+CPAS\r\r\n+CPAS: 0\r\n\r\nOK\r\n'],
      ],
    ],
    [
      'DNS through the module: hosts table name and a failure (565)',
      [
        ['AT+QIDNSGIP=1,"api.demo.test"\r', 'AT+QIDNSGIP=1,"api.demo.test"\r\r\nOK\r\n\r\n+QIURC: "dnsgip",0,1,0\r\n\r\n+QIURC: "dnsgip","127.0.0.1"\r\n'],
        ['AT+QIDNSGIP=1,"no-such-host.invalid"\r', 'AT+QIDNSGIP=1,"no-such-host.invalid"\r\r\nOK\r\n\r\n+QIURC: "dnsgip",565\r\n'],
        ['AT+QIDNSGIP=5,"api.demo.test"\r', 'AT+QIDNSGIP=5,"api.demo.test"\r\r\nOK\r\n\r\n+QIURC: "dnsgip",561\r\n'],
      ],
    ],
  ])('%s', async (_name, exchanges) => {
    await replay(exchanges, { hosts: { 'api.demo.test': '127.0.0.1' } });
  });

  it('QPING: one +QPING per echo with the resolved address, then the summary (docs/uncertain-behaviour.md#qping-emulation)', async () => {
    await replay([['AT+QPING=1,"localhost",2,3\r', 'AT+QPING=1,"localhost",2,3\r\r\nOK\r\n']]);
    const text = await t!.modem.readUntil(/\+QPING: 0,3,\d,\d,\d+,\d+,\d+\r\n/);
    const lines = text.split('\r\n').filter((line) => line !== '');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(0, 3)) expect(line).toMatch(/^\+QPING: 0,"127\.0\.0\.1",32,\d+,255$/);
    expect(lines[3]).toMatch(/^\+QPING: 0,3,3,0,\d+,\d+,\d+$/);
  });

  it('QPING to a host that does not resolve ends with 565', async () => {
    await replay([['AT+QPING=1,"no-such-host.invalid"\r', 'AT+QPING=1,"no-such-host.invalid"\r\r\nOK\r\n\r\n+QPING: 565\r\n']]);
  });
});

describe('settings', () => {
  it.each<[string, Exchange[]]>([
    [
      'UART, character set, time zone, URC port, indications, sleep, temperature, ADC',
      [
        ['AT+IPR?\r', 'AT+IPR?\r\r\n+IPR: 115200\r\n\r\nOK\r\n'],
        ['AT+IPR=9600\r', 'AT+IPR=9600\r\r\nOK\r\n'],
        ['AT+IPR=12345\r', 'AT+IPR=12345\r\r\nERROR\r\n'],
        ['AT+ICF?\r', 'AT+ICF?\r\r\n+ICF: 3,1\r\n\r\nOK\r\n'],
        ['AT+IFC=2,2\r', 'AT+IFC=2,2\r\r\nOK\r\n'],
        ['AT+IFC?\r', 'AT+IFC?\r\r\n+IFC: 2,2\r\n\r\nOK\r\n'],
        ['AT+CSCS="IRA"\r', 'AT+CSCS="IRA"\r\r\nOK\r\n'],
        ['AT+CSCS?\r', 'AT+CSCS?\r\r\n+CSCS: "IRA"\r\n\r\nOK\r\n'],
        ['AT+CTZU=1\r', 'AT+CTZU=1\r\r\nOK\r\n'],
        ['AT+CTZU?\r', 'AT+CTZU?\r\r\n+CTZU: 1\r\n\r\nOK\r\n'],
        ['AT+QURCCFG="urcport"\r', 'AT+QURCCFG="urcport"\r\r\n+QURCCFG: "urcport","usbat"\r\n\r\nOK\r\n'],
        ['AT+QINDCFG="csq",1\r', 'AT+QINDCFG="csq",1\r\r\nOK\r\n'],
        ['AT+QINDCFG="csq"\r', 'AT+QINDCFG="csq"\r\r\n+QINDCFG: "csq",1\r\n\r\nOK\r\n'],
        ['AT+QSCLK=1\r', 'AT+QSCLK=1\r\r\nOK\r\n'],
        ['AT+QSCLK?\r', 'AT+QSCLK?\r\r\n+QSCLK: 1\r\n\r\nOK\r\n'],
        ['AT+QTEMP\r', 'AT+QTEMP\r\r\n+QTEMP: 31,29,29\r\n\r\nOK\r\n'],
        ['AT+QADC=0\r', 'AT+QADC=0\r\r\n+QADC: 1,1266\r\n\r\nOK\r\n'],
      ],
    ],
    [
      'URCs go to the port AT+QURCCFG names: none reach this one after "uart1"',
      [
        // Context 16 is not active: the lookup's URC (561) is generated at once, so it cannot arrive
        // after the URC port is switched back (a real lookup's would, on a slow host).
        ['AT+QURCCFG="urcport","uart1"\r', 'AT+QURCCFG="urcport","uart1"\r\r\nOK\r\n'],
        ['AT+QIDNSGIP=16,"localhost"\r', 'AT+QIDNSGIP=16,"localhost"\r\r\nOK\r\n'],
        ['AT+QURCCFG="urcport","usbat"\r', 'AT+QURCCFG="urcport","usbat"\r\r\nOK\r\n'],
        ['AT+QIDNSGIP=16,"localhost"\r', 'AT+QIDNSGIP=16,"localhost"\r\r\nOK\r\n\r\n+QIURC: "dnsgip",561\r\n'],
        ['AT+QIDNSGIP=1,"localhost"\r', 'AT+QIDNSGIP=1,"localhost"\r\r\nOK\r\n\r\n+QIURC: "dnsgip",0,1,0\r\n\r\n+QIURC: "dnsgip","127.0.0.1"\r\n'],
      ],
    ],
  ])('%s', async (_name, exchanges) => {
    await replay(exchanges);
  });
});
