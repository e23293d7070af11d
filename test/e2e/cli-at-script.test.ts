/**
 * `fieldlink at --port sim: --script FILE` as a user runs it: the real CLI process against the
 * in-process virtual device, a script with passing and failing expectations and a command that
 * carries a password. Checks the per-line output, the exit code and that no secret is printed (K1).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { killFieldlinkProcesses, spawnFieldlink, type CliProcess } from '../helpers/fieldlink-cli.ts';

const fieldlink = (args: string[]): CliProcess => spawnFieldlink(args, { env: { HOME: join(work, 'home'), FIELDLINK_SIM_FAST: '1' } });

const SECRET = 'Sw0rdfish-apn-secret';
let work: string;


/** Durations vary: `(12 ms)` → `(N ms)`. */
const normal = (text: string) => text.replace(/\(\d+ ms\)/g, '(N ms)');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-script-'));
});
afterEach(() => {
  killFieldlinkProcesses();
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fieldlink at --script', () => {
  it('prints each line with PASS/FAIL, the answer and what was expected; exits EXIT.failed; the password never printed (K1)', { timeout: 60_000 }, async () => {
    const script = join(work, 'check.txt');
    await writeFile(
      script,
      [
        '# identity and SIM',
        'ATI',
        '=> Quectel',
        'AT+CPIN?',
        '=> /^\\+CPIN: READY$/m',
        '@wait 50ms',
        'AT+CPIN?',
        '=> SIM PIN',
        `AT+QICSGP=1,1,"internet","fleet","${SECRET}",1`,
        'AT+FOO',
        '=> ERROR',
      ].join('\n'),
    );
    const run = fieldlink(['at', '--port', 'sim:', '--script', script]);
    expect(await run.exited).toBe(EXIT.failed);
    expect(run.stderr()).toBe('');
    const out = normal(run.stdout());
    expect(out).toMatch(/^PASS 1 ATI \(N ms\)\n {6}Quectel\n {6}EC2\d\n {6}Revision: \S+\n {6}OK\n/);
    expect(out).toContain('PASS 2 AT+CPIN? (N ms)\n      +CPIN: READY\n      OK\n');
    expect(out).toContain('FAIL 3 AT+CPIN? (N ms)\n      +CPIN: READY\n      OK\n      ! expected: SIM PIN\n');
    expect(out).toContain('PASS 4 AT+QICSGP=1,1,"internet","fleet","[REDACTED]",1 (N ms)\n      OK\n');
    expect(out).toContain('PASS 5 AT+FOO (N ms)\n      ERROR\n');
    expect(out.endsWith('4 of 5 passed, 1 failed\n')).toBe(true);
    expect(run.stdout() + run.stderr()).not.toContain(SECRET);
  });

  it('a list saved by the app runs as it is, --json prints one object per line, and exit 0 when every line passed', { timeout: 60_000 }, async () => {
    const file = join(work, 'saved.json');
    await writeFile(file, JSON.stringify({ name: 'saved', lines: [{ command: 'AT', expect: 'OK' }, { command: 'AT+CGSN', expect: '/^\\d{15}$/m' }] }));
    const run = fieldlink(['at', '--port', 'sim:', '--script', file, '--json']);
    expect(await run.exited).toBe(EXIT.ok);
    const objects = run
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((o) => o.outcome ?? 'summary')).toEqual(['passed', 'passed', 'summary']);
    expect(objects[1]).toMatchObject({ index: 1, command: 'AT+CGSN', expect: '/^\\d{15}$/m', final: 'OK' });
    expect(objects[2]).toEqual({ summary: { passed: 2, failed: 0, skipped: 0, total: 2 } });
  });

  it('a script that does not parse names every bad line and exits EXIT.usage before opening the port; --stop-on-error skips the rest', { timeout: 60_000 }, async () => {
    const bad = join(work, 'bad.txt');
    await writeFile(bad, ['=> OK', 'ATI', 'reboot please', '@wait forever'].join('\n'));
    const refused = fieldlink(['at', '--port', 'sim:', '--script', bad]);
    expect(await refused.exited).toBe(EXIT.usage);
    expect(refused.stdout()).toBe('');
    expect(refused.stderr().split('\n').filter(Boolean)).toEqual([
      `fieldlink: ${bad}: line 1: "=>" gives the answer of the command above it, and there is none`,
      `fieldlink: ${bad}: line 3: a command starts with AT (comments start with #, expected answers with =>)`,
      `fieldlink: ${bad}: line 4: write a pause as "@wait 500ms" or "@wait 2s" (at most 600 s)`,
    ]);

    const stop = join(work, 'stop.txt');
    await writeFile(stop, ['AT+CPIN?', '=> NOT INSERTED', 'ATI'].join('\n'));
    const stopped = fieldlink(['at', '--port', 'sim:', '--script', stop, '--stop-on-error']);
    expect(await stopped.exited).toBe(EXIT.failed);
    expect(normal(stopped.stdout())).toBe('FAIL 1 AT+CPIN? (N ms)\n      +CPIN: READY\n      OK\n      ! expected: NOT INSERTED\nSKIP 2 ATI\n0 of 2 passed, 1 failed, 1 skipped\n');
  });
});
