/**
 * Reading the AT engine's AtCommandError (ERROR / +CME ERROR): the numeric code (also from a
 * CMEE=2 text such as `SIM not inserted`), and whether it was a plain ERROR.
 */
import { CME_CODES } from '../at/cme-codes.ts';
import { AtCommandError } from '../at/errors.ts';

/** Text → code; when two families share a text (4 and 555 "operation not supported") the 3GPP code wins. */
const CODE_BY_TEXT = new Map<string, number>();
for (const [code, text] of Object.entries(CME_CODES).sort(([a], [b]) => Number(a) - Number(b))) {
  if (!CODE_BY_TEXT.has(text.toLowerCase())) CODE_BY_TEXT.set(text.toLowerCase(), Number(code));
}

/** The numeric +CME ERROR code; a text code (CMEE=2) is mapped back through the CME table. */
export function moduleErrorCode(error: unknown): number | undefined {
  if (!(error instanceof AtCommandError) || !error.final.startsWith('+CME ERROR')) return undefined;
  if (typeof error.code === 'number') return error.code;
  return typeof error.code === 'string' ? CODE_BY_TEXT.get(error.code.trim().toLowerCase()) : undefined;
}

/** The text of `+CME ERROR: <text>` (CMEE=2), if any. */
export function moduleErrorText(error: unknown): string | undefined {
  return error instanceof AtCommandError && typeof error.code === 'string' ? error.code : undefined;
}

/** True for a plain `ERROR` final result. */
export function isPlainError(error: unknown): boolean {
  return error instanceof AtCommandError && error.final.trim() === 'ERROR';
}
