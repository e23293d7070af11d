/**
 * S2 with a new name: after a reset or a FOTA reboot a Quectel module can re-enumerate as another
 * port (ttyUSB2 → ttyUSB6). Real PTYs from socat stand in for the USB ports: the device's PTY goes
 * away at one path and comes back at another, and a fake port listing (the injectable lister) maps
 * the module's USB identity to the new path, as serialport's list would after re-enumeration.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../electron/engine/session/redaction.ts';
import { readImei } from '../../electron/engine/quectel/info.ts';
import { DeviceLink, describePortReturn } from '../../electron/engine/sequence/device-link.ts';
import { formatMessage } from '../../shared/messages/index.ts';
import type { PortInfo } from '../../electron/engine/transport/list.ts';
import { createVirtualDevice, type VirtualDevice } from '../../electron/sim/device.ts';
import { exposeOnPty, type PtyExposure } from '../../electron/sim/serve/pty.ts';
import type { RunnerEvent } from '../../shared/events.ts';
import { SimRig, eventsOf } from '../helpers/sim-rig.ts';

const IMEI = '867969066452788';
const OTHER_IMEI = '867969066452796';

/** What serialport's list reports for the module's AT interface (if02) at `path`. */
const atInterface = (path: string, over: Partial<PortInfo> = {}): PortInfo => ({
  path,
  manufacturer: 'Quectel',
  serialNumber: 'EC25SN0001',
  pnpId: 'usb-Quectel_EC25_EC25SN0001-if02-port0',
  locationId: '1-1.2',
  vendorId: '2c7c',
  productId: '0125',
  ...over,
});

const nmeaInterface = (path: string): PortInfo => atInterface(path, { pnpId: 'usb-Quectel_EC25_EC25SN0001-if01-port0' });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fl-reenum-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function device(stateDir: string, imei = IMEI): Promise<VirtualDevice> {
  const created = await createVirtualDevice({ fast: true, stateDir, imei });
  cleanups.push(() => created.close());
  await created.whenReady();
  return created;
}

async function expose(target: VirtualDevice, path: string): Promise<PtyExposure> {
  const exposure = await exposeOnPty(target, path);
  cleanups.push(() => exposure.close());
  return exposure;
}

function link(port: string, list: () => PortInfo[]): DeviceLink {
  const created = new DeviceLink({
    port,
    redactor: new Redactor(),
    onTraffic: () => undefined,
    portLister: async () => list(),
    reopen: { delaysMs: [50, 100, 200, 400, 800, 1600, 3200] },
  });
  cleanups.push(() => created.close());
  return created;
}

describe('DeviceLink over renamed PTYs (S2)', () => {
  it('finds the module again under its new name by USB identity, picks the strongest of several matches, and it answers with the same IMEI', async () => {
    const dir = await tempDir();
    const module = await device(dir);
    const ttyUSB2 = join(dir, 'ttyUSB2');
    const ttyUSB6 = join(dir, 'ttyUSB6');
    let listing = [nmeaInterface(join(dir, 'ttyUSB1')), atInterface(ttyUSB2)];
    let first: PtyExposure | undefined = await expose(module, ttyUSB2);
    const target = link(ttyUSB2, () => listing);
    await target.open();
    await target.initialise();
    expect(target.usbIdentity).toEqual({ serialNumber: 'EC25SN0001', vendorId: '2c7c', productId: '0125', interfaceNumber: 2, locationId: '1-1.2' });

    // Re-enumeration: ttyUSB2 disappears; the module's ports come back as ttyUSB5 (NMEA) and ttyUSB6 (AT).
    await first.close();
    first = undefined;
    const reopened = target.reopen();
    await expose(module, ttyUSB6);
    listing = [
      nmeaInterface(join(dir, 'ttyUSB5')),
      atInterface(join(dir, 'ttyUSB9'), { locationId: '1-1.4' }), // weaker: same serial + interface, other socket
      atInterface(ttyUSB6),
      atInterface(join(dir, 'ttyUSB3'), { serialNumber: 'EC25SN0002', pnpId: 'usb-Quectel_EC25_EC25SN0002-if02-port0' }), // another module
    ];
    const back = await reopened;

    expect(back).toMatchObject({ moved: true, uri: ttyUSB6, previousUri: ttyUSB2, candidates: [ttyUSB6, join(dir, 'ttyUSB9')] });
    expect(back.matchedBy).toBe('serial number EC25SN0001, interface 2, USB location 1-1.2, VID:PID 2c7c:0125');
    const said = describePortReturn(back);
    expect(said.code).toBe('progress.portMovedChosen');
    expect(formatMessage('en', said.code, said.values)).toContain(`the device came back as ${ttyUSB6} (was ${ttyUSB2})`);
    expect(formatMessage('en', said.code, said.values)).toContain(`chosen over ${join(dir, 'ttyUSB9')}`);
    expect(target.port).toBe(ttyUSB6);
    await target.initialise();
    expect(await readImei(target.runner())).toBe(IMEI);
  }, 60_000);

  it('prefers the same name when it comes back, even if the listing shows a second port with the same identity', async () => {
    const dir = await tempDir();
    const module = await device(dir);
    const ttyUSB2 = join(dir, 'ttyUSB2');
    let listing = [atInterface(ttyUSB2)];
    const first = await expose(module, ttyUSB2);
    const target = link(ttyUSB2, () => listing);
    await target.open();
    await target.initialise();
    await first.close();
    const reopened = target.reopen();
    await expose(module, ttyUSB2);
    // A stale or twin entry with the same identity at a lower name, where another module answers.
    const ttyUSB1 = join(dir, 'ttyUSB1');
    await expose(await device(await tempDir(), OTHER_IMEI), ttyUSB1);
    listing = [atInterface(ttyUSB1), atInterface(ttyUSB2)];
    expect(await reopened).toEqual({ moved: false, uri: ttyUSB2, previousUri: ttyUSB2 });
    await target.initialise();
    expect(await readImei(target.runner())).toBe(IMEI);
  }, 60_000);

  it('without a listing match it only waits for the same name (and gives up with the open error)', async () => {
    const dir = await tempDir();
    const module = await device(dir);
    const ttyUSB2 = join(dir, 'ttyUSB2');
    const first = await expose(module, ttyUSB2);
    const target = new DeviceLink({ port: ttyUSB2, redactor: new Redactor(), onTraffic: () => undefined, portLister: async () => [], reopen: { delaysMs: [20, 20] } });
    cleanups.push(() => target.close());
    await target.open();
    await first.close();
    await expose(module, join(dir, 'ttyUSB6')); // there, but nothing says it is this module
    await expect(target.reopen()).rejects.toMatchObject({ name: 'TransportError', kind: 'not-found' });
  }, 60_000);
});

describe('a run whose module re-enumerates mid-step (S2)', () => {
  const rig = SimRig.perFile();

  async function renameDuringMqttConnect(imeiAfter: string) {
    const dir = await tempDir();
    const ttyUSB2 = join(dir, 'ttyUSB2');
    const ttyUSB6 = join(dir, 'ttyUSB6');
    const module = await device(dir);
    const after = imeiAfter === IMEI ? module : await device(await tempDir(), imeiAfter);
    let listing = [atInterface(ttyUSB2)];
    const first = await expose(module, ttyUSB2);
    const events: RunnerEvent[] = [];
    let renamed: Promise<void> | undefined;
    const runner = rig.runner({
      port: ttyUSB2,
      fotaPolicy: 'never',
      portLister: async () => listing,
      reopen: { delaysMs: [200, 400, 800, 1600, 3200] },
      provision: (ids) => rig.kit.provision(ids, ttyUSB2),
    });
    cleanups.push(() => runner.close());
    runner.onEvent((event) => {
      events.push(event);
      if (event.type === 'step-started' && event.step === 'mqtt-connect' && !renamed) {
        renamed = (async () => {
          await first.close(); // the module resets: its port vanishes...
          await expose(after, ttyUSB6); // ...and comes back under another name
          listing = [atInterface(ttyUSB6)];
        })();
      }
    });
    const result = await runner.start();
    await renamed;
    return { result, events, ttyUSB2, ttyUSB6 };
  }

  it('finds it as ttyUSB6, confirms the IMEI, logs the choice and the run passes', async () => {
    const { result, events, ttyUSB2, ttyUSB6 } = await renameDuringMqttConnect(IMEI);
    expect(result.failure).toBeUndefined();
    expect(result.outcome).toBe('passed');
    const progress = eventsOf(events, 'step-progress').map((e) => formatMessage('en', e.code, e.values));
    expect(progress).toContainEqual(expect.stringContaining(`the device came back as ${ttyUSB6} (was ${ttyUSB2}), found by its USB identity: serial number EC25SN0001, interface 2`));
    expect(progress).toContain(`the module on ${ttyUSB6} answered and was re-initialised: carrying on`);
  }, 120_000);

  it('another module (another IMEI) at the new name is DEVICE_CHANGED, not followed', async () => {
    const { result } = await renameDuringMqttConnect(OTHER_IMEI);
    expect(result.outcome).toBe('failed');
    expect(result.failure).toMatchObject({ step: 'mqtt-connect', code: 'DEVICE_CHANGED' });
    expect(result.failure?.meaning).toBe(`the port came back with another device (IMEI ${OTHER_IMEI}, expected ${IMEI})`);
  }, 120_000);
});
