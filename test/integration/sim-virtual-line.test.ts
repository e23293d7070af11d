/**
 * The virtual line (issue 13 §4): four virtual units on socat PTYs, opened with serialport like a
 * station would. Unplugging closes the PTY under its reader and removes the path (S1); plugging back
 * gives a fresh boot on the same path with the unit's files kept; swaps, clones and per-unit faults
 * stay on their slot while the other units keep answering.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { identityOf, relocate } from '../../electron/engine/transport/identity.ts';
import { listSerialPorts } from '../../electron/engine/transport/list.ts';
import { hangupAwareBinding } from '../../electron/engine/transport/serial-binding.ts';
import { nthImei } from '../../electron/sim/imei.ts';
import { runPlugPlan, parsePlugPlan } from '../../electron/sim/fixture/plug-plan.ts';
import { VirtualLine, type LineEvent, type VirtualLineOptions } from '../../electron/sim/fixture/virtual-line.ts';
import { Redactor } from '../../electron/engine/session/redaction.ts';
import { readImei } from '../../electron/engine/quectel/info.ts';
import { DeviceLink } from '../../electron/engine/sequence/device-link.ts';
import { Conversation } from '../helpers/sim/conversation.ts';

const FIRST = '867969066452788';
const IMEIS = [0, 1, 2, 3].map((n) => nthImei(FIRST, n));
const NEW_UNIT = nthImei(FIRST, 40);
/** Generous: the machine is shared; nothing here measures time. */
const WAIT_MS = 30_000;
const BOOT = '\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\nAPP RDY\r\n';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function startLine(options: Omit<VirtualLineOptions, 'paths' | 'stateDir'> & { slots?: number }): Promise<{ line: VirtualLine; dir: string; events: LineEvent[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'fl-vline-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const paths = options.units.map((_, i) => join(dir, `ttyVL${i}`));
  const line = await VirtualLine.start({ ...options, paths, stateDir: join(dir, 'state'), device: { fast: true, ...options.device } });
  cleanups.push(() => line.close());
  const events: LineEvent[] = [];
  line.onEvent((event) => events.push(event));
  return { line, dir, events };
}

interface OpenPort {
  serial: SerialPort;
  modem: Conversation;
  /** Settles with the error serialport reports when the port goes away under it (or undefined). */
  closed: Promise<Error | undefined>;
}

/** Opened as the engine opens ports: a hung-up tty (PTY gone) reports the loss instead of spinning. */
async function openPort(path: string): Promise<OpenPort> {
  // SerialPort passes `binding` through to its stream (the option is not in its typings).
  const serial = new SerialPort(Object.assign({ path, baudRate: 115200, autoOpen: false }, { binding: hangupAwareBinding }));
  await new Promise<void>((resolve, reject) => serial.open((error) => (error ? reject(error) : resolve())));
  const closed = new Promise<Error | undefined>((resolve) => serial.once('close', (error?: Error) => resolve(error ?? undefined)));
  serial.on('error', () => undefined);
  cleanups.push(async () => {
    if (serial.isOpen) await new Promise<void>((resolve) => serial.close(() => resolve()));
  });
  return { serial, modem: Conversation.overStream(serial), closed };
}

async function imeiOn(port: OpenPort): Promise<string> {
  const reply = await port.modem.command('AT+CGSN', WAIT_MS);
  return /\r\n(\d{15})\r\n/.exec(reply)?.[1] ?? reply;
}

const plainUnits = (imeis: readonly string[]) => imeis.map((imei) => ({ imei }));

describe('virtual line on socat PTYs', () => {
  it('unplug mid-conversation (S1): the open port closes, the path and its listing go, the others keep answering; plug back: RDY on a fresh open, files kept', async () => {
    const { line, events } = await startLine({ units: plainUnits(IMEIS) });
    const ports = await Promise.all(IMEIS.map((_, i) => openPort(line.path(i))));
    for (const [i, port] of ports.entries()) expect(await imeiOn(port)).toBe(IMEIS[i]);

    // Something in slot 1's flash to find again after the re-plug.
    const unit = ports[1] as OpenPort;
    await unit.modem.send('AT+QFUPL="UFS:keep.txt",5,5\r');
    await unit.modem.readUntil('CONNECT\r\n', WAIT_MS);
    await unit.modem.send('hello');
    await unit.modem.readUntil('\r\nOK\r\n', WAIT_MS);

    // Mid-conversation: a network scan is running when the cable goes.
    await unit.modem.send('AT+COPS=?\r');
    await line.unplug(1);
    await unit.closed;
    expect(unit.serial.isOpen).toBe(false);
    expect(unit.modem.closed).toBe(true);
    expect(existsSync(line.path(1))).toBe(false);
    expect(line.isPlugged(1)).toBe(false);
    expect(line.device(1).state.power).toBe('off');
    const listed = await listSerialPorts(line.portLister);
    expect(listed.map((port) => port.path)).toEqual([line.path(0), line.path(2), line.path(3)]);
    await expect(openPort(line.path(1))).rejects.toThrow(/ENOENT|No such file/);

    // The rest of the line does not notice.
    for (const i of [0, 2, 3]) expect(await imeiOn(ports[i] as OpenPort)).toBe(IMEIS[i]);

    await line.plug(1);
    expect(existsSync(line.path(1))).toBe(true);
    expect(line.device(1).state.power).toBe('off'); // powers up when the port is first opened
    const again = await openPort(line.path(1));
    await again.modem.expect(BOOT, WAIT_MS);
    expect(await imeiOn(again)).toBe(IMEIS[1]);
    expect(await again.modem.command('AT+QFLST="UFS:keep.txt"', WAIT_MS)).toContain('+QFLST: "keep.txt",5\r\n');
    expect((await listSerialPorts(line.portLister)).map((port) => port.path)).toEqual(line.describe().map((slot) => slot.path));
    for (const i of [0, 2, 3]) expect(await imeiOn(ports[i] as OpenPort)).toBe(IMEIS[i]);

    expect(events.map((event) => `${event.type} ${event.slot}`)).toEqual(['unplugged 1', 'plugged 1']);
    expect(events[0]).toMatchObject({ cause: 'unplug', imei: IMEIS[1], path: line.path(1) });
  }, 180_000);

  it('a unit plugged back (or swapped in) stays plugged when the program that opened it closes the port: a station closing it after a run is no cable pull', async () => {
    const { line, events } = await startLine({ units: plainUnits(IMEIS.slice(0, 2)) });
    await line.unplug(0);
    await line.plug(0);
    await line.swap(1, NEW_UNIT);
    for (const [i, imei] of [IMEIS[0], NEW_UNIT].entries()) {
      const first = await openPort(line.path(i));
      await first.modem.expect(BOOT, WAIT_MS);
      expect(await imeiOn(first)).toBe(imei);
      await new Promise<void>((resolve) => first.serial.close(() => resolve()));
      // Opened again, as a runner does after a reboot or the next run does: the same unit answers.
      const second = await openPort(line.path(i));
      expect(await imeiOn(second)).toBe(imei);
      await new Promise<void>((resolve) => second.serial.close(() => resolve()));
      const third = await openPort(line.path(i));
      expect(await imeiOn(third)).toBe(imei);
      expect(line.isPlugged(i)).toBe(true);
    }
    expect(events.map((event) => `${event.type} ${event.slot}${event.type === 'unplugged' ? ` ${event.cause}` : ''}`)).toEqual(['unplugged 0 unplug', 'plugged 0', 'unplugged 1 swap', 'swapped 1', 'plugged 1']);
  }, 120_000);

  it('clones answer AT+GSN with the same IMEI but list as two units; a per-unit fault stays on its unit; a swap keeps the slot location and changes the unit', async () => {
    const imeis = [IMEIS[0], IMEIS[0], IMEIS[2], IMEIS[3]] as string[];
    const { line, events } = await startLine({ units: plainUnits(imeis), deviceFaults: '3=global-firmware', labels: ['A1', 'A2', 'B1', 'B2'] });
    const ports = await Promise.all(imeis.map((_, i) => openPort(line.path(i))));
    for (const i of [0, 1]) expect(await (ports[i] as OpenPort).modem.command('AT+GSN', WAIT_MS)).toBe(`AT+GSN\r\r\n${IMEIS[0]}\r\n\r\nOK\r\n`);

    // global-firmware on B2 only: an EG25 there, EC21 elsewhere, and AT+QCDS refused only there.
    expect(await (ports[3] as OpenPort).modem.command('ATI', WAIT_MS)).toContain('\r\nEG25\r\n');
    for (const i of [0, 1, 2]) expect(await (ports[i] as OpenPort).modem.command('ATI', WAIT_MS)).toContain('\r\nEC21\r\n');
    expect(await (ports[3] as OpenPort).modem.command('AT+QCDS', WAIT_MS)).toMatch(/\r\nERROR\r\n$/);
    expect(await (ports[2] as OpenPort).modem.command('AT+QCDS', WAIT_MS)).toMatch(/\r\nOK\r\n$/);

    const listing = line.portList();
    expect(listing.map((port) => port.serialNumber)).toEqual([`TMS2-${IMEIS[0]}`, `TMS2-${IMEIS[0]}-2`, `TMS2-${IMEIS[2]}`, `TMS2-${IMEIS[3]}`]);
    expect(listing.map((port) => port.locationId)).toEqual(['vline-1.1', 'vline-1.2', 'vline-1.3', 'vline-1.4']);
    expect(listing.map((port) => port.productId)).toEqual(['0121', '0121', '0121', '0125']);
    // What a station sees: the AT interface (if02) of a Quectel module, one identity per unit.
    const described = await listSerialPorts(line.portLister);
    expect(described.every((port) => port.isQuectel && port.interfaceHint === 'at')).toBe(true);
    const before = identityOf(listing[2] as (typeof listing)[number]);
    expect(before).toEqual({ serialNumber: `TMS2-${IMEIS[2]}`, vendorId: '2c7c', productId: '0121', interfaceNumber: 2, locationId: 'vline-1.3' });

    // Operator swaps the unit on B1 for a new one: same path and location, new IMEI and serial number.
    await line.swap('B1', NEW_UNIT);
    expect(await ports[2]?.closed).toBeDefined();
    const swapped = await openPort(line.path('B1'));
    await swapped.modem.expect(BOOT, WAIT_MS);
    expect(await imeiOn(swapped)).toBe(NEW_UNIT);
    const after = line.portList().find((port) => port.path === line.path('B1'));
    expect(after).toMatchObject({ locationId: 'vline-1.3', serialNumber: `TMS2-${NEW_UNIT}` });
    // The old unit's identity no longer matches anything on the line.
    expect(relocate(before ?? {}, line.portList(), line.path('B1'))).toBeUndefined();
    expect(events.map((event) => `${event.type} ${event.label}`)).toEqual(['unplugged B1', 'swapped B1', 'plugged B1']);
    for (const i of [0, 1]) expect(await imeiOn(ports[i] as OpenPort)).toBe(IMEIS[0]);
  }, 180_000);

  it("cable-pull-at-identify on one unit (S1): its own AT+CGSN pulls its cable, the path goes, the line marks it unplugged; the neighbour answers; plug back works", async () => {
    const { line, events } = await startLine({ units: plainUnits(IMEIS.slice(0, 2)), deviceFaults: '1=cable-pull-at-identify' });
    const [first, second] = (await Promise.all([0, 1].map((i) => openPort(line.path(i))))) as [OpenPort, OpenPort];
    const gone = new Promise<LineEvent>((resolve) => line.onEvent((event) => event.type === 'unplugged' && resolve(event)));
    await second.modem.send('AT+CGSN\r');
    expect(await gone).toMatchObject({ slot: 1, cause: 'cable-pull', imei: IMEIS[1] });
    await second.closed;
    expect(second.modem.pending()).not.toContain(IMEIS[1]);
    expect(existsSync(line.path(1))).toBe(false);
    expect(line.portList().map((port) => port.path)).toEqual([line.path(0)]);
    expect(await imeiOn(first)).toBe(IMEIS[0]);

    await line.plug(1);
    const again = await openPort(line.path(1));
    await again.modem.expect(BOOT, WAIT_MS);
    expect(await imeiOn(again)).toBe(IMEIS[1]); // the fault fires once per run
    expect(events.map((event) => `${event.type} ${event.slot}`)).toEqual(['unplugged 1', 'plugged 1']);
  }, 180_000);

  it('slow-unit on one slot: its answers come after a normal unit asked later (S10)', async () => {
    const { line } = await startLine({ units: plainUnits(IMEIS.slice(0, 2)), deviceFaults: '0=slow-unit', device: { timing: { slowUnitAnswerMs: 1500 } } });
    const [slow, normal] = (await Promise.all([0, 1].map((i) => openPort(line.path(i))))) as [OpenPort, OpenPort];
    const order: string[] = [];
    const slowDone = slow.modem.command('AT+CSQ', WAIT_MS).then((reply) => order.push(`slow ${reply.trim().split('\r\n').pop()}`));
    await slow.modem.waitForText((text) => text.includes('AT+CSQ\r'));
    const normalDone = normal.modem.command('AT+CSQ', WAIT_MS).then((reply) => order.push(`normal ${reply.trim().split('\r\n').pop()}`));
    await Promise.all([slowDone, normalDone]);
    expect(order).toEqual(['normal OK', 'slow OK']);
    expect(line.describe().map((slot) => slot.faults)).toEqual([['slow-unit'], []]);
  }, 180_000);

  it('a plug plan unplugs and plugs back on schedule; operations on a slot in the wrong state fail with a SimError naming it', async () => {
    const { line, events } = await startLine({ units: plainUnits(IMEIS.slice(0, 2)), labels: ['A1', 'A2'] });
    const failures: string[] = [];
    const plan = runPlugPlan(line, parsePlugPlan('A2:unplug@0ms,A2:plug@300ms,A2:plug@400ms'), { onError: (step, error) => failures.push(`${step.action}@${step.atMs}: ${(error as Error).message}`) });
    await plan.done;
    expect(events.map((event) => `${event.type} ${event.label}`)).toEqual(['unplugged A2', 'plugged A2']);
    expect(failures).toEqual(['plug@400: slot A2 is already plugged']);
    const port = await openPort(line.path('A2'));
    await port.modem.expect(BOOT, WAIT_MS);
    await expect(line.unplug('C9')).rejects.toMatchObject({ name: 'SimError', kind: 'slot', message: 'no slot "C9" on this line (slots: A1, A2)' });
    expect(() => runPlugPlan(line, parsePlugPlan('Z1:unplug@1s'))).toThrow(/no slot "Z1"/);
  }, 180_000);

  it('the engine with the line as its port lister (S1, S2): loses the unit on unplug, finds it by USB identity when it is plugged back, same IMEI', async () => {
    const { line } = await startLine({ units: plainUnits(IMEIS.slice(0, 2)), labels: ['A1', 'A2'] });
    const link = new DeviceLink({ port: line.path('A2'), redactor: new Redactor(), onTraffic: () => undefined, portLister: line.portLister, reopen: { delaysMs: [200, 400, 800, 1600, 3200, 6400] } });
    cleanups.push(() => link.close());
    await link.open();
    await link.initialise();
    expect(link.usbIdentity).toEqual({ serialNumber: `TMS2-${IMEIS[1]}`, vendorId: '2c7c', productId: '0121', interfaceNumber: 2, locationId: 'vline-1.2' });
    await line.unplug('A2');
    const back = link.reopen();
    await line.plug('A2');
    expect(await back).toMatchObject({ uri: line.path('A2') });
    await link.initialise();
    expect(await readImei(link.runner())).toBe(IMEIS[1]);
  }, 180_000);
});
