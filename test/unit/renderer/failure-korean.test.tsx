// @vitest-environment happy-dom
/**
 * A failure carries its code and values; the wizard's failure details and the report view render
 * its words from the catalogue in the UI language (Korean in the Korean UI, English in the
 * English UI), and fall back to the English words the event carries for a code this version
 * does not know.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { Wizard } from '../../../renderer/features/wizard/components/Wizard.tsx';
import { ReportPanel } from '../../../renderer/features/report/components/ReportPanel.tsx';
import { buildReport } from '../../../electron/engine/session/report.ts';
import { renderReportHtml } from '../../../electron/engine/session/report-html.ts';
import { describeFailure } from '../../../electron/engine/sequence/failures.ts';
import { StepError } from '../../../electron/engine/sequence/step-error.ts';
import { failureText, type RunnerEvent, type StepFailure } from '../../../shared/events.ts';
import type { Language } from '../../../shared/steps.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import { failedRun } from '../shared/sample-events.ts';

afterEach(cleanup);

/** The runner's own words for an S2 failure (another device on the port), Korean included. */
const deviceChanged: StepFailure = describeFailure(new StepError('DEVICE_CHANGED', { found: '861234567890123', expected: '869876543210987' }), {
  step: 'mqtt-connect',
  port: '/dev/ttyUSB2',
}).failure;

const KO_MEANING = '포트에 다른 장치가 다시 연결되었습니다 (IMEI 861234567890123, 예상 869876543210987)';
const KO_HINT = '원래 장치를 다시 연결하거나 새 실행을 시작하세요';
const EN_MEANING = 'the port came back with another device (IMEI 861234567890123, expected 869876543210987)';
const EN_HINT = 'reconnect the original device or start a new run';

const runFailingWith = (error: StepFailure): RunnerEvent[] => failedRun().map((e) => (e.type === 'step-failed' ? { ...e, error } : e));

async function failureAlert(language: Language, error: StepFailure): Promise<HTMLElement> {
  const h = await renderWithStore(<Wizard />, { settings: { language } });
  h.emitRunner('run-1', runFailingWith(error));
  return within(document.querySelector('[data-step="mqtt-connect"]') as HTMLElement).getByRole('alert');
}

describe('failure details in the UI language (S2)', () => {
  it('shows the Korean meaning and hint in the Korean UI', async () => {
    expect(failureText(deviceChanged, 'ko')).toEqual({ meaning: KO_MEANING, hint: KO_HINT });
    const alert = await failureAlert('ko', deviceChanged);
    expect(alert.querySelector('.failure-meaning')?.textContent).toContain(KO_MEANING);
    expect(alert.querySelector('.failure-hint')?.textContent).toContain(KO_HINT);
    expect(alert.textContent).not.toContain(EN_MEANING);
    expect(alert.textContent).not.toContain(EN_HINT);
  });

  it('shows the English meaning and hint in the English UI', async () => {
    const alert = await failureAlert('en', deviceChanged);
    expect(alert.querySelector('.failure-meaning')?.textContent).toContain(EN_MEANING);
    expect(alert.querySelector('.failure-hint')?.textContent).toContain(EN_HINT);
    expect(alert.textContent).not.toContain(KO_MEANING);
  });

  it('falls back to the English words the event carries for a code the catalogue does not know', async () => {
    const fromNewerVersion: StepFailure = { ...deviceChanged, code: 'SOME_FUTURE_CODE' };
    const alert = await failureAlert('ko', fromNewerVersion);
    expect(alert.querySelector('.failure-meaning')?.textContent).toContain(EN_MEANING);
    expect(alert.querySelector('.failure-hint')?.textContent).toContain(EN_HINT);
  });
});

describe('report view in the UI language', () => {
  async function shownReport(language: Language): Promise<HTMLElement> {
    const events = runFailingWith(deviceChanged);
    const report = buildReport(events);
    const h = await renderWithStore(<ReportPanel />, {
      settings: { language },
      handlers: { getReport: () => ({ html: renderReportHtml(report, language), json: JSON.stringify(report), dir: '/sessions/run-1' }) },
    });
    h.emitRunner('run-1', events);
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: language === 'ko' ? '보고서 보기' : 'Show report' })));
    return document.querySelector('.report-body') as HTMLElement;
  }

  it('shows the Korean failure words in the Korean UI, also as the failed step detail', async () => {
    const body = await shownReport('ko');
    expect(within(body.querySelector('.failure') as HTMLElement).getByText(KO_HINT)).toBeTruthy();
    expect(body.querySelector('.report-step.report-failed')?.textContent).toContain(KO_MEANING);
    expect(body.textContent).not.toContain(EN_HINT);
  });

  it('shows the English failure words in the English UI', async () => {
    const body = await shownReport('en');
    expect(within(body.querySelector('.failure') as HTMLElement).getByText(EN_HINT)).toBeTruthy();
    expect(body.querySelector('.report-step.report-failed')?.textContent).toContain(EN_MEANING);
    expect(body.textContent).not.toContain(KO_HINT);
  });
});
