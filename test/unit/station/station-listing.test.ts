/**
 * The station reads the port list (a udevadm process on Linux) only when a slot needs it, and
 * the slots' runners share the station's reading instead of each listing the ports on open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SequenceRunner, SequenceRunnerOptions } from '../../../electron/engine/sequence/runner.ts';
import type { PortInfo } from '../../../electron/engine/transport/list.ts';
import { Station } from '../../../electron/station/station.ts';
import { demoProfile } from '../../../electron/engine/sequence/profile-loader.ts';
import { parseStationConfig, type SlotStateEvent } from '../../../shared/station.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-station-listing-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const profile = demoProfile({ serverInfoUrlTemplate: 'https://127.0.0.1:1/{deviceId}', caCertPath: '/ca.pem', clientCertPath: '/c.pem', clientKeyPath: '/c.key' });

const port = (path: string): PortInfo => ({ path, manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined });

/** A runner that, like the real one on open, asks for the port list, then passes. */
function listingRunner(listed: Array<PortInfo[]>) {
  return (options: SequenceRunnerOptions): SequenceRunner =>
    ({
      onEvent: () => () => undefined,
      start: async () => {
        listed.push(await (options.portLister ?? (() => Promise.resolve([])))());
        return { runId: options.runId ?? 'r', dir, outcome: 'passed', exitCategory: 'ok', files: { log: '', reportJson: '', reportHtml: '' } };
      },
      resume: () => Promise.reject(new Error('no resume')),
      cancel: () => Promise.resolve(),
      close: () => Promise.resolve(),
    }) as unknown as SequenceRunner;
}

function makeStation(paths: string[], lister: () => Promise<PortInfo[]>, exists: (path: string) => boolean, listed: Array<PortInfo[]>) {
  const config = parseStationConfig({ name: 'st', profile: 'demo', pollMs: 50, duplicates: 'allow', slots: paths.map((path, i) => ({ label: `A${i + 1}`, port: { path } })) });
  return new Station({ config, profile, outDir: join(dir, 'out'), once: true, portLister: lister, exists, createRunner: listingRunner(listed) });
}

describe('station port listing', () => {
  it('path slots whose paths exist need no listing; the runners share one reading', async () => {
    let calls = 0;
    const lister = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return [port('/dev/ttyUSB9')];
    };
    const listed: Array<PortInfo[]> = [];
    const station = makeStation(['/dev/ttyV0', '/dev/ttyV1', '/dev/ttyV2', '/dev/ttyV3'], lister, () => true, listed);
    const summary = await station.run();
    expect(summary.counters.passed).toBe(4);
    // Four runners opened at once: one listing between them, and none for the station's own scans.
    expect(listed).toHaveLength(4);
    expect(listed.every((ports) => ports[0]?.path === '/dev/ttyUSB9')).toBe(true);
    expect(calls).toBe(1);
  });

  it('a path slot whose path does not exist is still found in the listing', async () => {
    let calls = 0;
    const lister = () => {
      calls++;
      return Promise.resolve([port('/dev/ttyV1')]);
    };
    const listed: Array<PortInfo[]> = [];
    const station = makeStation(['/dev/ttyV0', '/dev/ttyV1'], lister, (path) => path === '/dev/ttyV0', listed);
    const events: SlotStateEvent[] = [];
    station.onEvent((event) => event.type === 'slot-state' && events.push(event));
    const summary = await station.run();
    expect(summary.counters.passed).toBe(2);
    expect(events.filter((e) => e.to === 'present').map((e) => e.port).sort()).toEqual(['/dev/ttyV0', '/dev/ttyV1']);
    expect(calls).toBeGreaterThanOrEqual(1);
  });
});
