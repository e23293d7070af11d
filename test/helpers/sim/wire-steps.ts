/**
 * Exact-byte steps for the socket / file / HTTP POST / GNSS transcripts: `send` goes out as is
 * (data-mode steps have no CR), `expect` must arrive byte for byte. `{name}` placeholders are
 * filled from `vars` at run time (ports of the test servers, handles). `do` runs an action between
 * steps (e.g. the peer closes its end).
 */
import { DEFAULT_MODEM_SETTINGS, ModemWriter } from '../../../electron/sim/line/writer.ts';
import type { Conversation } from './conversation.ts';

export interface WireStep {
  send?: string;
  expect?: string;
  do?: string;
}

/**
 * The data prompt exactly as the module's writer frames it with ATV1 (docs/at-behaviour.md#prompt;
 * its bytes are pinned by the writer's own tests), so these transcripts follow one framing rule.
 */
export const PROMPT = ((): string => {
  const parts: Buffer[] = [];
  new ModemWriter((bytes) => parts.push(bytes), { ...DEFAULT_MODEM_SETTINGS }).prompt();
  return Buffer.concat(parts).toString('latin1');
})();

export function fill(text: string, vars: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}

export async function runSteps(
  modem: Conversation,
  steps: readonly WireStep[],
  vars: Readonly<Record<string, string | number>>,
  actions: Readonly<Record<string, () => Promise<void> | void>> = {},
): Promise<void> {
  for (const step of steps) {
    if (step.do) {
      const action = actions[step.do];
      if (!action) throw new Error(`no action ${step.do}`);
      await action();
    }
    if (step.send !== undefined) await modem.send(fill(step.send, vars));
    if (step.expect !== undefined) await modem.expect(fill(step.expect, vars));
  }
}
