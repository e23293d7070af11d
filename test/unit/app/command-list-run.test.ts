/** The command-list runner's rules: pauses between lines, what passes, what stops the run (docs/command-lists.md). */
import { describe, expect, it } from 'vitest';
import { runCommandLines } from '../../../electron/app/command-list-run.ts';

const answers: Record<string, { lines: string[]; final: string; error?: string }> = {
  ATI: { lines: ['Quectel', 'EC21'], final: 'OK' },
  'AT+QPING=1,"x"': { lines: [], final: '', error: 'AT+QPING: no final result within 4000 ms' },
  'AT+FOO': { lines: [], final: 'ERROR', error: 'AT+FOO: ERROR' },
};

function fakeSend(sent: string[]) {
  return async (command: string) => {
    sent.push(command);
    if (command === 'AT+LOST') throw Object.assign(new Error('the port closed'), { name: 'AtClosedError' });
    const answer = answers[command];
    if (!answer) throw new Error(`unexpected ${command}`);
    return { command, ...answer };
  };
}

describe('runCommandLines', () => {
  it('pauses after a line as long as its delay says (not after the last line)', async () => {
    const sleeps: number[] = [];
    const sent: string[] = [];
    const run = await runCommandLines(
      [{ command: 'ATI', delayMs: 300 }, { command: 'ATI' }, { command: 'ATI', delayMs: 700 }],
      { send: fakeSend(sent), sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(sleeps).toEqual([300]);
    expect(sent).toEqual(['ATI', 'ATI', 'ATI']);
    expect(run.passed).toBe(true);
  });

  it('a timeout fails even when its expectation would match; an expected ERROR passes; without expectation ERROR fails', async () => {
    const run = await runCommandLines(
      [{ command: 'AT+QPING=1,"x"', expect: '/.*/' }, { command: 'AT+FOO', expect: 'ERROR' }, { command: 'AT+FOO' }, { command: 'ATI', expect: '/ec2\\d/i' }],
      { send: fakeSend([]) },
    );
    expect(run.results.map((r) => r.outcome)).toEqual(['failed', 'passed', 'failed', 'passed']);
    expect(run.results[0]?.error).toMatch(/no final result/);
  });

  it('a lost port ends the run: the remaining lines are skipped without being sent', async () => {
    const sent: string[] = [];
    const seen: string[] = [];
    const run = await runCommandLines([{ command: 'ATI' }, { command: 'AT+LOST' }, { command: 'ATI' }], {
      send: fakeSend(sent),
      onResult: (r) => seen.push(`${r.index}:${r.outcome}`),
    });
    expect(sent).toEqual(['ATI', 'AT+LOST']);
    expect(seen).toEqual(['0:passed', '1:failed', '2:skipped']);
    expect(run.results[1]?.error).toBe('the port closed');
  });
});
