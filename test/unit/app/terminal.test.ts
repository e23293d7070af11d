/**
 * The UI's AT terminal over a real TCP port to a scripted modem: what it publishes (terminal
 * events, the sendAt answer, error text) is redacted like a run log (K1), and a command it cannot
 * send is refused in the same words as `fieldlink at`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IpcEvent } from '../../../shared/ipc.ts';
import { TERMINAL_COMMAND_MAX } from '../../../shared/ipc.ts';
import { TerminalSessions } from '../../../electron/app/terminal.ts';
import { openTransport } from '../../../electron/engine/transport/uri.ts';
import { startTcpModem, typicalModem, type TcpModemServer } from '../../helpers/tcp-modem.ts';

const PASSWORD = 'pw-Typed-In-UI';

let modem: TcpModemServer;
let terminal: TerminalSessions;
let events: IpcEvent[];

beforeAll(async () => {
  modem = await startTcpModem((m) => {
    typicalModem(m);
    m.always(/^at\+qmtconn/i, '\r\n+CME ERROR: 3\r\n');
  }, { echo: true });
});
afterAll(async () => modem.close());
afterEach(async () => terminal.closeAll());

function make(): void {
  events = [];
  terminal = new TerminalSessions({ emit: (e) => events.push(e), openPort: (uri) => openTransport(uri) });
}

describe('UI terminal (K1)', () => {
  it.each([
    `at+qmtconn=0,"id","user","${PASSWORD}"`,
    `AT+QMTCONN=0, "id", "user", "${PASSWORD}"`,
    `At+QmtConn=0,"id","user","${PASSWORD}"`,
  ])('%s: the password is in no terminal event, answer or error text', async (command) => {
    make();
    const answer = await terminal.send(modem.uri, command);
    const published = JSON.stringify(events) + JSON.stringify(answer);
    expect(published).not.toContain(PASSWORD);
    expect(answer.error).toContain('[REDACTED]');
    expect(answer.command).toMatch(/qmtconn.*\[REDACTED\]/i);
    const texts = events.flatMap((e) => (e.channel === 'terminal' ? [e.text] : []));
    expect(texts.some((t) => /qmtconn.*\[REDACTED\]/i.test(t))).toBe(true);
  });

  it('AT+QMTPUB is refused in user words, before anything is sent', async () => {
    make();
    await expect(terminal.send(modem.uri, 'AT+QMTPUB=0,1,1,0,"t"')).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('a terminal cannot type'),
    });
    expect(events).toEqual([]);
  });

  it(`a command longer than ${TERMINAL_COMMAND_MAX} characters is refused`, async () => {
    make();
    await expect(terminal.send(modem.uri, `AT${'X'.repeat(TERMINAL_COMMAND_MAX)}`)).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining(`at most ${TERMINAL_COMMAND_MAX}`) });
  });
});
