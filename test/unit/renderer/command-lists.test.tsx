// @vitest-environment happy-dom
/**
 * The terminal's command lists: pick a saved list into the editor, save and delete through the
 * API, run on the chosen port, per-line results with failures marked; script problems and a
 * refused secret line shown in the user's language.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import type { CommandList, CommandListRun } from '../../../shared/command-list.ts';
import { CommandLists } from '../../../renderer/features/terminal/components/CommandLists.tsx';
import { cleanup, renderWithStore } from './harness.tsx';

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const SAVED: CommandList = { name: 'SIM check', lines: [{ command: 'AT+CPIN?', expect: 'READY' }, { command: 'AT+QCCID', delayMs: 500 }], stopOnFailure: true };

const RUN: CommandListRun = {
  passed: false,
  results: [
    { index: 0, command: 'AT+CPIN?', expect: 'READY', lines: ['+CPIN: READY'], final: 'OK', outcome: 'passed', durationMs: 12 },
    { index: 1, command: 'AT+QCCID', expect: '8982', lines: ['+QCCID: 89450000000000000001'], final: 'OK', outcome: 'failed', durationMs: 30 },
    { index: 2, command: 'ATI', lines: [], final: '', outcome: 'skipped', durationMs: 0 },
  ],
};

async function open(options: { language?: 'en' | 'ko'; port?: boolean } = {}) {
  const saved = new Map<string, CommandList>([[SAVED.name, SAVED]]);
  const h = await renderWithStore(<CommandLists />, {
    settings: { language: options.language ?? 'en' },
    handlers: {
      listCommandLists: () => [...saved.keys()].sort(),
      readCommandList: ({ name }) => saved.get(name) ?? SAVED,
      saveCommandList: ({ list }) => {
        if (list.lines.some((l) => l.command.includes('QMTCONN'))) return { ok: false, issues: [{ path: 'lines.1.command', message: 'holds a password or key' }] };
        saved.set(list.name, list as CommandList);
        return { ok: true, issues: [], path: `/data/command-lists/${list.name}.json` };
      },
      deleteCommandList: ({ name }) => {
        saved.delete(name);
        return {};
      },
      runCommandList: () => RUN,
    },
  });
  await h.run(async () => undefined); // the list names load on mount
  if (options.port !== false) await h.run(() => h.store.actions.ports.selectPort('/dev/ttyUSB2'));
  return h;
}

const script = () => screen.getByLabelText('Commands') as HTMLTextAreaElement;
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('command lists in the terminal panel', () => {
  it('picking a saved list shows it in the script format; Run sends its lines to the port and shows each result, failures marked', async () => {
    const h = await open();
    const select = screen.getByLabelText('Saved list') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['New list', 'SIM check']);
    await h.run(() => fireEvent.change(select, { target: { value: 'SIM check' } }));
    expect(script().value).toBe('AT+CPIN?\n=> READY\nAT+QCCID\n@wait 500ms\n');
    expect((screen.getByLabelText('Stop at the first failure') as HTMLInputElement).checked).toBe(true);

    await h.run(() => fireEvent.click(button('Run')));
    expect(h.api.requests('runCommandList')).toEqual([
      { port: '/dev/ttyUSB2', lines: [{ command: 'AT+CPIN?', expect: 'READY' }, { command: 'AT+QCCID', delayMs: 500 }], stopOnFailure: true },
    ]);
    const rows = [...document.querySelectorAll('.cmdlists-results tbody tr')];
    expect(rows.map((r) => r.className)).toEqual(['cmdlists-row cmdlists-passed', 'cmdlists-row cmdlists-failed', 'cmdlists-row cmdlists-skipped']);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['1', 'AT+CPIN?', '+CPIN: READY\nOK', 'READY', 'PASS', '12 ms'],
      ['2', 'AT+QCCID', '+QCCID: 89450000000000000001\nOK', '8982', 'FAIL', '30 ms'],
      ['3', 'ATI', '', '', 'SKIP', ''],
    ]);
    expect(screen.getByText('1 of 3 passed, 1 failed, 1 skipped').className).toContain('cmdlists-failed');
  });

  it('a new list is saved under its name and appears in the picker; Delete removes it', async () => {
    const h = await open();
    fireEvent.change(screen.getByLabelText('List name'), { target: { value: 'identity' } });
    fireEvent.change(script(), { target: { value: 'ATI\n=> Quectel\n# the IMEI\nAT+CGSN\n' } });
    await h.run(() => fireEvent.click(button('Save')));
    expect(h.api.requests('saveCommandList')).toEqual([{ list: { name: 'identity', lines: [{ command: 'ATI', expect: 'Quectel' }, { command: 'AT+CGSN' }] } }]);
    expect(screen.getByRole('status').textContent).toBe('Saved "identity".');
    const select = screen.getByLabelText('Saved list') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'SIM check', 'identity']);
    expect(select.value).toBe('identity');

    await h.run(() => fireEvent.click(button('Delete')));
    expect(h.api.requests('deleteCommandList')).toEqual([{ name: 'identity' }]);
    expect([...select.options].map((o) => o.value)).toEqual(['', 'SIM check']);
  });

  it('script problems are named by line in Korean, and nothing is sent', async () => {
    const h = await open({ language: 'ko' });
    fireEvent.change(screen.getByLabelText('명령'), { target: { value: 'ATI\nreboot\n@wait soon' } });
    await h.run(() => fireEvent.click(screen.getByRole('button', { name: '실행' })));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual([
      '2번 줄: 명령은 AT로 시작합니다 (주석은 #, 기대 응답은 =>로 시작).',
      '3번 줄: 대기는 "@wait 500ms" 또는 "@wait 2s"로 씁니다 (최대 600초).',
    ]);
    expect(h.api.requests('runCommandList')).toEqual([]);
  });

  it('K3: a line the back end refuses to store (a password) is named; without a port Run is disabled', async () => {
    const h = await open({ port: false });
    fireEvent.change(screen.getByLabelText('List name'), { target: { value: 'mqtt' } });
    fireEvent.change(script(), { target: { value: 'ATI\nAT+QMTCONN=0,"dev","user","pw"' } });
    expect(button('Run').disabled).toBe(true);
    expect(screen.getByText('Choose a port to run the list on.')).toBeTruthy();
    await h.run(() => fireEvent.click(button('Save')));
    expect(screen.getByRole('alert').textContent).toBe('Line 2 holds a password or key. Lists are stored in plain text: type that command in the terminal instead.');
    expect(h.api.requests('listCommandLists')).toHaveLength(1);
  });
});
