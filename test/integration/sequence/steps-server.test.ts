/**
 * server-info and calibration against the virtual TMS2 and the demo cloud's HTTPS server.
 */
import { describe, expect, it } from 'vitest';
import { calibrationStep } from '../../../electron/engine/sequence/steps/calibration.ts';
import { dataServiceStep } from '../../../electron/engine/sequence/steps/data-service.ts';
import { identifyStep } from '../../../electron/engine/sequence/steps/identify.ts';
import { serverInfoStep, httpWaitSeconds } from '../../../electron/engine/sequence/steps/server-info.ts';
import { sslConfigureStep } from '../../../electron/engine/sequence/steps/ssl-configure.ts';
import { SimRig, commandsSent, eventsOf } from '../../helpers/sim-rig.ts';

const DEVICE_ID = 'TMS2_867969066452788';
const upToServerInfo = [identifyStep, sslConfigureStep, dataServiceStep, serverInfoStep];

const rig = SimRig.perFile();

describe('server-info', () => {
  it('configures HTTP, GETs and reads the document; the MQTT password never reaches an event (K1)', async () => {
    const { result, events, runner } = await rig.run({ steps: upToServerInfo });
    expect(result.outcome).toBe('passed');
    const sent = commandsSent(events);
    expect(sent).toEqual(expect.arrayContaining(['AT+QHTTPCFG="contextid",1', 'AT+QHTTPCFG="contenttype",1', 'AT+QHTTPCFG="sslctxid",1', 'AT+QHTTPGET=80', 'AT+QHTTPREAD=80']));
    expect(sent.some((c) => /^AT\+QHTTPURL=\d+,60$/.test(c))).toBe(true);
    const { password } = await rig.kit.cloud.deviceCredentials(DEVICE_ID);
    expect(runner.context.serverInfo?.serverInfo.mqtt.password).toBe(password);
    expect(JSON.stringify(events)).not.toContain(password);
  });

  it('HTTP 404 is a server failure that quotes the module line', async () => {
    const { result } = await rig.run({ port: 'sim:http-404', steps: upToServerInfo });
    expect(result.failure).toMatchObject({ step: 'server-info', code: 'HTTP_NOT_FOUND', category: 'server', command: 'AT+QHTTPGET' });
    expect(result.failure?.moduleSaid).toMatch(/^\+QHTTPGET: 0,404/);
    expect(result.exitCategory).toBe('server');
  });

  it('a document with missing fields is rejected naming the field', async () => {
    const { result } = await rig.run({ port: 'sim:server-info-missing-fields', steps: upToServerInfo });
    expect(result.failure).toMatchObject({ code: 'SERVER_INFO_INVALID', category: 'server' });
    expect(result.failure?.meaning).toContain('serverInfo.mqtt.host');
  });

  it('a server-info document that starts with a UTF-8 BOM is accepted', async () => {
    const { result, runner } = await rig.run({ port: 'sim:server-info-bom', steps: upToServerInfo });
    expect(result.failure).toBeUndefined();
    expect(result.outcome).toBe('passed');
    expect(runner.context.serverInfo?.serverInfo.mqtt.host).toBeTruthy();
  });

  it('a body that is not JSON names the command and quotes what the module answered, like every failure', async () => {
    const { result } = await rig.run({ port: 'sim:server-info-not-json', steps: upToServerInfo, profile: { steps: { 'server-info': { retries: 0 } } } });
    expect(result.failure).toMatchObject({ step: 'server-info', code: 'SERVER_INFO_NOT_JSON', command: 'AT+QHTTPREAD=80' });
    expect(result.failure?.moduleSaid).toMatch(/^\+QHTTPGET: 0,200,\d+ \| \+QHTTPREAD: 0 \(\d+ bytes, starting "<!DOCTYPE html> <html><body><h1>…"\)$/);
  });

  it('an invalid document names the command and the module answer, but never quotes the JSON body (it holds the password)', async () => {
    const { result } = await rig.run({ port: 'sim:server-info-missing-fields', steps: upToServerInfo, profile: { steps: { 'server-info': { retries: 0 } } } });
    expect(result.failure).toMatchObject({ code: 'SERVER_INFO_INVALID', command: 'AT+QHTTPREAD=80' });
    expect(result.failure?.moduleSaid).toMatch(/^\+QHTTPGET: 0,200,\d+ \| \+QHTTPREAD: 0 \(\d+ bytes\)$/);
    const { password } = await rig.kit.cloud.deviceCredentials(DEVICE_ID);
    expect(JSON.stringify(result.failure)).not.toContain(password);
  });

  it('sizes the module waits to the profile step timeout', () => {
    expect(httpWaitSeconds(undefined)).toBe(80);
    expect(httpWaitSeconds(200_000)).toBe(80);
    expect(httpWaitSeconds(20_000)).toBe(8);
  });
});

describe('calibration', () => {
  const steps = [...upToServerInfo, calibrationStep];

  it('stores RollInfo with AT+TMSGCAL and passes within the tolerance', async () => {
    const { result, events } = await rig.run({ steps });
    expect(result.outcome).toBe('passed');
    const [calibration] = eventsOf(events, 'calibration-result');
    const mounting = (await rig.device('sim:')).state.mounting;
    expect(calibration).toMatchObject({ serverRoll: mounting.roll, serverPitch: mounting.pitch, pass: true, toleranceDeg: 2 });
    expect(calibration?.residualDeg).toBeLessThan(2);
    expect(commandsSent(events)).toEqual(expect.arrayContaining([`AT+TMSGCAL=${mounting.roll},${mounting.pitch}`, 'AT+TMSGCAL?', 'AT+TMSGS?']));
  });

  it('fails naming every number when the device is not mounted as the server says', async () => {
    // The server registers a mounting far off the real one (the kit's own provision sets the real one first).
    const provisionOff = async (ids: { imei: string; deviceId: string }) => {
      await rig.kit.provision(ids, 'sim:');
      await rig.kit.cloud.setRollInfo(ids.deviceId, { roll: 12, pitch: 8 });
    };
    const { result } = await rig.run({ steps, provision: provisionOff, profile: { steps: { calibration: { retries: 0 } } } });
    expect(result.failure).toMatchObject({ step: 'calibration', code: 'CALIBRATION_OUT_OF_TOLERANCE', category: 'device', command: 'AT+TMSGS?' });
    expect(result.failure?.meaning).toMatch(/residual tilt \d+(\.\d+)?° exceeds the tolerance 2° \(server roll 12°, pitch 8°; measured roll -?\d/);
  });
});
