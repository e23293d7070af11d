/**
 * The replay summary of a support bundle or a session log, for a terminal (`lines`) and for
 * machines (`replayJson`): what changed since the last passing run first, then the device header
 * as it was, the run, the timeline of steps with durations, the failure in the reader's language
 * with its hint, the failing AT command and the module's answer, MQTT, FOTA, warnings and the
 * latest diagnosis. Every word comes from the catalogue (shared/messages).
 */
import { failureText } from '../../shared/messages/failure-text.ts';
import { formatMessage, type Language, type MessageKey, type MessageValues } from '../../shared/messages/index.ts';
import { describeDifference, differenceLine } from '../../shared/run-diff.ts';
import { verdictHeadline } from '../../shared/diagnosis.ts';
import type { OpenedBundle } from '../support/bundle-reader.ts';
import type { SessionDigestData } from '../support/session-digest.ts';
import type { WhatChanged } from '../support/what-changed.ts';
import { ICONS, detailLines, failureBlock, stepTitle } from './render/format.ts';

export interface ReplaySource {
  /** Present for a verified bundle; absent for a plain session log. */
  bundle?: OpenedBundle;
  session: SessionDigestData;
  changes: WhatChanged;
}

const when = (t: number | null) => (t === null ? '—' : new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
const seconds = (ms: number | null) => (ms === null ? '' : ` (${(ms / 1000).toFixed(1)} s)`);

export function replayLines(source: ReplaySource, lang: Language): string[] {
  const t = (key: MessageKey, values?: MessageValues) => formatMessage(lang, key, values);
  const { session: s, bundle } = source;
  const out: string[] = [];
  out.push(bundle ? t('replay.verified', { files: bundle.manifest.files.length, created: when(bundle.manifest.createdAt) }) : t('replay.notBundle'));
  out.push(...changeLines(source.changes, lang), '');

  if (s.device) {
    out.push(...detailLines({ ...s.device, type: 'device-identified' }, lang).map((line) => line.replace(/^ {4}/, '')));
  }
  out.push(t('replay.run', { runId: s.runId ?? '—', port: s.port ?? '—', profile: s.profileName ?? '—', started: when(s.startedAt) }));
  const outcome = s.outcome === 'incomplete' ? t('report.outcome.incomplete') : t(`cli.outcome.${s.outcome}`);
  out.push(t('replay.result', { outcome: s.exitCategory ? `${outcome} (${s.exitCategory})` : outcome }), '');

  out.push(t('replay.timeline'));
  for (const step of s.steps) {
    const icon = step.status === 'running' ? ICONS.running : ICONS[step.status];
    const words = step.words ? formatMessage(lang, step.words.key, step.words.values) : step.text;
    out.push(`  ${t('replay.step', { icon, step: stepTitle(step.step, lang), duration: seconds(step.durationMs), words: words && step.status !== 'failed' ? ` — ${words}` : '' })}`);
  }
  out.push('');

  out.push(t('replay.failure'));
  if (s.failure) {
    const failure = s.failure.command === undefined && s.failure.lastCommand ? { ...s.failure, command: s.failure.lastCommand } : s.failure;
    out.push(...failureBlock(s.failure.step, failure, lang).map((line) => `  ${line}`));
  } else out.push(`  ${t('replay.noFailure')}`);
  out.push('');

  if (s.mqtt.length === 0) out.push(t('replay.mqttNone'));
  else {
    out.push(t('replay.mqtt'));
    for (const m of s.mqtt) {
      const event = { type: 'mqtt-state' as const, t: m.t, state: m.state as 'open', ...(m.detail === null ? {} : { detail: m.detail }), ...(m.qmtstat === null ? {} : { qmtstat: m.qmtstat }) };
      out.push(...detailLines(event, lang).map((line) => `  ${when(m.t).slice(11)} ${line.trim()}`));
    }
  }
  if (s.fota.length === 0) out.push(t('replay.fotaNone'));
  else {
    out.push(t('replay.fota'));
    for (const f of s.fota) {
      out.push(`  ${f.what === 'offer' ? t('cli.fotaOffer', { target: f.target, current: f.from, offered: f.to, size: f.size ?? '?' }) : t('cli.fotaResult', { target: f.target, message: f.message ?? '' })}`);
    }
  }
  if (s.warnings.length > 0) {
    out.push(t('replay.warnings'));
    for (const w of s.warnings) out.push(`  ${t('cli.warning', { code: w.code, text: w.message })}`);
  }
  const verdict = bundle?.diagnosis?.session.verdict;
  if (verdict) out.push(t('replay.diagnosis', { headline: verdictHeadline(verdict.overall, lang) }));
  for (const note of bundle?.manifest.notes ?? []) out.push(t('bundle.note', { note }));
  return out;
}

function changeLines(changes: WhatChanged, lang: Language): string[] {
  switch (changes.status) {
    case 'no-history':
      return [formatMessage(lang, 'replay.noHistory')];
    case 'no-passing-run':
      return [formatMessage(lang, 'replay.noPassing', { runs: changes.runs })];
    case 'compared':
      if (changes.differences.length === 0) return [formatMessage(lang, 'replay.noChanges', { runId: changes.lastPass.runId })];
      return [formatMessage(lang, 'replay.changes', { runId: changes.lastPass.runId, when: when(changes.lastPass.startedAt) }), ...changes.differences.map((d) => `  ${differenceLine(d, lang)}`)];
  }
}

/** The machine-readable summary of `fieldlink replay --json`. */
export function replayJson(source: ReplaySource, lang: Language): Record<string, unknown> {
  const { session: s, bundle } = source;
  const failure = s.failure ? { ...s.failure, words: failureText(s.failure, lang) } : null;
  return {
    verified: bundle !== undefined,
    kind: bundle ? 'bundle' : 'session-log',
    lang,
    changes:
      source.changes.status === 'compared'
        ? { ...source.changes, differences: source.changes.differences.map((d) => ({ ...d, words: describeDifference(d, lang) })) }
        : source.changes,
    run: { runId: s.runId, port: s.port, profileName: s.profileName, startedAt: s.startedAt, finishedAt: s.finishedAt, outcome: s.outcome, exitCategory: s.exitCategory },
    device: s.device,
    steps: s.steps.map((step) => ({ ...step, title: stepTitle(step.step, lang) })),
    failure,
    failures: s.failures,
    mqtt: s.mqtt,
    fota: s.fota,
    warnings: s.warnings,
    tls: s.tls,
    counts: { events: s.events, traffic: s.traffic },
    ...(bundle
      ? {
          manifest: bundle.manifest,
          versions: bundle.versions,
          profile: bundle.profile,
          certificates: bundle.certificates,
          faults: bundle.faults,
          diagnosis: bundle.diagnosis ? { verdict: bundle.diagnosis.session.verdict, runId: bundle.diagnosis.report.runId } : null,
          history: bundle.history ? { source: bundle.history.source, runs: bundle.history.records.length } : null,
        }
      : {}),
  };
}
