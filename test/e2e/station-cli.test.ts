/**
 * `fieldlink station` as a line uses it: virtual devices on PTYs from `fieldlink sim` processes
 * (four units, one that reboots slowly after each firmware update, and a clone with the IMEI of
 * another), the demo profile with FOTA, `--once`. Every unit that passes has its own run folder,
 * report and station tag; the clone is refused on whichever slot identifies it second; the slow
 * unit does not hold the others back (they finish while it still runs). Exit codes: 0 only when
 * every unit passed; a bad configuration names its field (exit 2). Every unit is on record in the
 * line's results store, and a second station on that database refuses a unit that passed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../electron/cli/exit-codes.ts';
import { openResultsStore } from '../../electron/store/open.ts';
import { parseStationEvent, type SlotStateEvent, type StationEvent } from '../../shared/station.ts';
import { ENGLISH_LOCALE, killFieldlinkProcesses, spawnFieldlink, type CliProcess } from '../helpers/fieldlink-cli.ts';
import { waitForLine } from '../helpers/station-line.ts';

const CLONED_IMEI = '867969066452788';
const SLOW_IMEI = '867969066459999';

const fieldlink = (args: string[]): CliProcess => spawnFieldlink(args, { env: ENGLISH_LOCALE });

let dir: string;
const sims: CliProcess[] = [];
const port = (name: string) => join(dir, name);
/** The line's results database of these tests (each other station run gets its own). */
const LINE_DB = () => `sqlite:${join(dir, 'line.sqlite')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-e2e-station-'));
  sims.push(fieldlink(['sim', '--count', '4', '--pty', port('tty'), '--fast', '--state-dir', join(dir, 'state-a')]));
  sims.push(fieldlink(['sim', '--pty', port('slow'), '--fast', '--faults', 'slow-boot', '--imei', SLOW_IMEI, '--state-dir', join(dir, 'state-b')]));
  sims.push(fieldlink(['sim', '--pty', port('clone'), '--fast', '--imei', CLONED_IMEI, '--state-dir', join(dir, 'state-c')]));
  await Promise.all(sims.map((sim) => waitForLine(sim, /^ready:/m, 90_000)));
}, 180_000);

afterAll(async () => {
  for (const sim of sims) if (sim.child.exitCode === null) sim.child.kill('SIGTERM');
  await Promise.all(sims.map((sim) => sim.exited));
  killFieldlinkProcesses();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

const events = (text: string): StationEvent[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseStationEvent(JSON.parse(line)));

const finals = (all: readonly StationEvent[]) => all.filter((e): e is SlotStateEvent => e.type === 'slot-state' && e.cause === 'run-finished');

describe('fieldlink station --once', () => {
  it('six slots with FOTA: five pass with a report each, the clone is refused, the slow unit holds nobody back', async () => {
    const slots = ['tty0', 'tty1', 'tty2', 'tty3', 'slow', 'clone'];
    const out = join(dir, 'out-1');
    const cli = fieldlink(['station', '--ports', slots.map(port).join(','), '--profile', 'demo', '--once', '--json', '--operator', 'kim', '--out', out, '--db', LINE_DB()]);
    expect(await cli.exited, cli.stderr()).toBe(EXIT.failed);
    const all = events(cli.stdout());
    const ended = finals(all);
    expect(ended.map((e) => e.slot).sort()).toEqual([...slots].sort());

    // The clone: one of the two slots with the same IMEI passed, the other was refused after identify.
    const twins = ended.filter((e) => e.slot === 'tty0' || e.slot === 'clone');
    expect(twins.map((e) => e.to).sort()).toEqual(['passed', 'refused']);
    const refused = twins.find((e) => e.to === 'refused');
    expect(refused?.result).toMatchObject({ outcome: 'refused', code: 'UNIT_REFUSED', imei: CLONED_IMEI });
    expect(['on-other-slot', 'already-passed']).toContain(refused?.result?.refusal);
    const refusedSteps = all.filter((e) => e.type === 'slot-run' && e.slot === refused?.slot && e.event.type === 'step-started').map((e) => e.type === 'slot-run' && e.event.type === 'step-started' && e.event.step);
    expect(refusedSteps).toEqual(['identify']);

    // Every passed unit: FOTA done, its own run folder with reports and the station tag.
    const passed = ended.filter((e) => e.to === 'passed');
    expect(passed).toHaveLength(5);
    expect(new Set(passed.map((e) => e.result?.runDir)).size).toBe(5);
    for (const event of passed) {
      const runDir = event.result?.runDir ?? '';
      const tag = JSON.parse(await readFile(join(runDir, 'station.json'), 'utf8')) as Record<string, unknown>;
      expect(tag).toMatchObject({ station: 'station', slot: event.slot, port: port(event.slot), operator: 'kim', imei: event.result?.imei, result: { outcome: 'passed' } });
      const report = JSON.parse(await readFile(join(runDir, 'report.json'), 'utf8')) as { outcome?: string };
      expect(report.outcome).toBe('passed');
      expect(await readFile(join(runDir, 'report.html'), 'utf8')).toContain('PASSED');
      const fota = all.filter((e) => e.type === 'slot-run' && e.slot === event.slot && e.event.type === 'fota-result');
      expect(fota.map((e) => e.type === 'slot-run' && e.event.type === 'fota-result' && [e.event.target, e.event.ok])).toEqual([['main', true], ['sub', true]]);
    }

    // The slow unit (8 s reboots) does not hold the others back: they all finished while it still ran.
    const order = ended.map((e) => e.slot);
    const slowAt = order.indexOf('slow');
    expect(slowAt).toBe(order.length - 1);
    expect(ended[slowAt]?.to).toBe('passed');

    expect(cli.stderr()).toContain('5 passed, 0 failed, 1 refused of 6 unit(s)');

    // Every unit is on record in the line's results store, with its station, slot and operator.
    const store = await openResultsStore({ url: LINE_DB() });
    try {
      const records = await store.list({ kind: 'station' });
      expect(records).toHaveLength(6);
      for (const event of ended) {
        const record = records.find((r) => r.runId === event.result?.runId);
        expect(record, event.slot).toMatchObject({ station: 'station', slot: event.slot, operator: 'kim', port: port(event.slot), outcome: event.to === 'passed' ? 'passed' : 'failed' });
      }
      expect(records.find((r) => r.runId === refused?.result?.runId)).toMatchObject({ failureCode: 'UNIT_REFUSED', imei: CLONED_IMEI });
    } finally {
      await store.close();
    }
  }, 300_000);

  it('another station on the same line database refuses a unit that already passed there (DUPLICATE_IMEI), before anything changes', async () => {
    const cli = fieldlink(['station', '--ports', port('tty2'), '--profile', 'demo', '--once', '--json', '--out', join(dir, 'out-dup'), '--db', LINE_DB()]);
    expect(await cli.exited, cli.stderr()).toBe(EXIT.failed);
    const all = events(cli.stdout());
    const [ended] = finals(all);
    expect(ended).toMatchObject({ slot: 'tty2', to: 'refused', result: { code: 'DUPLICATE_IMEI', refusal: 'already-passed' } });
    const steps = all.filter((e) => e.type === 'slot-run' && e.event.type === 'step-started').map((e) => e.type === 'slot-run' && e.event.type === 'step-started' && e.event.step);
    expect(steps).toEqual(['identify']);
  }, 300_000);

  it('plain lines when piped; exit 0 when every unit passed (firmware already current: FOTA skipped)', async () => {
    const out = join(dir, 'out-2');
    const ports = ['tty1', 'tty2', 'tty3'].map(port);
    const cli = fieldlink(['station', '--ports', ports.join(','), '--profile', 'demo', '--once', '--out', out, '--lang', 'en', '--db', `sqlite:${join(dir, 'plain.sqlite')}`]);
    expect(await cli.exited, cli.stderr()).toBe(EXIT.ok);
    const text = cli.stdout();
    for (const slot of ['tty1', 'tty2', 'tty3']) {
      expect(text).toMatch(new RegExp(`^${slot}: unit present \\(${port(slot).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)$`, 'm'));
      expect(text).toMatch(new RegExp(`^${slot}: PASS \\d{15}$`, 'm'));
      expect(text).toMatch(new RegExp(`^${slot}: PASS \\d{15} report .+report\\.html$`, 'm'));
    }
    expect(text).toContain('3 passed, 0 failed, 0 refused of 3 unit(s)');
    expect(text).toMatch(/first-pass yield 100 %/);
  }, 300_000);

  it('--lang ko prints the summary in Korean', async () => {
    const cli = fieldlink(['station', '--ports', port('tty3'), '--profile', 'demo', '--once', '--out', join(dir, 'out-3'), '--lang', 'ko', '--db', `sqlite:${join(dir, 'ko.sqlite')}`]);
    expect(await cli.exited, cli.stderr()).toBe(EXIT.ok);
    expect(cli.stdout()).toMatch(/^tty3: 합격 \d{15}$/m);
    expect(cli.stdout()).toContain('장치 1대 중 합격 1, 불합격 0, 거부 0');
  }, 300_000);
});

describe('fieldlink station: bad input', () => {
  it('a bad configuration names the field (exit 2); an operator-required station refuses to start without one', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ name: 'st', profile: 'demo', slots: [{ label: 'A1', port: { tty: '/dev/x' } }] }));
    const cli = fieldlink(['station', '--config', bad, '--once']);
    expect(await cli.exited).toBe(EXIT.usage);
    expect(cli.stderr()).toContain('slots.0.port: expected exactly one of {"path"}, {"usbLocation"} or {"usbSerial"}');

    const strict = join(dir, 'strict.json');
    await writeFile(strict, JSON.stringify({ name: 'st', profile: 'demo', operatorRequired: true, slots: [{ label: 'A1', port: { path: port('tty0') } }] }));
    const noOperator = fieldlink(['station', '--config', strict, '--once']);
    expect(await noOperator.exited).toBe(EXIT.usage);
    expect(noOperator.stderr()).toContain('this station needs an operator');

    const both = fieldlink(['station', '--config', strict, '--ports', port('tty0'), '--once']);
    expect(await both.exited).toBe(EXIT.usage);
  }, 120_000);
});
