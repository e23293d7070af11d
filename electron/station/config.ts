/**
 * Reading a station configuration (shared/station.ts, docs/station.md#configuration): a bounded
 * regular JSON file, zod-checked with the field named on error; the profile path is resolved
 * against the file's folder. `configFromPorts` is the `--ports a,b,c` shorthand (labels = port
 * names, paths as given).
 */
import path from 'node:path';
import { jsonSyntaxProblem } from '../../shared/profile.ts';
import { parseStationConfig, StationConfigError, StationConfigSchema, type StationConfig } from '../../shared/station.ts';
import { readBoundedRegularFile } from '../engine/sequence/cert-files.ts';

/** A station file is a few kilobytes; anything past this is not one. */
export const STATION_CONFIG_MAX_BYTES = 256 * 1024;

export const DEMO_PROFILE = 'demo';

export async function loadStationConfig(file: string): Promise<StationConfig> {
  const absolute = path.resolve(file);
  const read = await readBoundedRegularFile(absolute, STATION_CONFIG_MAX_BYTES);
  if (!('bytes' in read)) {
    const problem = read.missing ? `cannot read ${absolute} (no such file)` : read.problem === 'not a file' ? `${absolute} is a folder, not a station file` : read.problem;
    throw new StationConfigError('unreadable', [{ path: '(the file)', problem }]);
  }
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StationConfigError('not-json', [{ path: '(the file)', problem: jsonSyntaxProblem(text, error).replace('a profile', 'a station file') }]);
  }
  const config = parseStationConfig(raw);
  return config.profile === DEMO_PROFILE ? config : { ...config, profile: path.resolve(path.dirname(absolute), config.profile) };
}

export interface PortsShorthand {
  /** The ports as given (`/dev/ttyUSB2,/dev/ttyUSB6` or PTY paths). */
  ports: readonly string[];
  profile: string;
  name?: string;
  fota?: StationConfig['fota'];
}

/** A short label from a port path: its last name (`/dev/ttyUSB2` → `ttyUSB2`), made label-safe. */
export function labelOfPort(port: string): string {
  const base = port.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? port;
  const safe = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '');
  return (safe || 'port').slice(0, 32);
}

/** `fieldlink station --ports a,b,c`: one slot per port, labelled by the port's name. */
export function configFromPorts(shorthand: PortsShorthand): StationConfig {
  const seen = new Map<string, number>();
  const slots = shorthand.ports.map((port) => {
    let label = labelOfPort(port);
    const count = seen.get(label) ?? 0;
    seen.set(label, count + 1);
    if (count > 0) label = `${label.slice(0, 28)}-${count + 1}`;
    return { label, port: { path: port } };
  });
  const raw = { name: shorthand.name ?? 'station', profile: shorthand.profile, ...(shorthand.fota ? { fota: shorthand.fota } : {}), slots };
  const result = StationConfigSchema.safeParse(raw);
  if (!result.success) throw new StationConfigError('invalid', result.error.issues.map((issue) => ({ path: `--ports ${issue.path.join('.')}`, problem: issue.message })));
  return result.data;
}
