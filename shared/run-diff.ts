/**
 * What changed between two runs of one device (docs/results-store.md#what-changed-between-runs):
 * the unit serial scanned at a station, the module, its firmware, the certificates, the server, the signal and registration, the
 * profile, and the steps whose duration changed a lot. Pure and shared by `fieldlink results
 * --imei`, the History screen and support bundles; words come from the ko/en catalogue.
 *
 * A value that one of the two runs never read (null: the run stopped before that step) is not a
 * difference: a failed run that never reached the server would otherwise "change" everything.
 */
import type { RunRecord } from './run-record.ts';
import { STEP_IDS, stepTitle, type StepId } from './steps.ts';
import { formatMessage, type Language, type MessageKey } from './messages/index.ts';

/** The things compared, in the order differences are listed. */
export const DIFF_FIELDS = [
  'unit-serial',
  'model',
  'revision',
  'firmware-main',
  'firmware-sub',
  'ca-certificates',
  'client-certificate',
  'broker-host',
  'broker-port',
  'offered-main',
  'offered-sub',
  'rssi',
  'rsrp',
  'registration',
  'network-operator',
  'profile',
  'step-duration',
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export type DiffValue = string | number | null;

/** One difference: the field, the earlier run's value and the later run's. */
export interface RunDifference {
  field: DiffField;
  before: DiffValue;
  after: DiffValue;
  /** For `step-duration`: which step (durations in ms). */
  step?: StepId;
}

export interface DiffOptions {
  /** A signal change smaller than this (dB) is noise, not a difference. Default 6. */
  signalThresholdDb?: number;
  /** A step's duration changed a lot when the longer is at least this many times the shorter... Default 2. */
  durationRatio?: number;
  /** ...and they differ by at least this much (ms). Default 2000. */
  durationMinDeltaMs?: number;
}

export const DIFF_DEFAULTS: Required<DiffOptions> = { signalThresholdDb: 6, durationRatio: 2, durationMinDeltaMs: 2000 };

/** The firmware a run left the device with (after an update, else as found). */
const firmwareOf = (run: RunRecord, target: 'main' | 'sub'): string | null =>
  target === 'main' ? (run.firmware.mainAfter ?? run.firmware.mainBefore) : (run.firmware.subAfter ?? run.firmware.subBefore);

/** CA fingerprints as one comparable value (order does not matter); null when none were read. */
const caSet = (run: RunRecord): string | null => (run.facts.caFingerprints.length === 0 ? null : [...run.facts.caFingerprints].sort().join(', '));

/** Which profile: its name and the first 12 hex digits of its hash (the hash decides). */
const profileOf = (run: RunRecord): string | null => (run.profileHash === null ? null : `${run.profileName ?? '?'} #${run.profileHash.slice(0, 12)}`);

type Reader = (run: RunRecord) => DiffValue;

const EXACT: readonly [DiffField, Reader][] = [
  // The same IMEI under another scanned serial: the module went into another unit.
  ['unit-serial', (r) => r.unitSerial],
  ['model', (r) => r.model],
  ['revision', (r) => r.revision],
  ['firmware-main', (r) => firmwareOf(r, 'main')],
  ['firmware-sub', (r) => firmwareOf(r, 'sub')],
  ['ca-certificates', caSet],
  ['client-certificate', (r) => r.facts.clientCertFingerprint],
  ['broker-host', (r) => r.facts.brokerHost],
  ['broker-port', (r) => r.facts.brokerPort],
  ['offered-main', (r) => r.facts.firmwareOffered.main],
  ['offered-sub', (r) => r.facts.firmwareOffered.sub],
];

const SIGNALS: readonly [DiffField, Reader][] = [
  ['rssi', (r) => r.facts.rssiDbm],
  ['rsrp', (r) => r.facts.rsrpDbm],
];

const LATER_EXACT: readonly [DiffField, Reader][] = [
  ['registration', (r) => r.facts.registration],
  ['network-operator', (r) => r.facts.operator],
  ['profile', (r) => (r.profileHash === null ? null : r.profileHash)],
];

/** The differences from `before` (the earlier run) to `after`, in DIFF_FIELDS order. */
export function diffRuns(before: RunRecord, after: RunRecord, options: DiffOptions = {}): RunDifference[] {
  const o = { ...DIFF_DEFAULTS, ...options };
  const out: RunDifference[] = [];
  const known = (a: DiffValue, b: DiffValue) => a !== null && b !== null;
  for (const [field, read] of EXACT) {
    const a = read(before);
    const b = read(after);
    if (known(a, b) && a !== b) out.push({ field, before: a, after: b });
  }
  for (const [field, read] of SIGNALS) {
    const a = read(before) as number | null;
    const b = read(after) as number | null;
    if (a !== null && b !== null && Math.abs(a - b) >= o.signalThresholdDb) out.push({ field, before: a, after: b });
  }
  for (const [field, read] of LATER_EXACT) {
    const a = read(before);
    const b = read(after);
    if (!known(a, b) || a === b) continue;
    out.push(field === 'profile' ? { field, before: profileOf(before), after: profileOf(after) } : { field, before: a, after: b });
  }
  out.push(...durationChanges(before, after, o));
  return out;
}

function durationChanges(before: RunRecord, after: RunRecord, o: Required<DiffOptions>): RunDifference[] {
  const a = new Map(before.steps.map((s) => [s.id, s.durationMs]));
  const b = new Map(after.steps.map((s) => [s.id, s.durationMs]));
  const out: RunDifference[] = [];
  for (const step of STEP_IDS) {
    const x = a.get(step);
    const y = b.get(step);
    if (x === undefined || x === null || y === undefined || y === null) continue;
    const longer = Math.max(x, y);
    const shorter = Math.min(x, y);
    if (longer - shorter >= o.durationMinDeltaMs && longer >= shorter * o.durationRatio) out.push({ field: 'step-duration', step, before: x, after: y });
  }
  return out;
}

/** A device's runs (oldest first) each with the differences from the run before it. */
export interface RunWithChanges {
  run: RunRecord;
  /** The run compared with (the previous one); null for the first. */
  previousRunId: string | null;
  differences: RunDifference[];
  /** For a failed run: the differences from the last passing run before it (when there is one). */
  sinceLastPass: { runId: string; differences: RunDifference[] } | null;
}

/** Walks a device's history (oldest first): each run against the previous one, and a failed run against the last pass. */
export function historyWithChanges(history: readonly RunRecord[], options: DiffOptions = {}): RunWithChanges[] {
  let lastPass: RunRecord | null = null;
  return history.map((run, i) => {
    const previous = i > 0 ? (history[i - 1] as RunRecord) : null;
    const sinceLastPass = run.outcome === 'failed' && lastPass !== null && lastPass !== previous ? { runId: lastPass.runId, differences: diffRuns(lastPass, run, options) } : null;
    const entry: RunWithChanges = { run, previousRunId: previous?.runId ?? null, differences: previous ? diffRuns(previous, run, options) : [], sinceLastPass };
    if (run.outcome === 'passed') lastPass = run;
    return entry;
  });
}

const FIELD_KEYS: Readonly<Record<DiffField, MessageKey>> = {
  'unit-serial': 'diff.field.unit-serial',
  model: 'diff.field.model',
  revision: 'diff.field.revision',
  'firmware-main': 'diff.field.firmware-main',
  'firmware-sub': 'diff.field.firmware-sub',
  'ca-certificates': 'diff.field.ca-certificates',
  'client-certificate': 'diff.field.client-certificate',
  'broker-host': 'diff.field.broker-host',
  'broker-port': 'diff.field.broker-port',
  'offered-main': 'diff.field.offered-main',
  'offered-sub': 'diff.field.offered-sub',
  rssi: 'diff.field.rssi',
  rsrp: 'diff.field.rsrp',
  registration: 'diff.field.registration',
  'network-operator': 'diff.field.network-operator',
  profile: 'diff.field.profile',
  'step-duration': 'diff.field.step-duration',
};

/** A fingerprint list shortened for a line of text: the first 16 characters of each. */
const shortPrints = (value: string) =>
  value
    .split(', ')
    .map((p) => (p.length > 19 ? `${p.slice(0, 16)}…` : p))
    .join(', ');

function valueWords(field: DiffField, value: DiffValue, lang: Language): string {
  if (value === null) return formatMessage(lang, 'diff.unknown');
  switch (field) {
    case 'rssi':
    case 'rsrp':
      return `${value} dBm`;
    case 'registration':
      return value === 1 ? formatMessage(lang, 'device.reg.1') : value === 5 ? formatMessage(lang, 'device.reg.5') : formatMessage(lang, 'device.reg.other', { stat: value });
    case 'step-duration':
      return formatMessage(lang, 'diff.seconds', { seconds: (Number(value) / 1000).toFixed(1) });
    case 'ca-certificates':
    case 'client-certificate':
      return shortPrints(String(value));
    default:
      return String(value);
  }
}

/** A difference in words: what (label), and the two values. */
export function describeDifference(difference: RunDifference, lang: Language): { label: string; before: string; after: string } {
  const label = difference.field === 'step-duration' && difference.step ? formatMessage(lang, 'diff.field.step-duration', { step: stepTitle(difference.step, lang) }) : formatMessage(lang, FIELD_KEYS[difference.field], { step: '' });
  return { label, before: valueWords(difference.field, difference.before, lang), after: valueWords(difference.field, difference.after, lang) };
}

/** One line: `Main firmware: 01.002 → 01.003`. */
export function differenceLine(difference: RunDifference, lang: Language): string {
  const words = describeDifference(difference, lang);
  return formatMessage(lang, 'diff.line', words);
}
