// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { Terminal } from '../../../renderer/features/terminal/components/Terminal.tsx';
import { moveHistory, HISTORY_START } from '../../../renderer/features/terminal/history.ts';
import { cleanup, renderWithStore } from './harness.tsx';

// happy-dom has no layout: give elements a size so react-virtual has a viewport to fill.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const XSS = '<img src=x onerror=alert(1)>';

async function openTerminal() {
  const h = await renderWithStore(<Terminal />, {
    handlers: {
      sendAt: ({ command }) => {
        if (command === 'ATI') return { command, lines: ['Quectel', 'EC21', `Revision: ${XSS}`], final: 'OK' };
        // The back end redacts the command it sends back (electron/app/terminal.ts).
        if (command.startsWith('AT+QMTCONN=')) return { command: 'AT+QMTCONN=0,"id","user","[REDACTED]"', lines: [], final: 'OK' };
        return { command, lines: [], final: '+CME ERROR: 58', error: 'unknown command' };
      },
    },
  });
  await h.run(() => h.store.actions.ports.selectPort('/dev/ttyUSB2'));
  return h;
}

const input = () => screen.getByLabelText('AT command') as HTMLInputElement;
const send = (text: string) => {
  fireEvent.change(input(), { target: { value: text } });
  fireEvent.submit(input().closest('form') as HTMLFormElement);
};
const texts = () => [...document.querySelectorAll('.terminal-text')].map((el) => el.textContent);

describe('AT terminal', () => {
  it('asks for a port before anything can be sent', async () => {
    await renderWithStore(<Terminal />);
    expect(input().disabled).toBe(true);
    expect(screen.getByText('Choose a port to talk to.')).toBeTruthy();
  });

  it('sends the typed command with sendAt and shows the answer inline, markup as text (E3)', async () => {
    const h = await openTerminal();
    await h.run(() => send('ATI'));
    expect(h.api.requests('sendAt')).toEqual([{ port: '/dev/ttyUSB2', command: 'ATI' }]);
    expect(texts()).toEqual(['ATI', 'Quectel', 'EC21', `Revision: ${XSS}`, 'OK']);
    expect(document.querySelector('.terminal-scroll img')).toBeNull();
    expect(input().value).toBe('');
  });

  it('shows errors and URCs that arrive between commands', async () => {
    const h = await openTerminal();
    await h.run(() => send('AT+FOO'));
    h.emit({ channel: 'terminal', port: '/dev/ttyUSB2', t: Date.now(), kind: 'urc', text: '+QIND: SMS DONE' });
    h.emit({ channel: 'terminal', port: '/dev/ttyUSB9', t: Date.now(), kind: 'urc', text: 'other port' });
    expect(texts()).toEqual(['AT+FOO', '+CME ERROR: 58', 'Error: unknown command', '+QIND: SMS DONE']);
    expect(document.querySelector('.terminal-urc')?.textContent).toContain('+QIND: SMS DONE');
  });

  it('never shows a password typed in a command: only its name until the redacted echo comes back (K1)', async () => {
    const h = await openTerminal();
    let shownWhilePending: (string | null)[] = [];
    const pending = h.run(() => {
      send('AT+QMTCONN=0,"id","user","hunter2pass"');
      shownWhilePending = texts();
    });
    await pending;
    expect(shownWhilePending.join('\n')).not.toContain('hunter2pass');
    expect(texts()).toEqual(['AT+QMTCONN=0,"id","user","[REDACTED]"', 'OK']);
    expect(document.body.textContent).not.toContain('hunter2pass');
  });

  it('recalls earlier commands with Up and Down', async () => {
    const h = await openTerminal();
    await h.run(() => send('ATI'));
    await h.run(() => send('AT+FOO'));
    fireEvent.change(input(), { target: { value: 'AT+Q' } });
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('AT+FOO');
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('ATI');
    fireEvent.keyDown(input(), { key: 'ArrowUp' });
    expect(input().value).toBe('ATI');
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    fireEvent.keyDown(input(), { key: 'ArrowDown' });
    expect(input().value).toBe('AT+Q');
  });
});

describe('moveHistory', () => {
  it('keeps the draft when walking back down', () => {
    const up = moveHistory(['A', 'B'], HISTORY_START, 'dr', 'up');
    expect(up.text).toBe('B');
    expect(moveHistory(['A', 'B'], up.cursor, 'B', 'down').text).toBe('dr');
  });
});
