/**
 * The app's side of support bundles (docs/support-bundles.md#in-the-app): "Save support bundle"
 * and "Open bundle…" over the same writer and reader as `fieldlink bundle` / `fieldlink replay`.
 *
 * - save: the run's folder (a run in memory, an ended run of this app, or a run on record in the
 *   results store) goes through writeBundle: every file is scanned for secrets first (with the
 *   run's own Redactor while the run is in memory), the history comes from the results store. The
 *   desktop app writes the zip where its save dialog says; web mode gets the bytes back (bounded)
 *   for the browser to download. A secret found is an answer (`refused`, naming the file and the
 *   kind of secret), not an error.
 * - open: the zip (picked in the desktop dialog, or uploaded) is verified with openBundle; a
 *   tampered or cut-off bundle is an answer (`invalid`, naming the file). Its session log is then
 *   replayed like an opened session log, and the top of the replay gets what changed since the
 *   last passing run, the failure, and the device header as it was.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { IpcParsedRequest, IpcResponse } from '../../shared/ipc.ts';
import { SESSION_TEXT_MAX_CHARS } from '../../shared/ipc.ts';
import { BUNDLE_BYTES_MAX, BUNDLE_PROBLEM_KINDS, type BundleProblem, type BundleSummary } from '../../shared/bundle-ipc.ts';
import type { Redactor } from '../engine/session/redaction.ts';
import type { ResultsStore } from '../store/types.ts';
import { BUNDLE_FILES, BundleError } from '../support/bundle-format.ts';
import type { OpenedBundle } from '../support/bundle-reader.ts';
import { AppError } from './errors.ts';

/** Where a run's files are, and the secrets known while it is in memory. */
export interface BundleRunSource {
  runDir: string;
  /** Where the device's latest diagnosis is looked for. */
  runsDir: string;
  redactor?: Redactor;
}

export interface SupportBundleOptions {
  /** Temporary files (a web-mode bundle before it is sent, an uploaded bundle) go under here. */
  tempRoot: string;
  /** Finds the run's folder; undefined when there is no such run. */
  findRun: (runId: string) => Promise<BundleRunSource | undefined>;
  /** The results store the history is read from; undefined when it cannot be opened (the bundle says so). */
  store: () => Promise<ResultsStore | undefined>;
  /** Desktop: the save dialog (undefined when cancelled). Without it the zip goes back to the page. */
  pickTarget?: (suggestedName: string) => Promise<string | undefined>;
  /** Desktop: the open dialog for a bundle (undefined when cancelled). */
  pickBundle?: () => Promise<string | undefined>;
  /** Replays a session log the way openSession does (kept under replays/ for the report view). */
  replay: (name: string, content: string) => Promise<IpcResponse<'openSession'>>;
  appVersion: string;
}

type SaveAnswer = IpcResponse<'saveSupportBundle'>;
type OpenAnswer = IpcResponse<'openSupportBundle'>;

/** `fieldlink-bundle-<run id>.zip`, with anything but safe characters replaced. */
export function bundleFileName(runId: string): string {
  return `fieldlink-bundle-${runId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 150)}.zip`;
}

export async function saveSupportBundle(options: SupportBundleOptions, { runId }: IpcParsedRequest<'saveSupportBundle'>): Promise<SaveAnswer> {
  const run = await options.findRun(runId);
  if (!run) throw new AppError('not-found', `saveSupportBundle: no run ${runId} in this app's sessions or the results store`);
  const fileName = bundleFileName(runId);
  let target: string | undefined;
  if (options.pickTarget) {
    target = await options.pickTarget(fileName);
    if (target === undefined) return { status: 'cancelled' };
  }
  const temp = target === undefined ? await mkdtemp(path.join(options.tempRoot, 'bundle-')) : undefined;
  try {
    const out = target ?? path.join(temp as string, fileName);
    const { writeBundle } = await import('../support/bundle-writer.ts');
    const store = await options.store();
    const written = await writeBundle({
      runDir: run.runDir,
      runsDir: run.runsDir,
      out,
      ...(store ? { history: { store, source: store.displayUrl } } : {}),
      ...(run.redactor ? { redactor: run.redactor } : {}),
      appVersion: options.appVersion,
    });
    const files = written.manifest.files.length + 1;
    if (target !== undefined) return { status: 'saved', file: written.file, bytes: written.bytes, files };
    if (written.bytes > BUNDLE_BYTES_MAX) throw new AppError('bad-request', `saveSupportBundle: the bundle of run ${runId} is ${written.bytes} bytes, more than the ${BUNDLE_BYTES_MAX} a page can download; use \`fieldlink bundle\``);
    const bytes = await readFile(written.file);
    return { status: 'download', fileName, bytes: bytes.length, files, base64: bytes.toString('base64') };
  } catch (error) {
    if (error instanceof BundleError && error.kind === 'secret-found') return { status: 'refused', problem: problemOf(error) };
    if (error instanceof BundleError) throw new AppError(error.kind === 'io' ? 'internal' : 'not-found', `saveSupportBundle: ${error.message}`, { cause: error });
    throw error;
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}

export async function openSupportBundle(options: SupportBundleOptions, { upload }: IpcParsedRequest<'openSupportBundle'>): Promise<OpenAnswer> {
  let file: string;
  let name: string;
  let temp: string | undefined;
  if (upload) {
    name = path.basename(upload.name.replace(/\\/g, '/')) || 'bundle.zip';
    const bytes = Buffer.from(upload.base64, 'base64');
    if (bytes.length > BUNDLE_BYTES_MAX) throw new AppError('bad-request', `openSupportBundle: ${name} is larger than ${BUNDLE_BYTES_MAX} bytes`);
    temp = await mkdtemp(path.join(options.tempRoot, 'opened-'));
    file = path.join(temp, name.replace(/[^A-Za-z0-9._-]+/g, '_'));
    await writeFile(file, bytes, { mode: 0o600 });
  } else {
    if (!options.pickBundle) throw new AppError('unsupported', 'openSupportBundle: this back end has no file dialog; upload the bundle instead');
    const picked = await options.pickBundle();
    if (picked === undefined) return { status: 'cancelled' };
    file = picked;
    name = path.basename(picked);
  }
  try {
    const { openBundle } = await import('../support/bundle-reader.ts');
    let bundle: OpenedBundle;
    try {
      bundle = await openBundle(file);
    } catch (error) {
      if (error instanceof BundleError && (BUNDLE_PROBLEM_KINDS as readonly string[]).includes(error.kind)) {
        const problem = problemOf(error);
        // The reader names an unreadable zip by its file on disk: the user knows it by its own name.
        return { status: 'invalid', name, problem: problem.kind === 'not-a-bundle' && problem.file === path.basename(file) ? { ...problem, file: name } : problem };
      }
      throw error;
    }
    const content = await sessionText(file, name);
    const replay = await options.replay(`${name}/${BUNDLE_FILES.session}`, content);
    return { status: 'opened', runId: replay.runId, events: replay.events, summary: await summaryOf(bundle, name) };
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}

/** session.jsonl of a verified bundle, as text (bounded like any session log the app opens). */
async function sessionText(file: string, name: string): Promise<string> {
  const size = (await stat(file)).size;
  if (size > BUNDLE_BYTES_MAX) throw new AppError('bad-request', `openSupportBundle: ${name} is larger than ${BUNDLE_BYTES_MAX} bytes; replay it with \`fieldlink replay\``);
  let tooBig = false;
  const entries = unzipSync(new Uint8Array(await readFile(file)), {
    filter: (entry) => {
      if (entry.name !== BUNDLE_FILES.session) return false;
      tooBig = entry.originalSize > SESSION_TEXT_MAX_CHARS;
      return !tooBig;
    },
  });
  if (tooBig) throw new AppError('bad-session', `openSupportBundle: the session log in ${name} is larger than ${SESSION_TEXT_MAX_CHARS} bytes; replay it with \`fieldlink replay\``);
  const bytes = entries[BUNDLE_FILES.session];
  if (!bytes) throw new AppError('bad-session', `openSupportBundle: ${name} has no ${BUNDLE_FILES.session}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

async function summaryOf(bundle: OpenedBundle, name: string): Promise<BundleSummary> {
  const { whatChanged } = await import('../support/what-changed.ts');
  const { session, manifest, versions } = bundle;
  const module = versions.module ? [versions.module.manufacturer, versions.module.model, versions.module.revision].filter(Boolean).join(' ') : null;
  return {
    name,
    createdAt: manifest.createdAt,
    files: manifest.files.length + 1,
    imei: manifest.imei,
    runId: manifest.runId,
    outcome: session.outcome,
    changes: whatChanged(bundle.history?.records ?? null, manifest.runId),
    device: session.device,
    failure: session.failure,
    versions: { app: versions.app, module, firmwareMain: versions.firmware.main, firmwareSub: versions.firmware.sub },
    notes: manifest.notes,
  };
}

function problemOf(error: BundleError): BundleProblem {
  return {
    kind: error.kind as BundleProblem['kind'],
    file: error.details.file ?? null,
    secretKind: error.details.secretKind ?? null,
  };
}
