// @vitest-environment happy-dom
/**
 * Support bundles in the renderer: "Open bundle…" uploads the zip's bytes and shows the replay with
 * its summary on top (what changed, the failure in the reader's language with its hint, the device
 * header as it was), the jump to the failing command marks that line of the AT log, the scrubber
 * replays the run up to a moment; a refused or tampered bundle names the file and the kind, in
 * English and Korean; "Save support bundle" downloads the zip the back end answers with.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import { BundleSummary } from '../../../renderer/features/bundle/components/BundleSummary.tsx';
import { OpenBundleButton } from '../../../renderer/features/bundle/components/OpenBundleButton.tsx';
import { SaveBundleButton } from '../../../renderer/features/bundle/components/SaveBundleButton.tsx';
import { AtLog } from '../../../renderer/features/at-log/components/AtLog.tsx';
import { Wizard } from '../../../renderer/features/wizard/components/Wizard.tsx';
import { SessionDigest } from '../../../electron/support/session-digest.ts';
import { whatChanged } from '../../../electron/support/what-changed.ts';
import { IPC_METHODS } from '../../../shared/ipc.ts';
import type { IpcResponse } from '../../../shared/ipc.ts';
import type { RunnerEvent } from '../../../shared/events.ts';
import { formatMessage } from '../../../shared/messages/index.ts';
import { failedRun, SAMPLE_DEVICE_ID, SAMPLE_IMEI, SAMPLE_PASSWORD } from '../shared/sample-events.ts';
import { finished, makeRecord } from '../../integration/store/records.ts';
import { cleanup, renderWithStore } from './harness.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const COMMAND = `AT+QMTCONN=0,"${SAMPLE_DEVICE_ID}","${SAMPLE_DEVICE_ID}","[REDACTED]"`;

/** A failed run as its (redacted) session log holds it, with the AT traffic of the failing command. */
function bundledRun(): RunnerEvent[] {
  const events = failedRun();
  const at = events.findIndex((e) => e.type === 'step-failed');
  const failedAt = events[at]?.t ?? 0;
  const traffic: RunnerEvent[] = [
    { type: 'at-traffic', t: failedAt - 30, event: { kind: 'command', t: failedAt - 30, dir: 'tx', text: 'AT+QMTOPEN=0,"127.0.0.1",8883' } },
    { type: 'at-traffic', t: failedAt - 20, event: { kind: 'command', t: failedAt - 20, dir: 'tx', text: COMMAND } },
    { type: 'at-traffic', t: failedAt - 10, event: { kind: 'line', t: failedAt - 10, dir: 'rx', text: '+QMTCONN: 0,0,5', role: 'urc' } },
  ];
  const redacted = events.map((e) => (e.type === 'step-failed' ? { ...e, error: { ...e.error, command: COMMAND } } : e));
  return [...redacted.slice(0, at), ...traffic, ...redacted.slice(at)];
}

/** The answer of openSupportBundle for that run, made by the back end's own digest and comparison. */
function openedAnswer(events: RunnerEvent[]): IpcResponse<'openSupportBundle'> {
  const digest = new SessionDigest();
  for (const event of events) digest.addLine(JSON.stringify(event));
  const d = digest.data;
  const runId = d.runId ?? 'run';
  const passed = finished(makeRecord({ imei: SAMPLE_IMEI, startedAt: (d.startedAt ?? 0) - 86_400_000 }), 'passed', {
    firmware: { mainBefore: '01.000', mainAfter: null, subBefore: '01.000', subAfter: null },
  });
  const failed = finished(makeRecord({ imei: SAMPLE_IMEI, runId, startedAt: d.startedAt ?? 0 }), 'failed', {
    firmware: { mainBefore: '01.001', mainAfter: null, subBefore: '01.000', subAfter: null },
  });
  const answer = {
    status: 'opened',
    runId,
    events,
    summary: {
      name: 'unit.zip',
      createdAt: Date.UTC(2026, 11, 2, 9, 0, 0),
      files: 9,
      imei: SAMPLE_IMEI,
      runId,
      outcome: d.outcome,
      changes: whatChanged([passed, failed], runId),
      device: d.device,
      failure: d.failure,
      versions: { app: '0.1.0', module: 'Quectel EC21', firmwareMain: '01.001', firmwareSub: '01.000' },
      notes: ['profile: the demo profile exists only while its run lasts'],
    },
  };
  return IPC_METHODS.openSupportBundle.response.parse(answer);
}

const zipFile = (bytes: Uint8Array, name = 'unit.zip') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/zip' });

describe('Open bundle…', () => {
  it('uploads the zip, replays the run and shows what changed, the failure with its hint, the device; the jump marks the failing command', async () => {
    const events = bundledRun();
    const uploads: { name: string; base64: string }[] = [];
    const h = await renderWithStore(
      <>
        <OpenBundleButton />
        <BundleSummary />
        <Wizard />
        <AtLog />
      </>,
      {
        handlers: {
          openSupportBundle: ({ upload }) => {
            if (upload) uploads.push(upload);
            return openedAnswer(events);
          },
        },
      },
    );
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256); // more than one chunk of the encoder
    const input = document.getElementById('bundle-file') as HTMLInputElement;
    await h.run(async () => {
      fireEvent.change(input, { target: { files: [zipFile(bytes)] } });
      await vi.waitFor(() => expect(h.store.state.getState().bundle.opened).not.toBeNull());
    });
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.name).toBe('unit.zip');
    expect(new Uint8Array(Buffer.from(uploads[0]?.base64 ?? '', 'base64'))).toEqual(bytes);

    const summary = screen.getByRole('region', { name: 'Support bundle unit.zip' });
    expect(summary.textContent).toContain('bundle verified: 9 files match the manifest');
    const changes = within(summary).getByRole('table');
    expect(changes.querySelector('[data-field="firmware-main"]')?.textContent).toContain('01.001');
    const failure = summary.querySelector('.bundle-failure') as HTMLElement;
    expect(failure.dataset.code).toBe('MQTT_CONN_REFUSED');
    expect(failure.textContent).toContain('What to do');
    expect(failure.textContent).toContain(COMMAND);
    expect(failure.textContent).not.toContain(SAMPLE_PASSWORD);
    expect(summary.textContent).toContain(SAMPLE_DEVICE_ID);
    // The replay is on screen like an opened session log: the wizard shows the failed step.
    expect(h.store.state.getState().run.source).toBe('replay');
    expect(document.querySelector('[data-step="mqtt-connect"]')?.className).toContain('step-failed');

    await h.run(() => fireEvent.click(within(summary).getByRole('button', { name: 'Jump to the failing command in the AT log' })));
    expect(h.store.state.getState().tab).toBe('log');
    const hit = document.querySelector('.log-row-hit');
    expect(hit?.textContent).toContain('AT+QMTCONN=0');
    expect(h.store.state.getState().log.jump).toBeNull();

    // In Korean: the failure's words come from the Korean catalogue.
    await h.run(() => h.store.actions.settings.setLanguage('ko'));
    const korean = screen.getByRole('region', { name: '지원 번들 unit.zip' });
    expect(korean.textContent).toContain('마지막으로 작동한 이후 바뀐 점');
    expect(korean.textContent).toContain('조치');
    expect(korean.textContent).toContain('AT 로그에서 실패한 명령으로 이동');
  });

  it('the scrubber shows the run as it was at an earlier moment, and back at the end', async () => {
    const events = bundledRun();
    const h = await renderWithStore(
      <>
        <OpenBundleButton />
        <BundleSummary />
        <Wizard />
      </>,
      { handlers: { openSupportBundle: () => openedAnswer(events) } },
    );
    await h.run(() => h.store.actions.bundle.openBundleFile(zipFile(new Uint8Array([1, 2, 3]))));
    const range = screen.getByRole('slider');
    const started = events.findIndex((e) => e.type === 'step-started' && e.step === 'mqtt-connect') + 1;
    await h.run(() => fireEvent.change(range, { target: { value: String(started) } }));
    expect(document.querySelector('[data-step="mqtt-connect"]')?.className).toContain('step-running');
    expect(screen.getByText(`Event ${started} of ${events.length}`, { exact: false })).toBeTruthy();
    await h.run(() => fireEvent.change(range, { target: { value: String(events.length) } }));
    expect(document.querySelector('[data-step="mqtt-connect"]')?.className).toContain('step-failed');
    expect(h.store.state.getState().bundle.position).toBeNull();
  });

  it('a tampered bundle names the file, in English and in Korean; nothing is replayed', async () => {
    const h = await renderWithStore(<OpenBundleButton />, {
      handlers: { openSupportBundle: () => ({ status: 'invalid', name: 'unit.zip', problem: { kind: 'tampered', file: 'session.jsonl', secretKind: null } }) },
    });
    expect(await h.run(() => h.store.actions.bundle.openBundleFile(zipFile(new Uint8Array([1]))))).toBe(false);
    const notice = h.store.state.getState().notice;
    expect(notice?.tone).toBe('error');
    if (!notice) throw new Error('no notice');
    expect(formatMessage('en', notice.key, notice.values)).toBe('Cannot open unit.zip: the bundle was modified: session.jsonl does not match its manifest');
    expect(formatMessage('ko', notice.key, notice.values)).toContain('번들이 변경되었습니다: session.jsonl');
    expect(h.store.state.getState().run.source).toBe('none');
  });
});

describe('Save support bundle', () => {
  it('downloads the zip the back end answers with', async () => {
    const zip = Buffer.from('PK\u0003\u0004 a sealed bundle');
    const h = await renderWithStore(<SaveBundleButton runId="run-7" />, {
      handlers: { saveSupportBundle: () => ({ status: 'download', fileName: 'fieldlink-bundle-run-7.zip', bytes: zip.length, files: 9, base64: zip.toString('base64') }) },
    });
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:fake';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    await h.run(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save support bundle' }));
      await vi.waitFor(() => expect(names).toHaveLength(1));
    });
    expect(names).toEqual(['fieldlink-bundle-run-7.zip']);
    expect(Buffer.from(await (blobs[0] as Blob).arrayBuffer())).toEqual(zip);
    const notice = h.store.state.getState().notice;
    expect(notice && formatMessage('en', notice.key, notice.values)).toBe(`Support bundle downloaded: fieldlink-bundle-run-7.zip (${zip.length} bytes, 9 files)`);
  });

  it('a refused bundle says which file holds which kind of secret, in the chosen language, and downloads nothing', async () => {
    const h = await renderWithStore(<SaveBundleButton runId="run-7" />, {
      settings: { language: 'ko' },
      handlers: { saveSupportBundle: () => ({ status: 'refused', problem: { kind: 'secret-found', file: 'report.html', secretKind: 'pem-private-key' } }) },
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
    expect(await h.run(() => h.store.actions.bundle.saveBundle('run-7'))).toBe(false);
    const notice = h.store.state.getState().notice;
    if (!notice) throw new Error('no notice');
    expect(notice.tone).toBe('error');
    expect(formatMessage('ko', notice.key, notice.values)).toBe('지원 번들을 저장하지 않음: report.html에 PEM 개인 키이(가) 있습니다. 아무것도 작성하지 않았습니다.');
    expect(formatMessage('en', notice.key, notice.values)).toBe('Support bundle NOT saved: report.html holds a PEM private key. Nothing was written.');
    expect(click).not.toHaveBeenCalled();
  });
});
