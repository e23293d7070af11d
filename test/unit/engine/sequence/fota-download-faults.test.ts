/**
 * The FOTA download when the network or the server misbehaves, against the virtual TMS2 and the
 * demo cloud: an endless body without a length is cut at the size server-info gave (F2); a
 * download that breaks is retried a bounded number of times, always whole, and the whole-file
 * sha256 check still runs on what the retry stored (F4, F1).
 */
import { describe, expect, it } from 'vitest';
import { DOWNLOAD } from '../../../../electron/engine/sequence/fota/download.ts';
import { calibrationStep } from '../../../../electron/engine/sequence/steps/calibration.ts';
import { dataServiceStep } from '../../../../electron/engine/sequence/steps/data-service.ts';
import { fotaMainStep } from '../../../../electron/engine/sequence/steps/fota-main.ts';
import { identifyStep } from '../../../../electron/engine/sequence/steps/identify.ts';
import { serverInfoStep } from '../../../../electron/engine/sequence/steps/server-info.ts';
import { sslConfigureStep } from '../../../../electron/engine/sequence/steps/ssl-configure.ts';
import { DEFAULT_UFS_CAPACITY } from '../../../../electron/sim/options.ts';
import { SimRig, commandsSent, eventsOf, traffic } from '../../../helpers/sim-rig.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { formatMessage } from '../../../../shared/messages/index.ts';

const steps = [identifyStep, sslConfigureStep, dataServiceStep, serverInfoStep, calibrationStep, fotaMainStep];
const MAIN_SIZE = 262_144;
const READFILE = 'AT+QHTTPREADFILE="UFS:fota_main.bin",80';

const rig = SimRig.perFile();

const urcs = (events: readonly RunnerEvent[], prefix: string) =>
  traffic(events).flatMap((t) => (t.kind === 'line' && (t.role === 'urc' || t.role === 'info') && t.text.startsWith(prefix) ? [t.text] : []));

describe('F2 an endless body with no Content-Length', () => {
  it('F2: is cut once the file outgrows server-info size: AT+QHTTPSTOP, file deleted, FOTA_TOO_LARGE, no retry, UFS never filled', async () => {
    const { result, events } = await rig.run({ port: 'sim:firmware-endless-body', steps, fotaPolicy: 'auto' });
    expect(result.failure).toMatchObject({ step: 'fota-main', code: 'FOTA_TOO_LARGE', category: 'server', command: 'AT+QHTTPREADFILE' });
    expect(result.failure?.meaning).toMatch(/^the server sent more than the 262144 bytes of the main image \(\d+ stored\); the download was stopped and the file deleted$/);
    expect(result.failure?.hint).toContain('the old version 1.3.0 remains (F2)');
    const sent = commandsSent(events);
    // The module reported no length, so only the stored size could tell.
    expect(urcs(events, '+QHTTPGET:')).toContain('+QHTTPGET: 0,200');
    expect(sent.filter((c) => c === READFILE)).toHaveLength(1);
    const stop = sent.indexOf('AT+QHTTPSTOP');
    expect(stop).toBeGreaterThan(sent.indexOf(READFILE));
    expect(sent.slice(stop)).toContain('AT+QFDEL="UFS:fota_main.bin"');
    expect(sent.some((c) => c.startsWith('AT+TMSFOTA'))).toBe(false);
    // The read ended because the host stopped it, not because the file system was full (403).
    expect(urcs(events, '+QHTTPREADFILE:')).toEqual(['+QHTTPREADFILE: 701']);
    const sizes = urcs(events, '+QFLST:').flatMap((line) => /fota_main\.bin",(\d+)$/.exec(line)?.slice(1).map(Number) ?? []);
    expect(Math.max(...sizes)).toBeGreaterThan(MAIN_SIZE);
    expect(Math.max(...sizes)).toBeLessThan(DEFAULT_UFS_CAPACITY / 2);
    expect((await rig.device('sim:firmware-endless-body')).state.firmware.main).toBe('1.3.0');
  }, 90_000);
});

describe('F4 a download that breaks', () => {
  it('F4: broken once, the whole file is fetched again and the device checks its sha256 before installing', async () => {
    const { result, events } = await rig.run({ port: 'sim:download-cut-once', steps, fotaPolicy: 'auto' });
    expect(result.failure).toBeUndefined();
    expect(result.outcome).toBe('passed');
    const sent = commandsSent(events);
    expect(sent.filter((c) => c === READFILE)).toHaveLength(2);
    expect(urcs(events, '+QHTTPREADFILE:')).toEqual(['+QHTTPREADFILE: 717', '+QHTTPREADFILE: 0']);
    expect(eventsOf(events, 'step-progress').some((e) => e.code === 'progress.fotaDownloadRetry' && formatMessage('en', e.code, e.values) === 'download attempt 1 failed; retrying the whole file (F4)')).toBe(true);
    // The retry fetched a new GET (not a continuation) and the image was checked whole by AT+TMSFOTA.
    const secondRead = sent.lastIndexOf(READFILE);
    expect(sent.slice(sent.indexOf(READFILE) + 1, secondRead)).toContain('AT+QHTTPGET=80');
    expect(sent.slice(secondRead).find((c) => c.startsWith('AT+TMSFOTA=main'))).toMatch(new RegExp(`^AT\\+TMSFOTA=main,"UFS:fota_main\\.bin",${MAIN_SIZE},"[0-9a-f]{64}"$`));
    expect((await rig.device('sim:download-cut-once')).state.firmware.main).toBe('1.4.0');
  }, 90_000);

  it('F4: retries are bounded: after DOWNLOAD.attempts broken downloads the step fails in words, nothing is installed', async () => {
    const { result, events } = await rig.run({ port: 'sim:download-cut-always', steps, fotaPolicy: 'auto' });
    expect(result.failure).toMatchObject({ step: 'fota-main', code: 'FOTA_DOWNLOAD_FAILED', category: 'network', command: 'AT+QHTTPREADFILE', moduleSaid: '+QHTTPREADFILE: 717' });
    expect(result.failure?.meaning).toMatch(/^downloading the main image failed: /);
    const sent = commandsSent(events);
    expect(sent.filter((c) => c === READFILE)).toHaveLength(DOWNLOAD.attempts);
    expect(sent.some((c) => c.startsWith('AT+TMSFOTA'))).toBe(false);
    expect(sent.at(-1)).toBe('AT+QFDEL="UFS:fota_main.bin"');
    expect((await rig.device('sim:download-cut-always')).state.firmware.main).toBe('1.3.0');
  }, 90_000);

  it('F4 + F1: a retried download that arrives corrupted is still refused by the whole-file sha256 check', async () => {
    const { result, events } = await rig.run({ port: 'sim:download-cut-once.corrupt-firmware', steps, fotaPolicy: 'auto' });
    expect(commandsSent(events).filter((c) => c === READFILE)).toHaveLength(2);
    expect(result.failure).toMatchObject({ step: 'fota-main', code: 'FOTA_REJECTED', command: 'AT+TMSFOTA' });
    expect(result.failure?.meaning).toContain('sha256 mismatch');
    expect((await rig.device('sim:download-cut-once.corrupt-firmware')).state.firmware.main).toBe('1.3.0');
  }, 90_000);
});
