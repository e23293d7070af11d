/**
 * `fieldlink diagnose` against the in-process virtual TMS2: the SSL findings (certificate SHA-256
 * fingerprints on the module vs the profile's, the key only by presence and size, K1), the
 * not-provisioned / fault split of the verdict, and the number rules (weak signal, clock far off).
 */
import { describe, expect, it } from 'vitest';
import { DIAGNOSIS } from '../../../../electron/engine/sequence/diagnose/index.ts';
import { NO_PROFILE_CERT, diagnoseSsl } from '../../../../electron/engine/sequence/diagnose/ssl.ts';
import { SequenceRunner } from '../../../../electron/engine/sequence/runner.ts';
import { parseProfile } from '../../../../shared/profile.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { diagnoseVerdict } from '../../../../electron/engine/sequence/diagnose/verdict.ts';
import { networkFindings, verdictOf } from '../../../../electron/engine/sequence/diagnose/findings.ts';
import type { DeviceIdentity, RunContext } from '../../../../electron/engine/sequence/context.ts';
import { uploadFile } from '../../../../electron/engine/quectel/file.ts';
import { identifyStep } from '../../../../electron/engine/sequence/steps/identify.ts';
import { sslConfigureStep } from '../../../../electron/engine/sequence/steps/ssl-configure.ts';
import type { SequenceStep } from '../../../../electron/engine/sequence/step.ts';
import { passed } from '../../../../electron/engine/sequence/step.ts';
import { goodSet } from '../../../helpers/test-certs.ts';
import { SimRig, commandsSent, eventsOf } from '../../../helpers/sim-rig.ts';

const rig = SimRig.perFile();

/** Replaces the module's client certificate with another one, through the AT file commands. */
const swapClientCert: SequenceStep = {
  id: 'data-service',
  needs: [],
  timeoutMs: 60_000,
  retries: 0,
  async run(env) {
    await uploadFile(env.at, 'UFS:client.pem', Buffer.from(goodSet().ca));
    return passed('summary.detail', { detail: 'swapped' });
  },
};

describe('diagnose: certificates on the module vs the profile', () => {
  it('a provisioned unit: the CA and client certificate fingerprints match the profile; the key is never read back (K1)', async () => {
    await rig.run({ steps: [identifyStep, sslConfigureStep] });
    const { result, events } = await rig.run({ steps: [identifyStep, diagnoseSsl, diagnoseVerdict] });
    expect(result.outcome).toBe('passed');
    const sent = commandsSent(events);
    expect(sent).toEqual(expect.arrayContaining(['AT+QFDWL="UFS:ca.pem"', 'AT+QFDWL="UFS:client.pem"']));
    expect(sent.some((c) => c.startsWith('AT+QFDWL') && c.includes('client.key'))).toBe(false);
    const [verdict] = eventsOf(events, 'diagnosis-verdict');
    const match = verdict?.findings.find((f) => f.code === 'CERTIFICATES_MATCH');
    expect(match?.meaning).toMatch(/cacert SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2} = profile; clientcert SHA-256 .* = profile/);
    const [tls] = eventsOf(events, 'tls-setup');
    expect(tls).toBeUndefined(); // diagnose changes nothing: no ssl-configure in this run
    const summary = eventsOf(events, 'step-passed').find((e) => e.step === 'ssl-configure')?.summary ?? '';
    expect(summary).toMatch(/clientkey UFS:client\.key \(\d+ B\)/);
    expect(JSON.stringify(events)).not.toContain('PRIVATE KEY');
  }, 60_000);

  it('a client certificate that is not the profile\'s is a fault with both fingerprints', async () => {
    await rig.run({ steps: [identifyStep, sslConfigureStep] });
    const swapped = await rig.run({ steps: [identifyStep, swapClientCert] });
    expect(swapped.result.outcome).toBe('passed');
    const { result, events } = await rig.run({ steps: [identifyStep, diagnoseSsl, diagnoseVerdict], continueAfterFailure: true });
    expect(result.outcome).toBe('failed');
    expect(eventsOf(events, 'step-failed').map((e) => e.error.code)).toEqual(['DIAG_CERT_MISMATCH', 'DIAG_FAULTS']);
    const [verdict] = eventsOf(events, 'diagnosis-verdict');
    expect(verdict?.overall).toBe('fault');
    const mismatch = verdict?.findings.filter((f) => f.code === 'CERTIFICATE_MISMATCH') ?? [];
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]?.meaning).toMatch(/^client\.pem on the module is not the profile's tls\.clientCert \(module SHA-256 (\S+), profile (\S+)\)$/);
    const [, module, profile] = /module SHA-256 (\S+), profile (\S+)\)/.exec(mismatch[0]?.meaning ?? '') ?? [];
    expect(module).not.toBe(profile);
    expect(mismatch[0]?.action).toMatch(/connect sequence/);
  }, 60_000);
});

describe('diagnose without --profile', () => {
  it('a provisioned unit: certificates present but not compared (a warning, not a fault); nothing downloaded', async () => {
    await rig.run({ steps: [identifyStep, sslConfigureStep] });
    const profile = parseProfile({ ...rig.kit.profile, tls: { ...rig.kit.profile.tls, caCert: NO_PROFILE_CERT, clientCert: NO_PROFILE_CERT, clientKey: NO_PROFILE_CERT } });
    const runner = new SequenceRunner({ port: 'sim:', profile, outDir: await rig.tempDir('fl-diag-'), steps: [identifyStep, diagnoseSsl, diagnoseVerdict], continueAfterFailure: true });
    const events: RunnerEvent[] = [];
    runner.onEvent((event) => events.push(event));
    const result = await runner.start();
    await runner.close();
    expect(result.outcome).toBe('passed');
    const [verdict] = eventsOf(events, 'diagnosis-verdict');
    expect(verdict?.findings.find((f) => f.code === 'CERTIFICATES_PRESENT')).toMatchObject({ severity: 'warning', meaning: expect.stringMatching(/ca\.pem, client\.pem, client\.key.*no profile given/) });
    expect(commandsSent(events).some((c) => c.startsWith('AT+QFDWL'))).toBe(false);
  }, 60_000);
});

describe('diagnose verdict', () => {
  it('a fresh unit is "not provisioned yet" (no certificates, no calibration), not FAILED', async () => {
    const { result, events } = await rig.run({ steps: DIAGNOSIS, continueAfterFailure: true });
    expect(result.outcome).toBe('passed');
    const [verdict] = eventsOf(events, 'diagnosis-verdict');
    expect(verdict?.overall).toBe('not-provisioned');
    const bySeverity = (s: string) => verdict?.findings.filter((f) => f.severity === s).map((f) => f.code);
    expect(bySeverity('not-provisioned')).toEqual(['NO_CERTIFICATES', 'NOT_CALIBRATED']);
    expect(bySeverity('fault')).toEqual([]);
  }, 60_000);

  it('S5: no SIM is a fault with its meaning and what to do', async () => {
    const { result, events } = await rig.run({ port: 'sim:no-sim', steps: DIAGNOSIS, continueAfterFailure: true });
    expect(result.outcome).toBe('failed');
    const [verdict] = eventsOf(events, 'diagnosis-verdict');
    expect(verdict?.overall).toBe('fault');
    expect(verdict?.findings.find((f) => f.code === 'NO_SIM')).toMatchObject({ severity: 'fault', meaning: expect.stringMatching(/SIM not inserted/), action: expect.stringMatching(/insert or reseat the SIM/) });
    // Without a SIM there is no cell to measure: the signal is unknown, never "ok" (docs/uncertain-behaviour.md#no-sim-radio).
    const codes = verdict?.findings.map((f) => f.code) ?? [];
    expect(codes).toContain('SIGNAL_UNKNOWN');
    expect(codes).not.toContain('SIGNAL_OK');
    const [device] = eventsOf(events, 'device-identified');
    expect(device?.rsrpDbm).toBeUndefined();
    expect(device?.signal).toEqual({ rssi: 99, ber: 99 });
  }, 60_000);

  const identity = (status: DeviceIdentity['status'], stat = 1): DeviceIdentity => ({
    imei: '867969066452788', deviceId: 'TMS2_867969066452788', manufacturer: 'Quectel', model: 'EC21', revision: 'r', mainFw: '1', subFw: '1',
    signal: { rssi: 20, ber: 99 }, registration: { command: 'CEREG', stat }, status,
  });
  const codes = (status: DeviceIdentity['status'], stat?: number) => {
    const ctx: RunContext = {};
    networkFindings(ctx, identity(status, stat));
    return verdictOf(ctx.diagnosis ?? []).findings;
  };

  it('weak signal is a fault that gives its number; at the limit it is ok', () => {
    expect(codes({ rsrpDbm: -118, rsrqDb: -16, sinrDb: -2, clockSkewS: 0 }).find((f) => f.code === 'WEAK_SIGNAL')?.meaning).toBe(
      'weak signal: RSRP -118 dBm, RSRQ -16 dB, SINR -2 dB (needs better than RSRP -110 dBm)',
    );
    expect(codes({ rsrpDbm: -110, clockSkewS: 0 }).map((f) => f.code)).toContain('SIGNAL_OK');
    // Without RSRP the CSQ RSSI decides: rssi 5 → -103 dBm.
    const ctx: RunContext = {};
    networkFindings(ctx, { ...identity({ clockSkewS: 0 }), signal: { rssi: 5, ber: 99 } });
    expect(verdictOf(ctx.diagnosis ?? []).findings.find((f) => f.code === 'WEAK_SIGNAL')?.detail).toBe('RSSI -103 dBm');
  });

  it('M3: a module clock more than 5 min off is a fault; 300 s is not', () => {
    expect(codes({ rsrpDbm: -90, clockSkewS: -301 }).find((f) => f.code === 'CLOCK_OFF')).toMatchObject({ severity: 'fault', detail: '-301' });
    expect(codes({ rsrpDbm: -90, clockSkewS: 300 }).map((f) => f.code)).toContain('CLOCK_OK');
    expect(codes({ rsrpDbm: -90 }).find((f) => f.code === 'CLOCK_UNKNOWN')?.severity).toBe('warning');
  });

  it('not registered (searching, denied) is a fault', () => {
    expect(codes({ rsrpDbm: -90, clockSkewS: 0 }, 3).find((f) => f.code === 'NOT_REGISTERED')?.meaning).toBe('not registered on a network (CEREG stat 3, registration denied)');
  });
});
