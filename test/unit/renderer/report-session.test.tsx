// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { ReportPanel } from '../../../renderer/features/report/components/ReportPanel.tsx';
import { OpenSessionButton } from '../../../renderer/features/session/components/OpenSessionButton.tsx';
import { Wizard } from '../../../renderer/features/wizard/components/Wizard.tsx';
import { AtLog } from '../../../renderer/features/at-log/components/AtLog.tsx';
import { parseReportJson } from '../../../shared/report.ts';
import { buildReport } from '../../../electron/engine/session/report.ts';
import { renderReportHtml } from '../../../electron/engine/session/report-html.ts';
import type { RunnerEvent } from '../../../shared/events.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import { failedRun, passedRun } from '../shared/sample-events.ts';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const XSS = '<img src=x onerror=alert(1)>';
/** The HTTP body quoted by the module in a failure: markup that must stay text (E3). */
const xssRun = (): RunnerEvent[] => failedRun(`+QHTTPREAD body: ${XSS}`);

function reportOf(events: RunnerEvent[]) {
  const report = buildReport(events);
  return { html: renderReportHtml(report, 'en'), json: JSON.stringify(report), dir: '/sessions/run-1' };
}

describe('Report view', () => {
  it('reads the real report.json format (buildReport)', () => {
    const view = parseReportJson(JSON.stringify(buildReport(passedRun())));
    expect(view.outcome).toBe('passed');
    expect(view.steps.map((s) => s.status)).toContain('skipped');
  });

  it('renders the run report from JSON: outcome, steps, failure; markup in module text stays text (E3)', async () => {
    const h = await renderWithStore(<ReportPanel />, { handlers: { getReport: () => reportOf(xssRun()) } });
    h.emitRunner('run-1', xssRun());
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Show report' })));
    const report = screen.getByRole('region', { name: 'Report' });
    expect(within(report).getByText('Run failed')).toBeTruthy();
    expect(within(report).getByText('Saved in /sessions/run-1')).toBeTruthy();
    const rows = [...report.querySelectorAll('.report-steps tbody tr')].map((tr) => tr.children[2]?.textContent);
    expect(rows.slice(0, 3)).toEqual(['Passed', 'Passed', 'Not run']);
    expect(report.textContent).toContain(XSS);
    expect(report.querySelector('img, iframe, script')).toBeNull();
  });

  it('exports the report HTML and JSON as downloads', async () => {
    const h = await renderWithStore(<ReportPanel />, { handlers: { getReport: () => reportOf(passedRun()) } });
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:fake';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    h.emitRunner('run-1', passedRun());
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Export HTML' })));
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Export JSON' })));
    expect(names).toEqual(['fieldlink-report-run-1.html', 'fieldlink-report-run-1.json']);
    expect(await blobs[0]?.text()).toContain('<!doctype html>');
    expect(JSON.parse((await blobs[1]?.text()) ?? '')).toMatchObject({ runId: 'run-1', outcome: 'passed' });
    expect(h.api.requests('getReport')).toHaveLength(1);
  });
});

describe('Opening a saved session log (support)', () => {
  it('replays the events from openSession in the wizard and the AT log', async () => {
    const events = failedRun();
    const h = await renderWithStore(
      <>
        <OpenSessionButton />
        <Wizard />
        <AtLog />
      </>,
      { handlers: { openSession: () => ({ runId: 'replay-1', events }) } },
    );
    const content = events.map((e) => JSON.stringify(e)).join('\n');
    const file = new File([content], 'session.jsonl', { type: 'application/json' });
    const input = document.getElementById('session-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { configurable: true, value: [file] });
    await h.run(async () => {
      fireEvent.change(input);
      await vi.waitFor(() => expect(h.api.requests('openSession')).toHaveLength(1));
      await vi.waitFor(() => expect(h.store.state.getState().run.source).toBe('replay'));
    });
    expect(h.api.requests('openSession')[0]).toEqual({ name: 'session.jsonl', content });
    expect(within(document.querySelector('[data-step="mqtt-connect"]') as HTMLElement).getByRole('alert').textContent).toContain('broker refused');
    expect(screen.queryByRole('button', { name: 'Retry from this step' })).toBeNull();
    expect(document.querySelector('.log-scroll')?.textContent).toContain('AT+CGSN');
    expect(screen.getByRole('button', { name: 'Leave replay' })).toBeTruthy();
  });
});
