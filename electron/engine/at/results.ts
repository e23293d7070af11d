/**
 * Final result codes (docs/at-behaviour.md#framing): success (OK, CONNECT, SEND OK) and failure (ERROR,
 * +CME ERROR, +CMS ERROR, NO CARRIER, ...), each failure with its meaning in words.
 */
import { describeCme, describeCms } from './cme-codes.ts';

export type FinalResult =
  | { ok: true; line: string; connect: boolean }
  | { ok: false; line: string; code: number | string | undefined; meaning: string };

const FAILURES: Readonly<Record<string, string>> = {
  ERROR: 'command rejected: syntax error, unsupported form or not allowed now',
  'NO CARRIER': 'connection ended or could not be set up',
  'NO DIALTONE': 'no dial tone',
  BUSY: 'busy',
  'NO ANSWER': 'no answer',
  'SEND FAIL': 'sending failed',
};

function codeOf(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Classifies a line as a final result code, or returns undefined. */
export function parseFinal(line: string): FinalResult | undefined {
  const text = line.trim();
  if (text === 'OK' || text === 'SEND OK') return { ok: true, line: text, connect: false };
  if (text === 'CONNECT' || /^CONNECT \d+$/.test(text)) return { ok: true, line: text, connect: true };
  const cme = /^\+CME ERROR:\s*(.*)$/.exec(text);
  if (cme) {
    const code = codeOf(cme[1] ?? '');
    return { ok: false, line: text, code, meaning: code === undefined ? 'unspecified error' : describeCme(code) };
  }
  const cms = /^\+CMS ERROR:\s*(.*)$/.exec(text);
  if (cms) {
    const code = codeOf(cms[1] ?? '');
    return { ok: false, line: text, code, meaning: code === undefined ? 'unspecified SMS error' : describeCms(code) };
  }
  const meaning = FAILURES[text];
  return meaning ? { ok: false, line: text, code: undefined, meaning } : undefined;
}
