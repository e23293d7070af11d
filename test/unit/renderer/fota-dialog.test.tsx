// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { FotaDialog } from '../../../renderer/features/fota/components/FotaDialog.tsx';
import { formatBytes } from '../../../renderer/features/fota/selectors.ts';
import type { RunnerEvent } from '../../../shared/events.ts';
import { cleanup, renderWithStore } from './harness.tsx';
import { passedRun } from '../shared/sample-events.ts';

afterEach(cleanup);

const T = 1_750_000_000_000;
const untilOffer = (): RunnerEvent[] => {
  const events = passedRun();
  return events.slice(0, events.findIndex((e) => e.type === 'fota-offer') + 1);
};

async function offered() {
  const h = await renderWithStore(
    <>
      <button type="button">outside</button>
      <FotaDialog />
    </>,
  );
  h.emitRunner('run-1', untilOffer());
  return h;
}

describe('FOTA dialog', () => {
  it('offers the update: current vs offered for main and sub, size, and "do not unplug" (F5)', async () => {
    await offered();
    const dialog = screen.getByRole('dialog', { name: 'Firmware update: Main' });
    const rows = [...dialog.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Main', 'V1.02', '1.4.0', '256 KB'],
      ['Sub', 'TMS2_S_1.1.2', '—', '—'],
    ]);
    expect(within(dialog).getByRole('note').textContent).toContain('Do not unplug the device or its power during the update.');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Update' }));
  });

  it('Update answers yes, then shows download/apply progress with speed and ETA', async () => {
    const h = await offered();
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Update' })));
    expect(h.api.requests('answerFota')).toEqual([{ runId: 'run-1', target: 'main', accept: true }]);
    h.emitRunner('run-1', [{ type: 'fota-progress', t: T, target: 'main', phase: 'download', percent: 40, bytesPerSec: 11000, etaMs: 14000 }]);
    const download = document.querySelector('[data-phase="download"]') as HTMLElement;
    expect(within(download).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    expect(download.textContent).toContain('40% · 11 KB/s · about 14 s left');
    expect(document.querySelector('[data-phase="apply"]')?.textContent).toContain('Waiting…');
    expect(screen.getByRole('note').textContent).toContain('Do not unplug');
  });

  it('shows the version confirmed after the reboot, and closes with Escape', async () => {
    const h = await offered();
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Update' })));
    h.emitRunner('run-1', [
      { type: 'fota-progress', t: T, target: 'main', phase: 'apply', percent: 100 },
      { type: 'fota-progress', t: T, target: 'main', phase: 'reboot', percent: 100 },
      { type: 'fota-result', t: T, target: 'main', before: 'V1.02', after: '1.4.0', ok: true, message: 'device reports 1.4.0' },
    ]);
    expect(screen.getByRole('status').textContent).toContain('Updated: the device now reports 1.4.0.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Escape on the offer skips the update', async () => {
    const h = await offered();
    await h.run(() => fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' }));
    expect(h.api.requests('answerFota')).toEqual([{ runId: 'run-1', target: 'main', accept: false }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a failed update says the old firmware stays (F1)', async () => {
    const h = await offered();
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Update' })));
    h.emitRunner('run-1', [{ type: 'fota-result', t: T, target: 'main', before: 'V1.02', after: 'V1.02', ok: false, message: 'sha256 mismatch' }]);
    expect(screen.getByRole('status').textContent).toContain('Update failed: sha256 mismatch. The device keeps V1.02.');
  });

  it('can be closed when the run ends mid-update without a result (cancel, lost cable)', async () => {
    const h = await offered();
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: 'Update' })));
    h.emitRunner('run-1', [{ type: 'fota-progress', t: T, target: 'main', phase: 'download', percent: 10 }]);
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.getByRole('dialog')).toBeTruthy();
    h.emitRunner('run-1', [{ type: 'run-finished', t: T, outcome: 'cancelled', exitCategory: 'aborted' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('keeps Tab inside the dialog', async () => {
    await offered();
    const skip = screen.getByRole('button', { name: 'Skip' });
    skip.focus();
    fireEvent.keyDown(skip, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Update' }));
  });
});

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [262144, '256 KB'],
    [11000, '11 KB'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
  ] as const)('%i → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
