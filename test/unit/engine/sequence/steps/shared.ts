/** Context fixtures shared by the step tests (what the earlier steps would have left). */
import type { DeviceIdentity } from '../../../../../electron/engine/sequence/context.ts';
import { parseServerInfoOrThrow, type ServerInfo } from '../../../../../shared/server-info.ts';
import { StepError } from '../../../../../electron/engine/sequence/step-error.ts';

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
      main: { version: '1.4.0', url: 'http://127.0.0.1:8080/fw/main.bin', size: 1024, sha256: 'a'.repeat(64) },
      sub: { version: '1.1.1', url: 'http://127.0.0.1:8080/fw/sub.bin', size: 512, sha256: 'b'.repeat(64) },
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
