/** A yes/no question on the terminal (the FOTA offer). Anything but y/yes is no. */
import { createInterface } from 'node:readline/promises';
import type { FotaOffer } from '../../../shared/events.ts';
import { formatMessage, type Language } from '../../../shared/messages/index.ts';

export async function askYesNo(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: true });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

export function fotaQuestion(offer: FotaOffer, lang: Language = 'en'): string {
  const kib = Math.round(offer.size / 1024);
  return formatMessage(lang, 'cli.fotaQuestion', { target: offer.target, offered: offer.offered, current: offer.current, kib });
}
