/**
 * `fieldlink at` and `fieldlink term` as a user runs them: the real CLI process against a scripted
 * modem behind tcp://127.0.0.1 (like ser2net), checking stdout, stderr and exit codes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { startTcpModem, typicalModem } from '../helpers/tcp-modem.ts';
import type { TcpModemServer } from '../helpers/tcp-modem.ts';
import { killFieldlinkProcesses, spawnFieldlink, waitUntil, type CliProcess } from '../helpers/fieldlink-cli.ts';

const fieldlink = (args: string[]): CliProcess => spawnFieldlink(args, { stdin: 'pipe' });




describe('fieldlink at', () => {
  let modem: TcpModemServer;

  beforeAll(async () => {
    modem = await startTcpModem((m) => {
      typicalModem(m);
      m.always('AT+CSQ', ['\r\n+CSQ: 19,99\r\n', '\r\n+QIURC: "pdpdeact",1\r\n', '\r\nOK\r\n']);
    }, { echo: true });
  });
  afterEach(() => {
    killFieldlinkProcesses();
  });
  afterAll(async () => {
    await modem.close();
  });

  it('prints the answers of ATI and AT+CGSN as the module gave them and exits 0', async () => {
    const run = fieldlink(['at', '--port', modem.uri, 'ATI', 'AT+CGSN']);

    expect(await run.exited).toBe(EXIT.ok);
    expect(run.stdout()).toBe('Quectel\nEG25\nRevision: EG25GGBR07A08M2G\nOK\n867698041234567\nOK\n');
    expect(run.stderr()).toBe('');
  });

  it('AT+FOO → ERROR: prints ERROR, names the command and its meaning, exits with EXIT.failed', async () => {
    const run = fieldlink(['at', '--port', modem.uri, 'AT+FOO', 'ATI']);

    expect(await run.exited).toBe(EXIT.failed);
    expect(run.stdout()).toBe('ERROR\nQuectel\nEG25\nRevision: EG25GGBR07A08M2G\nOK\n');
    expect(run.stderr()).toMatch(/^fieldlink: AT\+FOO: ERROR \(command rejected/);
  });

  it('S12: +CME ERROR is shown with its meaning', async () => {
    const run = fieldlink(['at', '--port', modem.uri, 'AT+CPIN?']);

    expect(await run.exited).toBe(EXIT.failed);
    expect(run.stdout()).toBe('+CME ERROR: 10\n');
    expect(run.stderr()).toContain('fieldlink: AT+CPIN?: +CME ERROR: 10 (SIM not inserted)');
  });

  it('S5: a URC inside a command is printed marked, and --json gives one object per command', async () => {
    const text = fieldlink(['at', '--port', modem.uri, 'AT+CSQ']);
    const json = fieldlink(['at', '--json', '--port', modem.uri, 'AT+CSQ', 'AT+CPIN?']);

    expect(await text.exited).toBe(EXIT.ok);
    expect(text.stdout()).toBe('+CSQ: 19,99\n[URC] +QIURC: "pdpdeact",1\nOK\n');
    expect(await json.exited).toBe(EXIT.failed);
    const objects = json.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects).toEqual([
      expect.objectContaining({ command: 'AT+CSQ', ok: true, lines: ['+CSQ: 19,99'], final: 'OK', urcs: ['+QIURC: "pdpdeact",1'] }),
      expect.objectContaining({
        command: 'AT+CPIN?',
        ok: false,
        final: '+CME ERROR: 10',
        error: expect.objectContaining({ kind: 'command', code: 10, meaning: 'SIM not inserted' }),
      }),
    ]);
  });

  it('a command the module never answers times out with EXIT.failed and the next one still runs', async () => {
    const run = fieldlink(['at', '--port', modem.uri, '--timeout', '300', 'AT+QSILENT', 'AT+CGSN']);

    expect(await run.exited).toBe(EXIT.failed);
    expect(run.stderr()).toMatch(/AT\+QSILENT: no result within 300 ms/);
    expect(run.stdout()).toBe('867698041234567\nOK\n');
  });

  it('a port nobody listens on exits with EXIT.device naming the port', async () => {
    const closed = await startTcpModem(() => undefined);
    await closed.close();
    const run = fieldlink(['at', '--port', closed.uri, 'ATI']);

    expect(await run.exited).toBe(EXIT.device);
    expect(run.stderr()).toContain(`fieldlink: ${closed.uri}: cannot connect to 127.0.0.1:${closed.port}: connection refused`);
  });

  it('a bad port URI exits with EXIT.usage naming the field', async () => {
    const run = fieldlink(['at', '--port', 'tcp://127.0.0.1', 'ATI']);

    expect(await run.exited).toBe(EXIT.usage);
    expect(run.stderr()).toContain('bad port URI: port is missing');
  });
});

describe('fieldlink at on the virtual TMS2', () => {
  it('sim: ports are served in-process: boot URCs marked, the virtual module answers ATI and AT+QCDS', async () => {
    const run = fieldlink(['at', '--port', 'sim:', 'ATI', 'AT+QCDS']);

    expect(await run.exited).toBe(EXIT.ok);
    expect(run.stdout()).toContain('[URC] RDY\n');
    expect(run.stdout()).toMatch(/\nQuectel\nEC21\nRevision: \S+\nOK\n\+QCDS: "SRV",.*\nOK\n$/);
  });

  it('sim:no-sim: AT+CPIN? gives the module\'s CME error and a non-zero exit', async () => {
    const run = fieldlink(['at', '--port', 'sim:no-sim', 'AT+CMEE=1', 'AT+CPIN?']);

    expect(await run.exited).toBe(EXIT.failed);
    expect(run.stderr()).toContain('+CME ERROR: 10 (SIM not inserted)');
  });
});

describe('fieldlink term', () => {
  let modem: TcpModemServer;

  beforeAll(async () => {
    modem = await startTcpModem(typicalModem, { echo: true });
  });
  afterEach(() => {
    killFieldlinkProcesses();
  });
  afterAll(async () => {
    await modem.close();
  });

  it('runs typed commands, prints live URCs, and Ctrl-C closes the port with exit 0', async () => {
    const run = fieldlink(['term', '--port', modem.uri]);
    const device = await modem.nextModem();
    const deviceClosed = new Promise<void>((resolve) => device.device.onClose(() => resolve()));

    run.child.stdin?.write('ATI\n');
    await waitUntil(() => run.stdout().includes('OK\n'), run.stdout);
    await device.push('\r\n+QIURC: "pdpdeact",1\r\n');
    await waitUntil(() => run.stdout().includes('[URC] +QIURC: "pdpdeact",1'), run.stdout);
    run.child.kill('SIGINT');

    expect(await run.exited).toBe(EXIT.ok);
    await deviceClosed;
    expect(run.stdout()).toBe('> ATI\nQuectel\nEG25\nRevision: EG25GGBR07A08M2G\nOK\n[URC] +QIURC: "pdpdeact",1\n');
  });

  it('S1: the port lost while the terminal is open exits with EXIT.device and says so', async () => {
    const run = fieldlink(['term', '--port', modem.uri]);
    const device = await modem.nextModem();
    run.child.stdin?.write('AT+CGSN\n');
    await waitUntil(() => run.stdout().includes('OK\n'), run.stdout);

    await device.device.close();

    expect(await run.exited).toBe(EXIT.device);
    expect(run.stderr()).toContain(`fieldlink: ${modem.uri}: port lost: the other end closed the connection`);
  });

  it('at end of piped input runs what is left and closes the port', async () => {
    const run = fieldlink(['term', '--port', modem.uri]);
    run.child.stdin?.end('AT+CGSN\nAT+FOO\n');

    expect(await run.exited).toBe(EXIT.ok);
    expect(run.stdout()).toBe('> AT+CGSN\n867698041234567\nOK\n> AT+FOO\nERROR\n! AT+FOO: ERROR (command rejected: syntax error, unsupported form or not allowed now)\n');
  });
});

describe('fieldlink ports', () => {
  it('--json lists the machine\'s serial ports with the same keys for each', async () => {
    const run = fieldlink(['ports', '--json']);

    expect(await run.exited).toBe(EXIT.ok);
    const ports = JSON.parse(run.stdout()) as Array<Record<string, unknown>>;
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) {
      expect(Object.keys(port).sort()).toEqual(['interfaceHint', 'isQuectel', 'manufacturer', 'path', 'productId', 'serialNumber', 'vendorId']);
      expect(port.isQuectel).toBe(port.vendorId === '2c7c');
    }
  });
});
