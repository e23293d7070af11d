/**
 * FOTA download into the module's file system: free space first (F7), then AT+QHTTPURL with the
 * image URL, AT+QHTTPGET (must be 200), AT+QHTTPREADFILE="UFS:<file>", and AT+QFLST must show
 * exactly the server's size (F2). While the module downloads, AT+QFLST is polled for progress and
 * an ETA (docs/uncertain-behaviour.md#fota-progress-polling). A cut download is retried a bounded number of times (F4),
 * always the whole file, and whatever is stored is then checked whole by AT+TMSFOTA against the
 * server's sha256 (F1) — a retry never skips the hash.
 *
 * F2, a body with no Content-Length that does not end (or a server that sends more than it said):
 * the same polls watch the stored size, and as soon as the file is bigger than server-info's `size`
 * the host sends AT+QHTTPSTOP, deletes the file and fails with FOTA_TOO_LARGE (not retried: the
 * server sends the wrong thing). The module's file system never fills up with it.
 */
import { sleep } from '../../at/queue.ts';
import { deleteFile, fileInfo, readStorageSpace } from '../../quectel/file.ts';
import { configureHttp, readBodyToFile, sendGet, setUrl, stopHttp } from '../../quectel/http.ts';
import { QuectelError } from '../../quectel/errors.ts';
import type { FirmwareInfo } from '../../../../shared/server-info.ts';
import type { FirmwareTarget } from '../../tms2/types.ts';
import { StepError } from '../step-error.ts';
import { bytesPerSecond } from '../measurements.ts';
import type { StepEnv } from '../step.ts';

export const DOWNLOAD = { attempts: 2, pollMs: 500, waitS: 80 } as const;

export function imageFileName(target: FirmwareTarget): string {
  return `UFS:fota_${target}.bin`;
}

interface Job {
  target: FirmwareTarget;
  info: FirmwareInfo;
  file: string;
  current: string;
}

async function checkFreeSpace(env: StepEnv, job: Job): Promise<void> {
  await deleteFile(env.at, job.file, { missingOk: true });
  const { free } = await readStorageSpace(env.at, 'UFS');
  if (free < job.info.size) throw new StepError('FOTA_NO_SPACE', { target: job.target, size: job.info.size, free, current: job.current }, { command: 'AT+QFLDS="UFS"' });
}

function tooLarge(job: Job, stored: number): StepError {
  return new StepError('FOTA_TOO_LARGE', { target: job.target, stored, size: job.info.size, current: job.current }, { command: 'AT+QHTTPREADFILE', moduleSaid: `AT+QFLST: ${stored} bytes stored` });
}

/** F2: the download outgrew server-info's size: stop it, let the read end, delete what was written. */
async function cutOff(env: StepEnv, job: Job, done: Promise<void>, stored: number): Promise<never> {
  env.progress('progress.fotaDownloadTooLarge', { target: job.target, size: job.info.size, stored });
  await stopHttp(env.at);
  await done.catch(() => undefined);
  await deleteFile(env.at, job.file, { missingOk: true });
  throw tooLarge(job, stored);
}

/** Polls AT+QFLST while `work` runs and reports download progress; stops when it settles, cuts it when it outgrows the size (F2). */
async function withProgress(env: StepEnv, job: Job, work: Promise<void>): Promise<void> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  const started = Date.now();
  const total = job.info.size;
  while (!settled) {
    await Promise.race([done.catch(() => undefined), sleep(DOWNLOAD.pollMs)]);
    if (settled) break;
    const stored = (await fileInfo(env.at, job.file).catch(() => undefined))?.size ?? 0;
    if (stored > total) await cutOff(env, job, done, stored);
    if (stored <= 0 || settled) continue;
    const elapsed = Math.max(1, Date.now() - started);
    const rate = (stored / elapsed) * 1000;
    const etaMs = rate > 0 ? ((total - Math.min(stored, total)) / rate) * 1000 : undefined;
    const percent = Math.min(99, Math.round((stored / total) * 100));
    env.emit({ type: 'fota-progress', target: job.target, phase: 'download', percent, bytesPerSec: Math.round(rate), ...(etaMs === undefined ? {} : { etaMs: Math.round(etaMs) }) });
    env.progress('progress.fotaDownloading', { target: job.target, version: job.info.version }, { percent, bytesDone: stored, bytesTotal: total, ...(etaMs === undefined ? {} : { etaMs: Math.round(etaMs) }) });
  }
  await done;
}

async function downloadOnce(env: StepEnv, job: Job): Promise<void> {
  const https = job.info.url.startsWith('https://');
  if (https) await configureHttp(env.at, { sslCtx: env.profile.tls.sslContextId });
  await setUrl(env.at, job.info.url);
  const get = await sendGet(env.at, DOWNLOAD.waitS);
  if (get.status !== 200) {
    throw new StepError('FOTA_HTTP_STATUS', { target: job.target, status: get.status ?? 0, current: job.current }, { command: 'AT+QHTTPGET', moduleSaid: `+QHTTPGET: 0,${get.status}` });
  }
  if (get.contentLength !== undefined && get.contentLength !== job.info.size) {
    throw new StepError('FOTA_SIZE_MISMATCH', { target: job.target, stored: get.contentLength, size: job.info.size, current: job.current }, { command: 'AT+QHTTPGET' });
  }
  await deleteFile(env.at, job.file, { missingOk: true });
  await withProgress(env, job, readBodyToFile(env.at, job.file, DOWNLOAD.waitS));
  const stored = await fileInfo(env.at, job.file);
  if (stored !== undefined && stored.size > job.info.size) {
    await deleteFile(env.at, job.file, { missingOk: true });
    throw tooLarge(job, stored.size);
  }
  if (stored?.size !== job.info.size) {
    throw new StepError('FOTA_SIZE_MISMATCH', { target: job.target, stored: stored?.size ?? 0, size: job.info.size, current: job.current }, { command: 'AT+QFLST' });
  }
}

const isTransient = (error: unknown) => (error instanceof StepError && error.code === 'FOTA_SIZE_MISMATCH') || (error instanceof QuectelError && error.kind === 'http-failed');

/** A module HTTP failure during the download says which image and that the old version remains. */
function asDownloadFailure(error: unknown, job: Job): unknown {
  if (!(error instanceof QuectelError && error.kind === 'http-failed')) return error;
  const said = { ...(error.command ? { command: error.command } : {}), ...(error.line ? { moduleSaid: error.line } : {}) };
  return new StepError('FOTA_DOWNLOAD_FAILED', { target: job.target, detail: error.message, current: job.current }, said, { cause: error });
}

/** Downloads the image to `imageFileName(target)`; returns that module file name. */
export async function downloadImage(env: StepEnv, target: FirmwareTarget, info: FirmwareInfo, current: string): Promise<string> {
  const job: Job = { target, info, file: imageFileName(target), current };
  await checkFreeSpace(env, job);
  for (let attempt = 1; ; attempt++) {
    try {
      const started = performance.now();
      await downloadOnce(env, job);
      env.emit({ type: 'fota-progress', target, phase: 'download', percent: 100 });
      // The attempt that brought the whole image: URL, GET and the body into the file system.
      env.measure('firmware-download-rate', bytesPerSecond(info.size, performance.now() - started));
      return job.file;
    } catch (error) {
      if (attempt >= DOWNLOAD.attempts || !isTransient(error)) throw asDownloadFailure(error, job);
      env.progress('progress.fotaDownloadRetry', { attempt });
    }
  }
}
