/**
 * The first steps against the in-process virtual TMS2: identify, ssl-configure, data-service.
 * Each test powers on a fresh virtual device and runs only the steps it needs.
 */
import { describe, expect, it } from 'vitest';
import { dataServiceStep } from '../../../electron/engine/sequence/steps/data-service.ts';
import { identifyStep } from '../../../electron/engine/sequence/steps/identify.ts';
import { sslConfigureStep } from '../../../electron/engine/sequence/steps/ssl-configure.ts';
import { SimRig, commandsSent, eventsOf, traffic } from '../../helpers/sim-rig.ts';

const rig = SimRig.perFile();

describe('identify', () => {
  it('reads the device in the spec order and names it TMS2_<imei>', async () => {
    const { result, events } = await rig.run({ steps: [identifyStep] });
    expect(result.outcome).toBe('passed');
    const [identified] = eventsOf(events, 'device-identified');
    expect(identified).toMatchObject({ imei: '867969066452788', deviceId: 'TMS2_867969066452788', mainFw: '1.3.0', subFw: '1.1.1' });
    const sent = commandsSent(events).filter((c) => c !== 'AT');
    expect(sent).toEqual([
      'ATE0', 'AT+CMEE=2', 'ATI', 'AT+QGMR', 'AT+CGSN', 'AT+CPIN?', 'AT+CSQ', 'AT+CEREG?',
      'AT+QCCID', 'AT+CIMI', 'AT+QSPN', 'AT+COPS?', 'AT+QNWINFO', 'AT+QENG="servingcell"', 'AT+QCSQ', 'AT+CGDCONT?', 'AT+CGPADDR', 'AT+CCLK?',
      'AT+TMSVER?',
    ]);
  });

  it('carries the SIM, the cell (RSRP/RSRQ/SINR, not only RSSI), the APN and the clock skew in device-identified', async () => {
    const { result, events } = await rig.run({ steps: [identifyStep] });
    expect(result.outcome).toBe('passed');
    const [identified] = eventsOf(events, 'device-identified');
    const lines = traffic(events).flatMap((e) => (e.kind === 'line' && e.role === 'info' ? [e.text] : []));
    const said = (prefix: string) => lines.find((l) => l.startsWith(prefix)) ?? '';
    // Every value is the one the module printed, not a constant of the test.
    expect(said('+QCCID: ')).toContain(identified?.iccid);
    expect(lines).toContain(identified?.imsi);
    expect(said('+QSPN: ')).toContain(`"${identified?.operator}"`);
    expect(said('+QNWINFO: ')).toContain(`"${identified?.accessTechnology}"`);
    expect(said('+QNWINFO: ')).toContain(`"${identified?.band}"`);
    const cell = said('+QENG: "servingcell"').split(',');
    expect(cell.slice(13, 15).map(Number)).toEqual([identified?.rsrpDbm, identified?.rsrqDb]);
    expect(Number(cell[16])).toBe(identified?.sinrDb);
    expect(identified?.iccid).toMatch(/^\d{18,20}$/);
    expect(identified?.imsi).toMatch(/^\d{15}$/);
    expect(identified?.apn ?? '').toBe(said('+CGDCONT: 1,').split(',')[2]?.replaceAll('"', '')); // "" before data-service → absent
    expect(typeof identified?.clockSkewS).toBe('number');
    expect(Math.abs(identified?.clockSkewS ?? Infinity)).toBeLessThan(5);
  });

  it('fails with SIM_NOT_INSERTED and the module answer when there is no SIM', async () => {
    const { result } = await rig.run({ port: 'sim:no-sim', steps: [identifyStep] });
    expect(result.failure).toMatchObject({ step: 'identify', code: 'SIM_NOT_INSERTED', category: 'device', command: 'AT+CPIN?' });
    expect(result.failure?.moduleSaid).toMatch(/\+CME ERROR/);
    expect(result.exitCategory).toBe('device');
  });

  it('S5: a module without a SIM still identifies: device-identified is out with the SIM fields absent', async () => {
    const { events } = await rig.run({ port: 'sim:no-sim', steps: [identifyStep] });
    const [identified] = eventsOf(events, 'device-identified');
    expect(identified).toMatchObject({ imei: '867969066452788', model: expect.any(String) });
    expect(identified).not.toHaveProperty('iccid');
    expect(identified).not.toHaveProperty('imsi');
    expect(commandsSent(events)).toContain('AT+QCCID');
  });
});

describe('ssl-configure', () => {
  const steps = [identifyStep, sslConfigureStep];

  it('uploads the three files with verified checksums and binds the SSL context (K1: the key never shows)', async () => {
    const { result, events } = await rig.run({ steps });
    expect(result.outcome).toBe('passed');
    const sent = commandsSent(events);
    expect(sent.filter((c) => c.startsWith('AT+QFUPL='))).toEqual([
      expect.stringMatching(/^AT\+QFUPL="UFS:ca\.pem",\d+,10$/),
      expect.stringMatching(/^AT\+QFUPL="UFS:client\.pem",\d+,10$/),
      expect.stringMatching(/^AT\+QFUPL="UFS:client\.key",\d+,10$/),
    ]);
    expect(sent).toEqual(
      expect.arrayContaining([
        'AT+QSSLCFG="cacert",1,"UFS:ca.pem"',
        'AT+QSSLCFG="clientcert",1,"UFS:client.pem"',
        'AT+QSSLCFG="clientkey",1,"UFS:client.key"',
        'AT+QSSLCFG="seclevel",1,2',
        'AT+QSSLCFG="sslversion",1,4',
        'AT+QSSLCFG="ciphersuite",1,0xFFFF',
        'AT+QSSLCFG="ignorelocaltime",1,1',
      ]),
    );
    expect(JSON.stringify(events)).not.toContain('PRIVATE KEY');
    const keyUpload = traffic(events).find((e) => e.kind === 'data' && e.dir === 'tx' && e.text === undefined);
    expect(keyUpload).toBeDefined();
  });

  it('skips the certificates the module already holds (same size and bytes) but never reads the key back', async () => {
    await rig.run({ steps });
    const second = await rig.run({ steps });
    expect(second.result.outcome).toBe('passed');
    const uploads = commandsSent(second.events).filter((c) => c.startsWith('AT+QFUPL='));
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.every((command) => command.includes('UFS:client.key'))).toBe(true);
    const passed = eventsOf(second.events, 'step-passed').find((e) => e.step === 'ssl-configure');
    expect(passed?.summary).toContain('1 file(s) uploaded, 2 already present');
  });
});

describe('data-service', () => {
  const steps = [identifyStep, dataServiceStep];

  it('passes on +QCDS "SRV"', async () => {
    const { result, events } = await rig.run({ steps });
    expect(result.outcome).toBe('passed');
    expect(eventsOf(events, 'step-passed').at(-1)?.summary).toContain('AT+QCDS: SRV');
  });

  it('falls back to registration + an active PDP context when AT+QCDS is missing', async () => {
    const { result, events } = await rig.run({ port: 'sim:qcds-unsupported', steps });
    expect(result.outcome).toBe('passed');
    const summary = eventsOf(events, 'step-passed').at(-1)?.summary ?? '';
    expect(summary).toContain('no AT+QCDS on this firmware');
    expect(commandsSent(events)).toContain('AT+QIACT?');
  });

  it('fails as a network problem, with retries, when the module has no service', async () => {
    const { result, events } = await rig.run({ port: 'sim:not-registered', steps, profile: { steps: { 'data-service': { retries: 1 } } } });
    expect(result.failure).toMatchObject({ step: 'data-service', code: 'NO_DATA_SERVICE', category: 'network', command: 'AT+QCDS' });
    expect(result.failure?.moduleSaid).toMatch(/^\+QCDS: LIMITED/);
    expect(eventsOf(events, 'step-started').filter((e) => e.step === 'data-service')).toHaveLength(2);
  });
});
