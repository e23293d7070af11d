/**
 * `fieldlink run`, `fieldlink demo` and `fieldlink diagnose` as a user runs them: the real CLI
 * process, its stdout (JSON events or plain lines), stderr and exit codes (exit-codes.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { devicesDir } from '../../electron/cloud/device-store.ts';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { startDemoKit, type DemoKit } from '../../electron/demo/demo-kit.ts';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnTcp, type TcpExposure } from '../../electron/sim/serve/tcp.ts';
import { parseRunnerEvent, type RunnerEvent } from '../../shared/events.ts';
import { ENGLISH_LOCALE, killFieldlinkProcesses, spawnFieldlink, waitUntil, type CliProcess } from '../helpers/fieldlink-cli.ts';

const fieldlink = (args: string[], env: Record<string, string> = {}): CliProcess => spawnFieldlink(args, { env: { ...ENGLISH_LOCALE, ...env } });

const jsonEvents = (text: string): RunnerEvent[] => text.split('\n').filter((line) => line.trim() !== '').map((line) => parseRunnerEvent(JSON.parse(line)));

let out: string;
const FAST = { FIELDLINK_SIM_FAST: '1' };

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'fl-e2e-cli-'));
});
afterEach(() => {
  killFieldlinkProcesses();
});
afterAll(async () => rm(out, { recursive: true, force: true }));

/** The run's events without its lifecycle transitions (run-state), which follow run-finished up to closed. */
const withoutRunState = (events: readonly RunnerEvent[]) => events.filter((e) => e.type !== 'run-state');

describe('fieldlink demo', () => {
  it('runs the whole sequence with FOTA, ends connected, prints where the report is', async () => {
    const cli = fieldlink(['demo', '--fast', '--json', '--out', out]);
    expect(await cli.exited).toBe(EXIT.ok);
    const events = jsonEvents(cli.stdout());
    expect(withoutRunState(events).at(-1)).toMatchObject({ type: 'run-finished', outcome: 'passed', exitCategory: 'ok' });
    expect(events.filter((e) => e.type === 'fota-result').map((e) => e.type === 'fota-result' && [e.target, e.ok])).toEqual([['main', true], ['sub', true]]);
    expect(events.some((e) => e.type === 'mqtt-state' && e.state === 'published')).toBe(true);
    const reportPath = /report:\s+(\S+report\.html)/.exec(cli.stderr())?.[1];
    expect(reportPath).toBeDefined();
    expect(await readFile(reportPath ?? '', 'utf8')).toContain('PASSED');
  }, 120_000);
});

describe('fieldlink run', () => {
  let kit: DemoKit;
  let device: VirtualDevice;
  let tcp: TcpExposure;
  let profileFile: string;

  beforeAll(async () => {
    kit = await startDemoKit();
    device = await createVirtualDevice({ fast: true, stateDir: join(out, 'state') });
    tcp = await exposeOnTcp(device);
    const perDevice = join(devicesDir(kit.cloud.dataDir), '{deviceId}');
    profileFile = join(out, 'fleet.json');
    const profile = { name: 'e2e fleet', serverInfoUrl: kit.cloud.serverInfoUrlTemplate, tls: { caCert: kit.cloud.caPath, clientCert: join(perDevice, 'client.pem'), clientKey: join(perDevice, 'client.key') } };
    await writeFile(profileFile, JSON.stringify(profile));
    // The fleet's back office knows the device before it is installed: certificate, password, mounting.
    await kit.provision({ imei: device.imei, deviceId: `TMS2_${device.imei}` }, `tcp://127.0.0.1:${tcp.port}`);
  }, 60_000);
  afterAll(async () => {
    await tcp?.close();
    await device?.close();
    await kit?.stop();
  });

  it('--port tcp://… --profile FILE --json passes and prints one event per line', async () => {
    const cli = fieldlink(['run', '--port', `tcp://127.0.0.1:${tcp.port}`, '--profile', profileFile, '--fota', 'auto', '--json', '--out', out]);
    expect(await cli.exited).toBe(EXIT.ok);
    const events = jsonEvents(cli.stdout());
    expect(events[0]).toMatchObject({ type: 'run-started', port: `tcp://127.0.0.1:${tcp.port}`, profileName: 'e2e fleet' });
    expect(events.find((e) => e.type === 'device-identified')).toMatchObject({ deviceId: `TMS2_${device.imei}` });
    expect(withoutRunState(events).at(-1)).toMatchObject({ type: 'run-finished', outcome: 'passed' });
    expect(device.state.firmware).toEqual({ main: '1.4.0', sub: '1.1.2' });
  }, 120_000);

  it.each([
    ['sim:qmtconn-refused-5', EXIT.server, 'MQTT_REFUSED'],
    ['sim:no-sim', EXIT.device, 'SIM_NOT_INSERTED'],
    ['sim:http-dns-failure', EXIT.network, 'HTTP_DNS'],
  ])('%s exits %i (%s)', async (port, code, failure) => {
    const cli = fieldlink(['run', '--port', port, '--fota', 'never', '--json', '--out', out], FAST);
    expect(await cli.exited).toBe(code);
    const failed = jsonEvents(cli.stdout()).find((e) => e.type === 'step-failed');
    expect(failed?.type === 'step-failed' && failed.error.code).toBe(failure);
  }, 120_000);

  it('--lang ko prints Korean step titles and the Korean meaning and hint of a refused CONNECT (M7), and writes a Korean report', async () => {
    const cli = fieldlink(['run', '--port', 'sim:qmtconn-refused-5', '--fota', 'never', '--lang', 'ko', '--out', out], FAST);
    expect(await cli.exited).toBe(EXIT.server);
    const text = cli.stdout();
    expect(text).toContain('✔ 포트 열기 및 장치 확인');
    expect(text).toContain('✘ MQTT 서버 연결 — 실패');
    expect(text).toContain('    내용:   브로커가 거부했습니다: 인증되지 않음');
    expect(text).toContain('    조치:   장치 비밀번호를 확인하세요');
    expect(text).toMatch(/^실패 TMS2_\d{15}$/m);
    expect(text).not.toContain('check the device password');
    const reportPath = /^ {2}보고서: (.+report\.html)$/m.exec(text)?.[1];
    expect(reportPath).toBeDefined();
    const html = await readFile(reportPath ?? '', 'utf8');
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('장치 비밀번호를 확인하세요');
    expect(html).toContain('MQTT 서버 연결');
    expect(html).not.toContain('check the device password');
  }, 120_000);

  it('without --lang the locale decides: LANG=ko_KR.UTF-8 prints Korean, LC_ALL=en_US wins over it', async () => {
    const korean = fieldlink(['run', '--port', 'sim:no-sim', '--fota', 'never', '--out', out], { ...FAST, LANG: 'ko_KR.UTF-8' });
    expect(await korean.exited).toBe(EXIT.device);
    expect(korean.stdout()).toContain('✘ 포트 열기 및 장치 확인 — 실패');
    expect(korean.stdout()).toContain('SIM 카드가 없습니다');
    const english = fieldlink(['run', '--port', 'sim:no-sim', '--fota', 'never', '--out', out], { ...FAST, LANG: 'ko_KR.UTF-8', LC_ALL: 'en_US.UTF-8' });
    expect(await english.exited).toBe(EXIT.device);
    expect(english.stdout()).toContain('✘ Open port and identify device — FAILED');
    expect(english.stdout()).toContain('no SIM card');
  }, 120_000);

  it('--lang accepts only ko and en', async () => {
    const cli = fieldlink(['run', '--port', 'sim:', '--lang', 'fr', '--out', out], FAST);
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toMatch(/--lang.*fr/);
  }, 60_000);

  it('a piped run with --fota ask treats it as never, with a note, in plain lines', async () => {
    const cli = fieldlink(['run', '--port', 'sim:', '--fota', 'ask', '--out', out], FAST);
    expect(await cli.exited).toBe(EXIT.ok);
    expect(cli.stderr()).toContain('note: FOTA policy "ask" needs a terminal to answer; treating it as "never"');
    expect(cli.stdout()).toContain('– Main firmware update — skipped: FOTA policy "never": main 1.3.0 → 1.4.0 not installed');
    expect(cli.stdout()).toMatch(/^PASSED TMS2_\d{15}$/m);
  }, 120_000);

  it('Ctrl-C cancels the run: exit 6 and a cancelled report', async () => {
    const cli = fieldlink(['run', '--port', 'sim:', '--baud', '9600', '--json', '--out', out]);
    await waitUntil(() => cli.stdout().includes('"step":"ssl-configure"'), () => cli.stdout().slice(-500));
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(EXIT.aborted);
    expect(withoutRunState(jsonEvents(cli.stdout())).at(-1)).toMatchObject({ type: 'run-finished', outcome: 'cancelled', exitCategory: 'aborted' });
  }, 120_000);

  it('--stay keeps the live session until Ctrl-C, then disconnects cleanly (exit 0)', async () => {
    const cli = fieldlink(['run', '--port', 'sim:', '--fota', 'never', '--stay', '--json', '--out', out], FAST);
    await waitUntil(() => cli.stdout().includes('"code":"progress.liveListening"'), () => cli.stdout().slice(-500));
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(EXIT.ok);
    const events = jsonEvents(cli.stdout());
    expect(events.filter((e) => e.type === 'mqtt-state').at(-1)).toMatchObject({ state: 'closed' });
    expect(withoutRunState(events).at(-1)).toMatchObject({ type: 'run-finished', outcome: 'passed' });
  }, 120_000);

  it('bad input is a usage error (exit 2)', async () => {
    const badPort = fieldlink(['run', '--port', 'ftp://x', '--out', out]);
    expect(await badPort.exited).toBe(EXIT.usage);
    const badProfile = fieldlink(['run', '--port', '/dev/ttyUSB9', '--profile', join(out, 'missing.json'), '--out', out]);
    expect(await badProfile.exited).toBe(EXIT.usage);
    expect(badProfile.stderr()).toContain('profile:');
  }, 60_000);
});

describe('fieldlink run: the files a profile names are checked before anything reaches the device', () => {
  let kit: DemoKit;
  let device: VirtualDevice;
  let tcp: TcpExposure;

  beforeAll(async () => {
    kit = await startDemoKit();
    device = await createVirtualDevice({ fast: true, stateDir: join(out, 'state-certs') });
    tcp = await exposeOnTcp(device);
    await kit.provision({ imei: device.imei, deviceId: `TMS2_${device.imei}` }, `tcp://127.0.0.1:${tcp.port}`);
  }, 60_000);
  afterAll(async () => {
    await tcp?.close();
    await device?.close();
    await kit?.stop();
  });

  const perDevice = () => join(devicesDir(kit.cloud.dataDir), '{deviceId}');
  async function profileFile(name: string, tls: Record<string, string>): Promise<string> {
    const file = join(out, `${name}.json`);
    await writeFile(file, JSON.stringify({ name, serverInfoUrl: kit.cloud.serverInfoUrlTemplate, tls: { caCert: kit.cloud.caPath, clientCert: join(perDevice(), 'client.pem'), clientKey: join(perDevice(), 'client.key'), ...tls } }));
    return file;
  }

  it('tls.caCert: /etc/passwd is refused with exit 2 before the port is opened, quoting nothing of it', async () => {
    const cli = fieldlink(['run', '--port', `tcp://127.0.0.1:${tcp.port}`, '--profile', await profileFile('passwd-ca', { caCert: '/etc/passwd' }), '--json', '--out', out]);
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain('tls.caCert: /etc/passwd is not a PEM certificate');
    expect(`${cli.stdout()}${cli.stderr()}`).not.toContain('root:');
    expect(cli.stdout()).toBe('');
  }, 60_000);

  it('a FIFO as the profile file exits 2 at once instead of hanging', async () => {
    const fifo = join(out, 'fifo-profile.json');
    execFileSync('mkfifo', [fifo]);
    const cli = fieldlink(['run', '--port', `tcp://127.0.0.1:${tcp.port}`, '--profile', fifo, '--out', out]);
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain(`${fifo} is not a regular file (a FIFO)`);
  }, 60_000);

  it('a per-device key that is not a key fails ssl-configure with exit 2: nothing uploaded, nothing of it in session.jsonl or the report', async () => {
    const marker = 'TOPSECRET-not-a-key-7731';
    const badKey = join(out, 'bad-keys', `TMS2_${device.imei}.key`);
    await mkdir(join(out, 'bad-keys'), { recursive: true });
    await writeFile(badKey, `${marker}\n`);
    const runs = join(out, 'runs-badkey');
    const profile = await profileFile('bad-key', { clientKey: join(out, 'bad-keys', '{deviceId}.key') });
    const cli = fieldlink(['run', '--port', `tcp://127.0.0.1:${tcp.port}`, '--profile', profile, '--json', '--out', runs]);
    expect(await cli.exited).toBe(EXIT.usage);
    const events = jsonEvents(cli.stdout());
    const failed = events.find((e) => e.type === 'step-failed');
    expect(failed).toMatchObject({ step: 'ssl-configure', error: { code: 'CERT_FILE_MISSING', category: 'user' } });
    expect(failed?.type === 'step-failed' && failed.error.meaning).toBe(`tls.clientKey: ${badKey} is not a PEM private key`);
    const commands = events.flatMap((e) => (e.type === 'at-traffic' && e.event.kind === 'command' ? [e.event.text] : []));
    expect(commands.some((c) => c.startsWith('AT+QFUPL'))).toBe(false);
    const [runDir] = await readdir(runs);
    for (const file of ['session.jsonl', 'report.json', 'report.html']) {
      expect(await readFile(join(runs, runDir ?? '', file), 'utf8')).not.toContain(marker);
    }
    expect(`${cli.stdout()}${cli.stderr()}`).not.toContain(marker);
  }, 120_000);
});

describe('fieldlink diagnose', () => {
  it('reads the device without changing it and writes a report', async () => {
    const cli = fieldlink(['diagnose', '--port', 'sim:', '--json', '--out', out], FAST);
    const code = await cli.exited;
    const events = jsonEvents(cli.stdout());
    const commands = events.flatMap((e) => (e.type === 'at-traffic' && e.event.kind === 'command' ? [e.event.text] : []));
    expect(commands.some((c) => /^AT(E0|\+CMEE=|\+QFUPL|\+QFDEL|\+QSSLCFG="\w+",\d+,|\+QMTCFG="\w+",\d+,|\+QIACT=|\+TMSGCAL=|\+TMSFOTA)/.test(c))).toBe(false);
    expect(commands).toEqual(expect.arrayContaining(['ATI', 'AT+CGSN', 'AT+CPIN?', 'AT+CSQ', 'AT+QFLST', 'AT+QSSLCFG="cacert",1', 'AT+QMTCFG="will",0', 'AT+TMSGS?']));
    expect(commands).toEqual(expect.arrayContaining(['AT+QCCID', 'AT+CIMI', 'AT+QSPN', 'AT+QNWINFO', 'AT+QENG="servingcell"', 'AT+CCLK?']));
    // A fresh device has no certificates and no calibration: "not provisioned yet", exit 0, no step failed.
    expect(code).toBe(EXIT.ok);
    expect(events.filter((e) => e.type === 'step-failed')).toEqual([]);
    const verdict = events.find((e) => e.type === 'diagnosis-verdict');
    expect(verdict?.type === 'diagnosis-verdict' && verdict.overall).toBe('not-provisioned');
    expect(verdict?.type === 'diagnosis-verdict' && verdict.findings.filter((f) => f.severity === 'not-provisioned').map((f) => f.code)).toEqual(['NO_CERTIFICATES', 'NOT_CALIBRATED']);
    const identified = events.find((e) => e.type === 'device-identified');
    expect(identified).toMatchObject({ iccid: expect.stringMatching(/^\d{18,20}$/), imsi: expect.stringMatching(/^\d{15}$/), operator: expect.any(String), rsrpDbm: expect.any(Number), rsrqDb: expect.any(Number), sinrDb: expect.any(Number) });
    expect(withoutRunState(events).at(-1)).toMatchObject({ type: 'run-finished', outcome: 'passed' });
  }, 60_000);

  it('plain output of a fresh unit prints the verdict "not provisioned yet", not FAILED', async () => {
    const cli = fieldlink(['diagnose', '--port', 'sim:', '--out', out], FAST);
    expect(await cli.exited).toBe(EXIT.ok);
    expect(cli.stdout()).toContain('VERDICT: NOT PROVISIONED YET');
    expect(cli.stdout()).toMatch(/NO_CERTIFICATES: no certificates on the module yet/);
    expect(cli.stdout()).not.toMatch(/FAILED/);
  }, 60_000);

  it('S5: sim:no-sim is a fault with its meaning and what to do; exit 3 (device)', async () => {
    const cli = fieldlink(['diagnose', '--port', 'sim:no-sim', '--out', out], FAST);
    expect(await cli.exited).toBe(EXIT.device);
    const text = cli.stdout();
    expect(text).toContain('VERDICT: FAULT');
    expect(text).toMatch(/✘ fault +NO_SIM: no usable SIM: SIM not inserted/);
    expect(text).toMatch(/do: insert or reseat the SIM card/);
  }, 60_000);
});
