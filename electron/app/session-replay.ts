/**
 * Opens a saved session log (JSONL text the user picked) for replay: every line must be a valid
 * runner event (shared/events.ts), and a bad line is reported with its file name and line number.
 * The events are redacted again on the way in, in case the log came from an older version (K1).
 */
import type { RunnerEvent } from '../../shared/events.ts';
import { Redactor } from '../engine/session/redaction.ts';
import { parseEventLine } from '../engine/session/session-log.ts';
import { AppError } from './errors.ts';

export interface ReplayedSession {
  runId: string;
  events: RunnerEvent[];
}

export function parseSessionText(name: string, content: string): ReplayedSession {
  const redactor = new Redactor();
  const lines = content.replace(/^\uFEFF/, '').split('\n');
  const events: RunnerEvent[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    events.push(redactor.redactEvent(parseLine(line.replace(/\r$/, ''), `${name}:${index + 1}`)));
  });
  if (events.length === 0) throw new AppError('bad-session', `${name}: the session log is empty`);
  const started = events.find((e) => e.type === 'run-started');
  return { runId: started?.runId ?? `replay-${safeSlug(name)}`, events };
}

function parseLine(line: string, where: string): RunnerEvent {
  const parsed = parseEventLine(line, where);
  if ('problem' in parsed) throw new AppError('bad-session', parsed.problem);
  return parsed.event;
}

function safeSlug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'session';
}
