/** Context fixtures shared by the step tests (what the earlier steps would have left). */
import type { DeviceIdentity } from '../../../../../electron/engine/sequence/context.ts';
import { parseServerInfoOrThrow, type ServerInfo } from '../../../../../shared/server-info.ts';
import { StepError } from '../../../../../electron/engine/sequence/step-error.ts';
import type { ScriptStep } from '../../../../helpers/scripted-modem.ts';
import { framed } from '../../../../helpers/at-rig.ts';

export const IMEI = '867969066452788';
export const DEVICE_ID = `TMS2_${IMEI}`;

export const IDENTITY: DeviceIdentity = {
  imei: IMEI,
  deviceId: DEVICE_ID,
  manufacturer: 'Quectel',
  model: 'EG25',
  revision: 'EG25GGBR07A08M2G_30.203.30.203',
  mainFw: '1.3.0',
  subFw: '1.1.1',
  signal: { rssi: 19, ber: 99 },
  registration: { command: 'CEREG', stat: 1 },
};

export const PASSWORD = 'broker-secret-4711';

export const SERVER_INFO_DOC = {
  serverInfo: {
    mqtt: { host: '127.0.0.1', port: 8883, ssl: true, password: PASSWORD, keepalive: 60 },
    firmware: {
      main: { version: '1.4.0', url: 'https://127.0.0.1:8443/fw/main.bin', size: 1024, sha256: 'a'.repeat(64) },
      sub: { version: '1.1.1', url: 'https://127.0.0.1:8443/fw/sub.bin', size: 512, sha256: 'b'.repeat(64) },
    },
  },
  rollInfo: { roll: 3.5, pitch: -1.2 },
};

export const SERVER_INFO: ServerInfo = parseServerInfoOrThrow(JSON.stringify(SERVER_INFO_DOC));

/** The StepError a step rejected with (fails the test when it passed or threw something else). */
export async function stepFailure(run: Promise<unknown>): Promise<StepError> {
  const error = await run.then(
    () => new Error('the step passed'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof StepError)) throw error;
  return error;
}

/** What the module answers to a successful mqtt-connect (profile defaults, SERVER_INFO's broker). */
const ok = (expect: string): ScriptStep => ({ expect, reply: framed('OK') });

export const WILL = `AT+QMTCFG="will",0,1,1,0,"DDTM/LWT/${DEVICE_ID}","{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}"`;
export const CONFIG: ScriptStep[] = [
  { expect: 'AT+QICSGP=1', reply: framed('+QICSGP: 1,"","","",0', 'OK') },
  ok('AT+QICSGP=1,3,"","","",0'),
  ok('AT+QMTCFG="pdpcid",0,1'),
  ok('AT+QMTCFG="ssl",0,1,1'),
  ok('AT+QMTCFG="version",0,4'),
  ok('AT+QMTCFG="keepalive",0,60'),
  ok(WILL),
];
export const OPEN = 'AT+QMTOPEN=0,"127.0.0.1",8883';
export const CONN = `AT+QMTCONN=0,"${DEVICE_ID}","${DEVICE_ID}","${PASSWORD}"`;
export const SUB = `AT+QMTSUB=0,1,"DDTM/RPC/${DEVICE_ID}",1`;
export const PUB = `AT+QMTPUB=0,2,1,0,"DDTM/UP/${DEVICE_ID}"`;
export const SESSION: ScriptStep[] = [
  { expect: CONN, reply: [framed('OK'), framed('+QMTCONN: 0,0,0')] },
  { expect: SUB, reply: [framed('OK'), framed('+QMTSUB: 0,1,0,1')] },
  { expect: PUB, reply: '\r\n> ' },
  { expectUntilByte: 0x1a, reply: `${framed('OK')}${framed('+QMTPUB: 0,2,0')}` },
];

