// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { MqttPanel } from '../../../renderer/features/mqtt/components/MqttPanel.tsx';
import type { RunnerEvent } from '../../../shared/events.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import { failedRun, passedRun, SAMPLE_DEVICE_ID } from '../shared/sample-events.ts';

afterEach(cleanup);

const XSS = '<img src=x onerror=alert(1)>';
const section = (name: string) => screen.getByRole('region', { name });

/** A passed run cut before it ends: the live session is still running. */
const liveRun = (): RunnerEvent[] => {
  const events = passedRun();
  return events.slice(0, events.findIndex((e) => e.type === 'step-started' && e.step === 'live-session') + 1);
};

describe('MQTT panel', () => {
  it('shows the state timeline up to published, the INIT sent (pretty JSON) and the RPC received', async () => {
    const h = await renderWithStore(<MqttPanel />);
    h.emitRunner('run-1', passedRun());
    const states = [...document.querySelectorAll('.timeline-item')].map((el) => el.getAttribute('data-state'));
    expect(states).toEqual(['opening', 'open', 'connected', 'subscribed', 'published', 'closed']);
    expect(within(section('Connection')).getByText('Connected')).toBeTruthy();
    const init = within(section('INIT sent'));
    expect(init.getByText(`DDTM/UP/${SAMPLE_DEVICE_ID}`)).toBeTruthy();
    expect(document.querySelector('.mqtt-init pre')?.textContent).toBe(JSON.stringify({ v: '1.1', pt: 'INIT' }, null, 2));
    expect(document.querySelector('.mqtt-rpc pre')?.textContent).toBe(JSON.stringify({ method: 'ping' }, null, 2));
  });

  it('M2: a lost connection names the QMTSTAT reason in words', async () => {
    const h = await renderWithStore(<MqttPanel />);
    h.emitRunner('run-1', failedRun());
    const lost = document.querySelector('[data-state="lost"]') as HTMLElement;
    expect(lost.textContent).toContain('Connection lost');
    expect(lost.textContent).toContain('client sent DISCONNECT and the server closed the link');
    expect(lost.textContent).toContain('+QMTSTAT 5');
  });

  it('E3: an RPC payload with markup is shown as text', async () => {
    const h = await renderWithStore(<MqttPanel />);
    const t = 1_750_000_000_000;
    h.emitRunner('run-1', [...liveRun(), { type: 'mqtt-message', t, topic: `DDTM/RPC/${SAMPLE_DEVICE_ID}`, payload: XSS, direction: 'in' }]);
    const rpc = section('RPC messages received');
    expect(rpc.querySelector('img')).toBeNull();
    expect(rpc.textContent).toContain(XSS);
  });

  it('publishes a test message during the live session only', async () => {
    const h = await renderWithStore(<MqttPanel />);
    const button = screen.getByRole('button', { name: 'Publish' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(screen.getByText('Available during the live session.')).toBeTruthy();
    await h.run(() => h.store.actions.ports.selectPort('sim:'));
    await h.run(() => h.store.actions.run.startRun());
    h.emitRunner('run-1', liveRun());
    expect(button.disabled).toBe(false);
    fireEvent.change(screen.getByRole('textbox', { name: 'Publish a test message' }), { target: { value: '{"pt":"TEST"}' } });
    await h.run(() => fireEvent.click(button));
    expect(h.api.requests('publishTest')).toEqual([{ runId: 'run-1', payload: '{"pt":"TEST"}' }]);
    expect(screen.getByText('Test message published')).toBeTruthy();
    h.emitRunner('run-1', [{ type: 'mqtt-message', t: 1_750_000_200_000, topic: `DDTM/UP/${SAMPLE_DEVICE_ID}`, payload: '{"pt":"TEST"}', direction: 'out' }]);
    expect(screen.getByText('Messages sent')).toBeTruthy();
    expect(document.querySelector('.mqtt-publish pre')?.textContent).toBe(JSON.stringify({ pt: 'TEST' }, null, 2));
    expect(document.querySelector('.mqtt-init pre')?.textContent).toContain('"INIT"');
  });
});
