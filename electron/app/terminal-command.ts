/**
 * What a terminal command may be — the same rule for the UI's AT terminal and for `fieldlink at`
 * and `fieldlink term` — and the words a user sees when it is not: what to do instead, never the
 * engine's internal API text.
 */
import { TERMINAL_COMMAND_MAX } from '../../shared/ipc.ts';
import { resolveCommand } from '../engine/at/command-spec.ts';
import { Redactor } from '../engine/session/redaction.ts';

export { TERMINAL_COMMAND_MAX };

/** Commands that wait for bytes after CONNECT or a `>` prompt, and where that job is done instead. */
const DATA_COMMAND_HINTS: Readonly<Record<string, string>> = {
  'AT+QMTPUB': 'publish from a run\'s live MQTT session instead (`fieldlink run --stay`, or the MQTT panel of the app)',
  'AT+QFUPL': 'certificates and keys are uploaded by a run (`fieldlink run`); list the module\'s files with AT+QFLST="*"',
  'AT+QHTTPURL': 'HTTP requests are made by a run (`fieldlink run`); read the last answer with AT+QHTTPREAD',
  'AT+QHTTPPOST': 'HTTP requests are made by a run (`fieldlink run`)',
  'AT+QISEND': 'socket data cannot be typed here; use a serial tool such as `fieldlink sim` with your own client',
};

const redactor = new Redactor();

/** Why `command` cannot be sent from a terminal, in words for the user; undefined when it can. */
export function terminalCommandProblem(command: string): string | undefined {
  const text = command.trim();
  if (text === '') return 'type an AT command, e.g. ATI';
  if (text.length > TERMINAL_COMMAND_MAX) {
    return `the command is ${text.length} characters long; a terminal command may be at most ${TERMINAL_COMMAND_MAX}`;
  }
  if (/[\r\n]/.test(text)) return 'a command is one line (Fieldlink ends it with CR itself); send several commands one by one';
  if (!/^AT/i.test(text)) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return `${JSON.stringify(redactor.redact(shown))} is not an AT command (commands start with AT)`;
  }
  const spec = resolveCommand({ command: text });
  if (spec.data === 'upload-connect' || spec.data === 'prompt') {
    const after = spec.data === 'prompt' ? 'a ">" prompt' : 'CONNECT';
    const instead = DATA_COMMAND_HINTS[spec.name] ?? 'this is done by a run (`fieldlink run`)';
    return `${spec.name} sends data after ${after}, which a terminal cannot type: ${instead}`;
  }
  return undefined;
}
