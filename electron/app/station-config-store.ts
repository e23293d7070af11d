/**
 * Station configurations the app keeps, as it keeps profiles: `<dataDir>/stations/<name>.json`
 * (docs/station.md#station-screen). Names are checked before a path is built from them; the text is
 * checked with the station schema (shared/station.ts) when it is saved and again when it is read,
 * and every problem names its field (`slots.3.port: …`). In the app a configuration's `profile` is
 * the name of a stored profile or `demo`, never a path: the page never makes the back end read a
 * file by path.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { PROFILE_NAME_PATTERN } from '../../shared/ipc-bounds.ts';
import type { ValidationIssue } from '../../shared/ipc.ts';
import { jsonSyntaxProblem } from '../../shared/profile.ts';
import { StationConfigError, parseStationConfig, type StationConfig } from '../../shared/station.ts';
import type { StationConfigSummary } from '../../shared/station-ipc.ts';
import { STATION_CONFIG_TEXT_MAX_CHARS } from '../../shared/station-ipc.ts';
import { writeFileAtomically } from './atomic-file.ts';
import { AppError } from './errors.ts';
import { NamedJsonFolder } from './named-json-folder.ts';

export const STATION_CONFIGS_FOLDER = 'stations';
const FILE_MODE = 0o644;
const DEMO = 'demo';

export class StationConfigStore {
  readonly dir: string;
  readonly #files: NamedJsonFolder;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, STATION_CONFIGS_FOLDER);
    this.#files = new NamedJsonFolder({ dir: this.dir, label: 'station configuration', pattern: PROFILE_NAME_PATTERN });
  }

  names(): Promise<string[]> {
    return this.#files.names();
  }

  fileOf(name: string): string {
    return this.#files.fileOf(name);
  }

  read(name: string): Promise<string> {
    return this.#files.readText(name);
  }

  /** The stored configuration, checked; a problem is AppError `bad-file` naming the field. */
  async load(name: string): Promise<StationConfig> {
    const text = await this.read(name);
    const checked = checkStationConfigText(text);
    if (!checked.config) throw new AppError('bad-file', `station configuration "${name}": ${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    return checked.config;
  }

  /** Each stored configuration with what it says, or why it cannot be used. */
  async summaries(): Promise<StationConfigSummary[]> {
    const names = await this.names();
    return Promise.all(
      names.map(async (name): Promise<StationConfigSummary> => {
        const checked = checkStationConfigText(await this.read(name).catch(() => ''));
        const config = checked.config;
        if (!config) return { name, problem: checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
        return {
          name,
          station: config.name,
          ...(config.line ? { line: config.line } : {}),
          profile: config.profile,
          slots: config.slots.length,
          operatorRequired: config.operatorRequired,
          unitSerial: config.unitSerial,
        };
      }),
    );
  }

  /** Stores the text under `name` when it passes; otherwise nothing is written and every issue is returned. */
  async save(name: string, text: string): Promise<{ ok: boolean; issues: ValidationIssue[]; path?: string }> {
    const file = this.fileOf(name);
    const checked = checkStationConfigText(text);
    if (!checked.config) return { ok: false, issues: checked.issues };
    await writeFileAtomically(file, text.endsWith('\n') ? text : `${text}\n`, FILE_MODE);
    return { ok: true, issues: [], path: file };
  }

  async delete(name: string): Promise<void> {
    const file = this.fileOf(name);
    if (!(await this.names()).includes(name)) throw new AppError('not-found', `station configuration: none named "${name}"`);
    await rm(file, { force: true });
  }
}

/** Schema issues of a configuration's text (JSON, fields, and a profile that is not a stored profile's name). */
export function checkStationConfigText(text: string): { config?: StationConfig; issues: ValidationIssue[] } {
  if (text.length > STATION_CONFIG_TEXT_MAX_CHARS) return { issues: [{ path: '(the file)', message: `larger than ${STATION_CONFIG_TEXT_MAX_CHARS} characters` }] };
  const clean = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(clean);
  } catch (error) {
    return { issues: [{ path: '(the file)', message: jsonSyntaxProblem(clean, error).replace('a profile', 'a station configuration') }] };
  }
  let config: StationConfig;
  try {
    config = parseStationConfig(raw);
  } catch (error) {
    if (!(error instanceof StationConfigError)) throw error;
    return { issues: error.issues.map((issue) => ({ path: issue.path, message: issue.problem })) };
  }
  if (config.profile !== DEMO && !PROFILE_NAME_PATTERN.test(config.profile)) {
    return { issues: [{ path: 'profile', message: `expected the name of a stored profile or "demo" (the app keeps profiles by name, not by path), got "${config.profile.slice(0, 80)}"` }] };
  }
  return { config, issues: [] };
}
