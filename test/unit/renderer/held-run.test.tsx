// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { Wizard } from '../../../renderer/features/wizard/components/Wizard.tsx';
import { FotaDialog } from '../../../renderer/features/fota/components/FotaDialog.tsx';
import { MqttPanel } from '../../../renderer/features/mqtt/components/MqttPanel.tsx';
import type { RunnerEvent } from '../../../shared/events.ts';
import type { HeldRun } from '../../../shared/ipc.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import { passedRun } from '../shared/sample-events.ts';

afterEach(cleanup);

const stepItem = (id: string) => document.querySelector(`[data-step="${id}"]`) as HTMLElement;
const upTo = (last: (e: RunnerEvent) => boolean): RunnerEvent[] => {
  const events = passedRun();
  return events.slice(0, events.findIndex(last) + 1);
};
const logLines = (h: Awaited<ReturnType<typeof renderWithStore>>) => {
  const { buffer } = h.store.log;
  return Array.from({ length: buffer.size }, (_, k) => buffer.text(buffer.firstSeq + k));
};
const held = (events: RunnerEvent[], runId = 'run-7'): HeldRun => ({ runId, port: 'sim:', events });

describe('catching up with a run the back end holds (listRuns on start, page reload)', () => {
  it('a pending fota-offer shows the FOTA dialog again; the wizard shows the earlier steps as passed', async () => {
    const events = upTo((e) => e.type === 'fota-offer');
    const h = await renderWithStore(
      <>
        <Wizard />
        <FotaDialog />
      </>,
      { handlers: { listRuns: () => [held(events)] } },
    );
    expect(h.api.requests('listRuns')).toEqual([{}]);
    const dialog = screen.getByRole('dialog', { name: 'Firmware update: Main' });
    expect(within(dialog).getByRole('button', { name: 'Update' })).toBeTruthy();
    for (const id of ['identify', 'ssl-configure', 'server-info', 'calibration']) expect(within(stepItem(id)).getByText('Passed')).toBeTruthy();
    expect(within(stepItem('data-service')).getByText('Skipped')).toBeTruthy();
    expect(within(stepItem('fota-main')).getByText('Running')).toBeTruthy();
    expect(h.store.state.getState().run).toMatchObject({ runId: 'run-7', source: 'live', port: 'sim:', outcome: null });
    expect(h.store.state.getState().ports.selected).toBe('sim:');
    expect(logLines(h)).toContain('AT+CGSN');

    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Update' })));
    expect(h.api.requests('answerFota')).toEqual([{ runId: 'run-7', target: 'main', accept: true }]);
  });

  it('an idle live session shows its MQTT state and INIT; a FOTA step already over does not ask again', async () => {
    const events = upTo((e) => e.type === 'step-started' && e.step === 'live-session');
    const h = await renderWithStore(
      <>
        <MqttPanel />
        <FotaDialog />
      </>,
      { handlers: { listRuns: () => [held(events)] } },
    );
    expect(within(screen.getByRole('region', { name: 'Connection' })).getByText('Connected')).toBeTruthy();
    expect(document.querySelector('.mqtt-init pre')?.textContent).toBe(JSON.stringify({ v: '1.1', pt: 'INIT' }, null, 2));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(h.store.state.getState().run.steps['live-session'].status).toBe('running');
  });

  it('events that arrive before listRuns answers are not applied twice', async () => {
    const events = upTo((e) => e.type === 'step-started' && e.step === 'live-session');
    let answer: (runs: HeldRun[]) => void = () => undefined;
    const h = await renderWithStore(<MqttPanel />, { start: false, handlers: { listRuns: () => new Promise<HeldRun[]>((resolve) => (answer = resolve)) } });
    const started = h.run(() => h.store.start());
    h.api.emitRunner('run-7', ...events); // queued for the next frame, and part of the answer
    answer([held(events)]);
    await started;
    expect(h.store.state.getState().mqtt.messages).toHaveLength(1);
    expect(logLines(h).filter((line) => line === 'AT+CGSN')).toHaveLength(1);
  });

  it('leaves the screen alone when the user already started another run', async () => {
    const h = await renderWithStore(<Wizard />, { start: false, handlers: { listRuns: () => [held(upTo((e) => e.type === 'fota-offer'))] } });
    h.store.state.setState({ run: { ...h.store.state.getState().run, runId: 'run-9', source: 'live' } });
    await h.run(() => h.store.start());
    expect(h.store.state.getState().run.runId).toBe('run-9');
    expect(within(stepItem('identify')).getByText('Waiting')).toBeTruthy();
  });
});
