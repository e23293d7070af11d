// @vitest-environment happy-dom
/**
 * The diagnose screen against a FakeApi and the real store: the Diagnose button on the chosen port
 * starts a diagnosis, the screen follows the diagnosis channel (never the wizard's run), shows the
 * device header and the verdict — "not provisioned yet" as an info banner, a fault in red — and
 * each finding's meaning and action in the chosen language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import type { DiagnosisVerdict, RunnerEvent } from '../../../shared/events.ts';
import { describeFinding, type FindingCode, type FindingValues } from '../../../shared/diagnosis.ts';
import { STEP_IDS } from '../../../shared/steps.ts';
import { App } from '../../../renderer/app/App.tsx';
import { cleanup, renderWithStore } from './harness.tsx';
import type { Harness } from './harness.tsx';

afterEach(cleanup);

const T0 = 1_750_000_000_000;

function finding(code: FindingCode, values: FindingValues, detail?: string): DiagnosisVerdict['findings'][number] {
  const words = describeFinding(code, values, 'en');
  return { code, severity: words.severity, meaning: words.meaning, action: words.action, values, ...(detail ? { detail } : {}) };
}

function diagnosisEvents(port: string, findings: DiagnosisVerdict['findings'], overall: DiagnosisVerdict['overall']): RunnerEvent[] {
  const events: RunnerEvent[] = [{ type: 'run-started', t: T0, runId: 'diag-1', port, profileName: 'diagnose', startedAt: T0 }];
  events.push({ type: 'step-started', t: T0 + 1, step: 'identify' });
  events.push({
    type: 'device-identified', t: T0 + 2, imei: '867969066452788', deviceId: 'TMS2_867969066452788', manufacturer: 'Quectel', model: 'EC21', revision: 'EC21KLR06A04M4G', mainFw: '1.3.0', subFw: '1.1.1',
    iccid: '8982309295590575937', imsi: '450085614719423', operator: 'KT', plmn: '45008', accessTechnology: 'FDD LTE', band: 'LTE BAND 3', rsrpDbm: -92, rsrqDb: -10, sinrDb: 13,
    apn: 'lte.ktfwing.com', pdpAddress: '10.64.0.2', clockSkewS: 0, registration: { command: 'CEREG', stat: 1 }, signal: { rssi: 24, ber: 99 },
  });
  events.push({ type: 'step-passed', t: T0 + 3, step: 'identify', durationMs: 2600, summary: 'TMS2_867969066452788' });
  for (const step of STEP_IDS.slice(1, -1)) events.push({ type: 'step-started', t: T0 + 4, step }, { type: 'step-passed', t: T0 + 5, step, durationMs: 100, summary: 'read' });
  events.push({ type: 'step-started', t: T0 + 6, step: 'live-session' });
  events.push({ type: 'diagnosis-verdict', t: T0 + 7, overall, findings });
  events.push({ type: 'run-finished', t: T0 + 8, outcome: overall === 'fault' ? 'failed' : 'passed', exitCategory: overall === 'fault' ? 'device' : 'ok' });
  return events;
}

async function diagnose(h: Harness, port: string): Promise<void> {
  await h.run(() => h.store.actions.ports.selectPort(port));
  fireEvent.click(screen.getByRole('button', { name: 'Diagnose' }));
  await h.run(async () => undefined);
}

const emitDiagnosis = (h: Harness, events: readonly RunnerEvent[], runId = 'diag-1') => h.emit(...events.map((event) => ({ channel: 'diagnosis' as const, runId, event })));

describe('Diagnose', () => {
  it('a fresh unit: the button diagnoses the chosen port; device header, "Not provisioned yet" as an info banner, findings with what to do', async () => {
    const h = await renderWithStore(<App />);
    await diagnose(h, 'sim:');
    expect(h.api.requests('startDiagnosis')).toEqual([{ port: 'sim:', profile: 'demo' }]);
    expect(screen.getByRole('region', { name: 'Diagnosis of sim:' })).toBeTruthy();

    const findings = [
      finding('SIM_READY', { iccid: '8982309295590575937' }),
      finding('REGISTERED', { operator: 'KT', registration: 'CEREG stat 1, home network' }, 'CEREG stat 1, home network'),
      finding('NO_CERTIFICATES', { ctx: 1 }),
      finding('NOT_CALIBRATED', { measured: 'measured roll -3.51°, pitch -5.05°' }),
    ];
    emitDiagnosis(h, diagnosisEvents('sim:', findings, 'not-provisioned'));
    const verdict = document.querySelector('.verdict-banner') as HTMLElement;
    expect(verdict.className).toContain('verdict-not-provisioned');
    expect(verdict.className).not.toContain('verdict-fault');
    expect(within(verdict).getByText('Not provisioned yet')).toBeTruthy();
    expect(verdict.textContent).toContain('normal for a new unit; no fault found');
    expect(verdict.getAttribute('role')).toBe('status');

    // The device header: the device card's facts.
    const device = screen.getByRole('region', { name: 'Device' });
    for (const text of ['8982309295590575937', '450085614719423', 'KT · 45008', 'FDD LTE · LTE BAND 3', 'RSRP -92 dBm · RSRQ -10 dB · SINR 13 dB', 'home network', 'lte.ktfwing.com', '10.64.0.2']) {
      expect(device.textContent).toContain(text);
    }
    const certs = document.querySelector('[data-code="NO_CERTIFICATES"]') as HTMLElement;
    expect(certs.textContent).toContain('no certificates on the module yet (SSL context 1)');
    expect(certs.textContent).toContain('normal for a new unit: the connect sequence (fieldlink run) uploads and binds them');
    expect(document.querySelector('[data-diagnose-step="identify"]')?.textContent).toContain('Passed');

    // The diagnosis never became the wizard's run.
    expect(h.store.state.getState().run.runId).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Back to the run' }));
    expect(screen.queryByRole('region', { name: 'Diagnosis of sim:' })).toBeNull();
    expect(screen.getByRole('tablist')).toBeTruthy();
  });

  it('a fault (no SIM) is a red banner; each finding shows its meaning and action in Korean after the language changes', async () => {
    const h = await renderWithStore(<App />);
    await diagnose(h, 'sim:no-sim');
    const findings = [
      finding('NO_SIM', { detail: 'SIM not inserted (SIM_NOT_INSERTED)' }, 'SIM not inserted (SIM_NOT_INSERTED)'),
      finding('NOT_REGISTERED', { registration: 'CREG stat 0, not searching' }, 'CREG stat 0, not searching'),
      finding('SIGNAL_UNKNOWN', {}),
      finding('NO_CERTIFICATES', { ctx: 1 }),
    ];
    emitDiagnosis(h, diagnosisEvents('sim:no-sim', findings, 'fault'));
    const verdict = document.querySelector('.verdict-banner') as HTMLElement;
    expect(verdict.className).toContain('verdict-fault');
    expect(verdict.textContent).toContain('Fault');
    expect(verdict.textContent).toContain('2 fault(s) · 1 warning(s) · 1 not provisioned yet · 0 OK');
    // Faults first.
    expect([...document.querySelectorAll('.finding')].map((li) => li.getAttribute('data-code'))).toEqual(['NO_SIM', 'NOT_REGISTERED', 'SIGNAL_UNKNOWN', 'NO_CERTIFICATES']);
    const noSim = document.querySelector('[data-code="NO_SIM"]') as HTMLElement;
    expect(noSim.textContent).toContain('insert or reseat the SIM card');
    expect(noSim.textContent).toContain('SIM not inserted (SIM_NOT_INSERTED)');

    await h.run(() => h.store.actions.settings.setLanguage('ko'));
    const ko = document.querySelector('[data-code="NO_SIM"]') as HTMLElement;
    expect(ko.textContent).toContain('사용할 수 있는 SIM이 없습니다: SIM not inserted (SIM_NOT_INSERTED)');
    expect(ko.textContent).toContain('SIM 카드를 넣거나 다시 장착');
    expect(ko.textContent).toContain('고장');
    expect(document.querySelector('.verdict-banner')?.textContent).toContain('고장 — fault 항목을 조치하세요');
    expect(document.querySelector('[data-diagnose-step="live-session"]')?.textContent).toContain('판정');
  });

  it('ignores the events of another diagnosis; Cancel goes to cancelRun with the diagnosis id', async () => {
    const h = await renderWithStore(<App />);
    await diagnose(h, 'sim:');
    const started: RunnerEvent = { type: 'run-started', t: T0, runId: 'diag-1', port: 'sim:', profileName: 'diagnose', startedAt: T0 };
    emitDiagnosis(h, [started, { type: 'step-started', t: T0 + 1, step: 'identify' }]);
    emitDiagnosis(h, [{ type: 'step-failed', t: T0 + 2, step: 'identify', durationMs: 1, error: { code: 'PORT_BUSY', category: 'device', meaning: 'x', hint: 'y' } }], 'other-diagnosis');
    expect(document.querySelector('[data-diagnose-step="identify"]')?.textContent).toContain('Running');
    expect(h.store.state.getState().run.runId).toBeNull(); // the wizard's run is untouched
    fireEvent.click(within(screen.getByRole('region', { name: 'Diagnosis of sim:' })).getByRole('button', { name: 'Cancel' }));
    await h.run(async () => undefined);
    expect(h.api.requests('cancelRun')).toEqual([{ runId: 'diag-1' }]);
  });
});
