// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { Wizard } from '../../../renderer/features/wizard/components/Wizard.tsx';
import { RunControls } from '../../../renderer/features/wizard/components/RunControls.tsx';
import { cleanup, renderWithStore } from './harness.tsx';
import { failedRun, passedRun, SAMPLE_PASSWORD } from '../shared/sample-events.ts';

afterEach(cleanup);

const stepItem = (id: string) => document.querySelector(`[data-step="${id}"]`) as HTMLElement;

describe('Wizard', () => {
  it('shows the nine steps waiting before a run', async () => {
    await renderWithStore(<Wizard />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(9);
    expect(items.map((item) => item.textContent)).toEqual(expect.arrayContaining([expect.stringContaining('Open port and identify device')]));
    expect(within(stepItem('live-session')).getByText('Waiting')).toBeTruthy();
  });

  it('follows a run: running step with its current command and progress, then passed/skipped with durations', async () => {
    const h = await renderWithStore(<Wizard />);
    const events = passedRun();
    const progressAt = events.findIndex((e) => e.type === 'step-progress');
    h.emitRunner('run-1', events.slice(0, progressAt + 1));
    const ssl = stepItem('ssl-configure');
    expect(within(ssl).getByText('Running')).toBeTruthy();
    expect(within(ssl).getByText('client key → client.key')).toBeTruthy(); // progress code + values, in the UI language
    expect(within(ssl).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect(within(stepItem('identify')).getByText('1.2 s')).toBeTruthy();
    expect(within(stepItem('identify')).getByText('Passed')).toBeTruthy();

    h.emitRunner('run-1', events.slice(progressAt + 1));
    expect(within(stepItem('data-service')).getByText('Skipped')).toBeTruthy();
    expect(within(stepItem('data-service')).getByText(/AT\+QCDS unsupported/)).toBeTruthy();
    expect(within(stepItem('fota-main')).getByText('60 s')).toBeTruthy();
    expect(screen.getByText('Run passed')).toBeTruthy();
  });

  it('shows the run\'s warnings (plain http allowed, certificate dates) once each', async () => {
    const h = await renderWithStore(<Wizard />);
    const warning = { type: 'warning' as const, t: 1, code: 'INSECURE_HTTP' as const, during: 'server-info' as const, message: 'serverInfoUrl is plain http:// (allowInsecureHttp)' };
    const worded = { ...warning, message: 'firmware.main.url is plain http://', words: { key: 'warning.insecureFirmwareUrl' as const, values: { field: 'firmware.main.url' } } };
    h.emitRunner('run-1', [...passedRun().slice(0, 1), warning, { ...warning, t: 2 }, worded]);
    const list = screen.getByRole('status', { name: 'Warnings of this run' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '⚠ serverInfoUrl is plain http:// (allowInsecureHttp)',
      '⚠ firmware.main.url is plain http:// (allowInsecureHttp): the firmware image and its hash travel unencrypted',
    ]);
  });

  it('names the command being sent in the running step (last tx command)', async () => {
    const h = await renderWithStore(<Wizard />);
    const t = 1_750_000_000_000;
    h.emitRunner('run-1', [
      { type: 'run-started', t, runId: 'run-1', port: 'sim:', profileName: 'demo', startedAt: t },
      { type: 'step-started', t, step: 'identify' },
      { type: 'at-traffic', t, event: { kind: 'command', t, dir: 'tx', text: 'ATI' } },
      { type: 'at-traffic', t, event: { kind: 'command', t, dir: 'tx', text: 'AT+CGSN' } },
    ]);
    expect(within(stepItem('identify')).getByText('AT+CGSN')).toBeTruthy();
  });

  it('explains a failure (meaning, what the module said, hint) and offers Retry / Cancel / Save report', async () => {
    const h = await renderWithStore(<Wizard />);
    h.emitRunner('run-1', failedRun());
    const failed = stepItem('mqtt-connect');
    const alert = within(failed).getByRole('alert');
    expect(within(alert).getByText('broker refused: not authorised')).toBeTruthy();
    expect(within(alert).getByText('+QMTCONN: 0,0,5')).toBeTruthy();
    expect(within(alert).getByText('check the device password')).toBeTruthy();
    expect(screen.getByText('Run failed')).toBeTruthy();

    await h.run(() => fireEvent.click(within(alert).getByRole('button', { name: 'Retry from this step' })));
    expect(h.api.requests('retryRun')).toEqual([{ runId: 'run-1', fromStep: 'mqtt-connect' }]);
    expect(within(stepItem('mqtt-connect')).getByText('Waiting')).toBeTruthy();
    expect(within(stepItem('identify')).getByText('Passed')).toBeTruthy();
  });

  it('Cancel and Save report call cancelRun and getReport', async () => {
    const h = await renderWithStore(<Wizard />);
    h.api.handle('getReport', () => ({ html: '<p>report</p>', json: '{}', dir: '/tmp/r' }));
    h.emitRunner('run-1', failedRun());
    const alert = within(stepItem('mqtt-connect')).getByRole('alert');
    await h.run(() => fireEvent.click(within(alert).getByRole('button', { name: 'Cancel' })));
    expect(h.api.requests('cancelRun')).toEqual([{ runId: 'run-1' }]);
    await h.run(() => fireEvent.click(within(alert).getByRole('button', { name: 'Save report' })));
    expect(h.api.requests('getReport')).toEqual([{ runId: 'run-1' }]);
  });

  it('never shows the MQTT password, even inside the failed command (K1)', async () => {
    const h = await renderWithStore(<Wizard />);
    // The engine redacts; this run's command is as the engine would hand it after redaction.
    const events = failedRun().map((e) =>
      e.type === 'step-failed' ? { ...e, error: { ...e.error, command: e.error.command?.replace(SAMPLE_PASSWORD, '[REDACTED]') } } : e,
    );
    h.emitRunner('run-1', events);
    expect(document.body.textContent).not.toContain(SAMPLE_PASSWORD);
    expect(document.body.textContent).toContain('AT+QMTCONN');
  });
});

describe('RunControls', () => {
  it('asks for a port first, then starts the run', async () => {
    const h = await renderWithStore(<RunControls />);
    const start = screen.getByRole('button', { name: 'Start' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(screen.getByText('Choose a port first.')).toBeTruthy();
    await h.run(() => h.store.actions.ports.selectPort('sim:'));
    expect(start.disabled).toBe(false);
    await h.run(() => fireEvent.click(start));
    expect(h.api.requests('startRun')).toEqual([{ port: 'sim:', profile: 'demo', fotaPolicy: 'ask' }]);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });
});
