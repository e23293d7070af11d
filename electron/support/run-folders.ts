/**
 * Finding run folders under a runs folder (`fieldlink run --out`, default ~/.fieldlink/runs): the
 * newest run, the newest run of one IMEI, and the latest diagnosis of a device. A run folder is a
 * folder with session.jsonl and report.json; its report says which device, when, and whether it
 * was a diagnose run (its server steps are skipped with the diagnose reason).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseReportJson, type RunReport } from '../../shared/report.ts';
import { REPORT_JSON_FILE } from '../engine/session/report.ts';
import { SESSION_LOG_FILE } from '../engine/session/session-log.ts';
import { readBoundedRegularFile } from '../engine/sequence/cert-files.ts';
import { BundleError } from './bundle-format.ts';

/** A report is a few KiB; a bigger file is not one. */
const MAX_REPORT_BYTES = 4 * 1024 * 1024;

export interface RunFolder {
  dir: string;
  report: RunReport;
  imei: string | null;
  startedAt: number;
  diagnosis: boolean;
}

/** True for a diagnose run: diagnose skips the server steps with its own reason. */
export function isDiagnosisReport(report: RunReport): boolean {
  return report.steps.some((step) => step.reasonRef?.key.startsWith('skip.diagServers') === true);
}

/** Reads `<dir>/report.json`; throws BundleError('not-a-run-folder') naming what is missing. */
export async function readRunFolder(dir: string): Promise<RunFolder> {
  const absolute = path.resolve(dir);
  const info = await stat(absolute).catch(() => undefined);
  if (!info?.isDirectory()) throw new BundleError('not-a-run-folder', `${absolute} is not a folder`);
  for (const name of [SESSION_LOG_FILE, REPORT_JSON_FILE]) {
    const file = await stat(path.join(absolute, name)).catch(() => undefined);
    if (!file?.isFile()) throw new BundleError('not-a-run-folder', `${absolute} is not a run folder (no ${name})`);
  }
  const read = await readBoundedRegularFile(path.join(absolute, REPORT_JSON_FILE), MAX_REPORT_BYTES);
  if ('problem' in read) throw new BundleError('not-a-run-folder', `${path.join(absolute, REPORT_JSON_FILE)}: ${read.problem}`);
  let report: RunReport;
  try {
    report = parseReportJson(read.bytes.toString('utf8'));
  } catch (error) {
    throw new BundleError('not-a-run-folder', `${absolute}: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
  }
  return { dir: absolute, report, imei: report.device?.imei ?? null, startedAt: report.startedAt ?? info.mtimeMs, diagnosis: isDiagnosisReport(report) };
}

/** Every readable run folder directly under `runsDir`, oldest first (folders that are not runs are passed over). */
export async function listRunFolders(runsDir: string): Promise<RunFolder[]> {
  const names = await readdir(runsDir).catch((error: NodeJS.ErrnoException) => {
    throw new BundleError('no-run', `runs folder ${path.resolve(runsDir)}: ${error.code ?? error.message}`);
  });
  const runs: RunFolder[] = [];
  for (const name of names.sort()) {
    const run = await readRunFolder(path.join(runsDir, name)).catch(() => undefined);
    if (run) runs.push(run);
  }
  return runs.sort((a, b) => a.startedAt - b.startedAt);
}

/** The newest run (not a diagnosis) under `runsDir`, of `imei` when given. */
export async function newestRun(runsDir: string, imei?: string): Promise<RunFolder> {
  const runs = (await listRunFolders(runsDir)).filter((run) => !run.diagnosis && (imei === undefined || run.imei === imei));
  const newest = runs.at(-1);
  if (!newest) throw new BundleError('no-run', imei === undefined ? `no run folder in ${path.resolve(runsDir)}` : `no run of IMEI ${imei} in ${path.resolve(runsDir)}`);
  return newest;
}

/** The newest diagnose run of `imei` under `runsDir`, if any. */
export async function latestDiagnosis(runsDir: string, imei: string): Promise<RunFolder | undefined> {
  const runs = await listRunFolders(runsDir).catch(() => []);
  return runs.filter((run) => run.diagnosis && run.imei === imei).at(-1);
}
