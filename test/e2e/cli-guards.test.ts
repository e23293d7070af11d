/**
 * The CLI as a careless or hostile user drives it: bad options are refused at once with a reason
 * and exit 2 (nothing started, no run folder), an unexpected error is one line + a crash log +
 * exit 70, and what `fieldlink at` / `fieldlink term` print is redacted like run logs (K1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { TERMINAL_COMMAND_MAX } from '../../shared/ipc.ts';
import { startTcpModem, typicalModem, type TcpModemServer } from '../helpers/tcp-modem.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const children = new Set<ChildProcess>();

interface Cli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function spawnNode(script: string, args: string[], env: Record<string, string> = {}, input?: string): Cli {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FIELDLINK_SIM_FAST: '1', ...env } });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => (children.delete(child), resolve(code))));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

const fieldlink = (args: string[], env: Record<string, string> = {}, input?: string) => spawnNode('bin/fieldlink.mjs', args, env, input);

/** No Node stack trace reached the user. */
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

let work: string;
let home: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fl-e2e-guards-'));
  home = join(work, 'home');
});
afterEach(() => {
  for (const child of children) if (child.pid) process.kill(child.pid, 'SIGKILL');
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('fieldlink run: --out and --port are checked before anything starts (exit 2)', () => {
  it('--out naming an existing file is refused with a reason, not a stack trace', async () => {
    const file = join(work, 'a-file.txt');
    await writeFile(file, 'not a folder');
    const cli = fieldlink(['run', '--port', 'sim:', '--out', file], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toBe(`fieldlink: --out ${file}: is a file; give a folder (it is created if missing)\n`);
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  }, 60_000);

  it('--out /proc/1/x is refused at once (no busy loop), naming the folder', async () => {
    const cli = fieldlink(['run', '--port', 'sim:', '--out', '/proc/1/x'], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toMatch(/^fieldlink: --out \/proc\/1\/x: cannot (create|write in) this folder \(.+\)\n$/);
  }, 60_000);

  it('--out under a file is refused (a parent is not a folder)', async () => {
    const file = join(work, 'plain');
    await writeFile(file, '');
    const cli = fieldlink(['diagnose', '--port', 'sim:', '--out', join(file, 'runs')], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain(`${file} is not a folder`);
  }, 60_000);

  it('--port sim:<unknown scenario> exits 2 listing the scenarios; no cloud starts, no run folder is written', async () => {
    const out = join(work, 'runs-unknown');
    const cli = fieldlink(['run', '--port', 'sim:no-such-fault', '--json', '--out', out], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toMatch(/^fieldlink: --port sim:no-such-fault: unknown scenario "no-such-fault"; the virtual device knows: .*\bno-sim\b/);
    expect(cli.stdout()).toBe('');
    expect(await readdir(out).catch(() => [])).toEqual([]);
  }, 60_000);

  it('a known scenario with an unknown one joined by + is refused naming only the unknown', async () => {
    const cli = fieldlink(['at', '--port', 'sim:no-sim+typo', 'ATI'], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain('unknown scenario "typo"');
    expect(cli.stderr()).not.toContain('"no-sim"');
  }, 60_000);
});

describe('fieldlink at: the terminal rule and words for users', () => {
  it(`a command longer than the UI terminal's cap (${TERMINAL_COMMAND_MAX}) is refused before the port is opened`, async () => {
    const long = `AT+QMTSUB=0,1,"${'t'.repeat(TERMINAL_COMMAND_MAX)}",1`;
    const cli = fieldlink(['at', '--port', 'tcp://127.0.0.1:1', long], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toBe(`fieldlink: the command is ${long.length} characters long; a terminal command may be at most ${TERMINAL_COMMAND_MAX}\n`);
  }, 60_000);

  it('AT+QMTPUB (needs data after a > prompt) says what to do instead, never the internal API text', async () => {
    const cli = fieldlink(['at', '--port', 'sim:', 'AT+QMTPUB=0,1,1,0,"DDTM/UP/x"'], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain('AT+QMTPUB sends data after a ">" prompt, which a terminal cannot type');
    expect(cli.stderr()).toContain('fieldlink run --stay');
    expect(cli.stderr()).not.toMatch(/AtRequest|payload/);
  }, 60_000);

  it('AT+QFUPL (needs bytes after CONNECT) points at the run', async () => {
    const cli = fieldlink(['at', '--port', 'sim:', 'AT+QFUPL="UFS:ca.pem",10,5'], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain('AT+QFUPL sends data after CONNECT');
    expect(cli.stderr()).not.toContain('AtRequest');
  }, 60_000);
});

describe('cloud and web refuse bad values with a reason (exit 2)', () => {
  it('cloud --publish-firmware main=notsemver', async () => {
    const cli = fieldlink(['cloud', '--ephemeral', '--publish-firmware', 'main=notsemver'], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain('firmware version "notsemver" cannot be read as a version');
    noStack(cli.stderr());
  }, 60_000);

  it('web --data-dir <a file>', async () => {
    const file = join(work, 'data-file');
    await writeFile(file, 'x');
    const cli = fieldlink(['web', '--no-build', '--data-dir', file], { HOME: home });
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toBe(`fieldlink web: --data-dir ${file}: is a file; give a folder (it is created if missing)\n`);
  }, 60_000);
});

describe('web mode stores no credential (K3)', () => {
  it('starts without the old "stored unencrypted" warning and writes no secrets file', async () => {
    const data = join(work, 'web-data');
    const renderer = join(work, 'renderer');
    await mkdir(renderer, { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
    const cli = fieldlink(['web', '--port', '0', '--data-dir', data, '--renderer-dir', renderer], { HOME: home });
    const deadline = Date.now() + 60_000;
    while (!cli.stdout().includes('Fieldlink web UI:') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cli.stdout()).toContain('Fieldlink web UI: http://127.0.0.1:');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(EXIT.ok);
    expect(cli.stderr()).not.toMatch(/unencrypted|keychain/i);
    expect(await readdir(data)).not.toContain('secrets.json');
  }, 90_000);
});

describe('an unexpected error: one line, a crash log in the data folder, exit 70', () => {
  const crashCli = (args: string[], crashHome: string) => spawnNode('test/helpers/crash-cli/main.mjs', args, { HOME: crashHome });

  it.each([
    ['thrown by the command', []],
    ['thrown later from a timer', ['--later']],
  ])('an error %s', async (_what, extra) => {
    const crashHome = await mkdtemp(join(work, 'crash-home-'));
    const secret = 'Sup3r-S3cret-pw';
    const cli = crashCli(['boom', ...extra, `AT+QMTCONN=0,"id","user","${secret}"`], crashHome);
    expect(await cli.exited).toBe(EXIT.internal);
    const lines = cli.stderr().split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^fieldlink boom: internal error: Error: state table lost its row for AT\+QMTCONN=0,"id","user","\[REDACTED\]" \(a bug in Fieldlink; details in .+crash-.+\.log\)$/);
    noStack(cli.stderr());
    const dir = join(crashHome, '.fieldlink', 'crash');
    const [log] = await readdir(dir);
    const text = await readFile(join(dir, log ?? ''), 'utf8');
    expect(text).toMatch(/^\s+at .+boom\.ts:\d+:\d+/m); // the stack is in the log
    expect(text).toContain('caused by:\nRangeError: index 7 out of range');
    expect(text).not.toContain(secret);
    expect((await stat(join(dir, log ?? ''))).mode & 0o777).toBe(0o600);
  }, 60_000);
});

describe('K1: fieldlink at and fieldlink term print what run logs would: redacted', () => {
  let modem: TcpModemServer;
  const PASSWORD = 'Lower-Case-pw9';
  const typed = `at+qmtconn=0, "dev-1", "dev-1", "${PASSWORD}"`;

  beforeAll(async () => {
    modem = await startTcpModem((m) => {
      typicalModem(m);
      m.always(/^at\+qmtconn/i, '\r\n+CME ERROR: 3\r\n');
    }, { echo: true });
  });
  afterAll(async () => modem.close());

  it('a lowercase QMTCONN with spaces after commas: the password is in no output of fieldlink at (text and --json)', async () => {
    const text = fieldlink(['at', '--port', modem.uri, typed], { HOME: home });
    const json = fieldlink(['at', '--json', '--port', modem.uri, typed], { HOME: home });
    expect(await text.exited).toBe(EXIT.failed);
    expect(await json.exited).toBe(EXIT.failed);
    for (const output of [text.stdout(), text.stderr(), json.stdout(), json.stderr()]) expect(output).not.toContain(PASSWORD);
    expect(text.stderr()).toContain('"dev-1", "[REDACTED]"');
    expect(JSON.parse(json.stdout().trim()) as unknown).toMatchObject({ command: 'at+qmtconn=0, "dev-1", "dev-1", "[REDACTED]"', ok: false });
  }, 60_000);

  it('fieldlink term with piped input shows the command and its error redacted', async () => {
    const term = fieldlink(['term', '--port', modem.uri], { HOME: home }, `${typed}\nexit\n`);
    expect(await term.exited).toBe(EXIT.ok);
    expect(term.stdout() + term.stderr()).not.toContain(PASSWORD);
    expect(term.stdout()).toContain('> at+qmtconn=0, "dev-1", "dev-1", "[REDACTED]"');
  }, 60_000);
});
