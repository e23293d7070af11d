/**
 * `fieldlink run --resume <run folder>`: continues a failed run from its failed step in a new
 * process, as the app's Retry does in the same one. The run folder holds what the run found
 * (context.json, no secrets) and its events (session.jsonl); the runner appends to both and
 * rewrites the report. Steps that only read and whose findings are not stored (server-info: it
 * carries the MQTT password) are asked again, silently. The same device must be on the port (the
 * IMEI is checked); port and profile default to the run's own and may be given again.
 */
import path from 'node:path';
import type { FotaPolicy, Profile } from '../../../shared/profile.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, loadProfileOrExit, runSequence } from './run-sequence.ts';

export interface ResumeOptions {
  resume: string;
  port?: string;
  profile?: string;
  fota?: FotaPolicy;
  json?: boolean;
  stay?: boolean;
  baud?: number;
  db?: string;
  operator?: string;
}

export async function resumeCommand(options: ResumeOptions): Promise<ExitCode> {
  const { readRunSnapshot, resumeStep, RunSnapshotError } = await import('../../engine/sequence/run-snapshot.ts');
  const { readSessionLog, SESSION_LOG_FILE } = await import('../../engine/session/session-log.ts');
  const dir = path.resolve(options.resume);
  let snapshot;
  let events;
  try {
    snapshot = await readRunSnapshot(dir);
    resumeStep(snapshot);
    if (path.basename(dir) !== snapshot.runId) return fail(`--resume: ${dir} holds run ${snapshot.runId}; give the run's own folder`, EXIT.usage);
    events = await readSessionLog(path.join(dir, SESSION_LOG_FILE));
  } catch (error) {
    const message = error instanceof RunSnapshotError ? error.message : `${dir}: ${error instanceof Error ? error.message : String(error)}`;
    return fail(`--resume: ${message}`, EXIT.usage);
  }
  const port = options.port ?? snapshot.port;
  const source = options.profile ?? snapshot.profile.source;
  if (/^sim:/i.test(port) || source === 'demo') {
    return fail('--resume: a run on the embedded demo (sim: port, demo cloud) cannot be resumed by another process: its virtual device and cloud ended with it; start a new run', EXIT.usage);
  }
  const { parsePortUri } = await import('../../engine/transport/uri.ts');
  try {
    parsePortUri(port);
  } catch (error) {
    return fail(`--resume: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
  if (source === '') return fail('--resume: the run folder does not say which profile the run used; give it with --profile FILE', EXIT.usage);
  const profile: Profile | ExitCode = await loadProfileOrExit(source);
  if (typeof profile === 'number') return profile;
  return runSequence({
    port,
    profile,
    profileSource: path.resolve(source),
    out: path.dirname(dir),
    restored: { snapshot, events },
    record: { kind: 'run', db: options.db, operator: options.operator },
    ...(options.fota ? { fota: options.fota } : {}),
    ...(options.json ? { json: options.json } : {}),
    ...(options.stay ? { stay: options.stay } : {}),
    ...(options.baud ? { baud: options.baud } : {}),
  });
}
