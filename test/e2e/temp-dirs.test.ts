/**
 * K1: the demo cloud's ephemeral folder (CA key, device keys) and the virtual device's state folder
 * are removed on the next start after a hard kill — and only folders this program made (marker
 * with a dead PID), never a look-alike without a marker or one whose process still runs.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_MARKER } from '../../shared/owned-temp-dir.ts';
import { killFieldlinkProcesses, spawnFieldlink, type CliProcess } from '../helpers/fieldlink-cli.ts';

const fieldlink = (args: string[]): CliProcess => spawnFieldlink(args, { env: { TMPDIR: temp, HOME: join(temp, 'home'), FIELDLINK_SIM_FAST: '1' } });

let temp: string;


async function waitFor(check: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; got ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ours = async () => (await readdir(temp)).filter((n) => n.startsWith('fieldlink-')).sort();

/** Starts a demo cloud and a virtual device, each in its own process, and waits until both are up. */
async function startBoth(): Promise<CliProcess[]> {
  const cloud = fieldlink(['cloud', '--ephemeral', '--http-port', '0', '--mqtt-port', '0']);
  const sim = fieldlink(['sim', '--listen', 'tcp:127.0.0.1:0']);
  await waitFor(() => cloud.stdout().includes('Live DDTM traffic'), cloud.stdout);
  await waitFor(() => sim.stdout().includes('ready:'), sim.stdout);
  return [cloud, sim];
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'fl-e2e-tmpdirs-'));
});
afterEach(() => {
  killFieldlinkProcesses();
});
afterAll(async () => rm(temp, { recursive: true, force: true }));

describe('temp folders after a hard kill (K1)', () => {
  it('SIGKILL leaves them; the next start removes them, and only them; a clean stop removes its own', async () => {
    const first = await startBoth();
    const left = await ours();
    expect(left.filter((n) => n.startsWith('fieldlink-cloud-'))).toHaveLength(1);
    expect(left.filter((n) => n.startsWith('fieldlink-sim-'))).toHaveLength(1);
    for (const cli of first) cli.child.kill('SIGKILL');
    for (const cli of first) await cli.exited;
    expect(await ours()).toEqual(left); // nothing ran to clean up

    // Look-alikes that are not ours to delete.
    await mkdir(join(temp, 'fieldlink-cloud-nomarker'));
    await mkdir(join(temp, 'fieldlink-sim-alive'));
    await writeFile(join(temp, 'fieldlink-sim-alive', OWNER_MARKER), JSON.stringify({ program: 'fieldlink', pid: process.pid, created: 'x' }));
    await mkdir(join(temp, 'fieldlink-sim-forged'));
    await writeFile(join(temp, 'fieldlink-sim-forged', OWNER_MARKER), 'not json');

    const second = await startBoth();
    const now = await ours();
    for (const name of left) expect(now).not.toContain(name);
    expect(now).toEqual(expect.arrayContaining(['fieldlink-cloud-nomarker', 'fieldlink-sim-alive', 'fieldlink-sim-forged']));
    expect(now).toHaveLength(5); // the three look-alikes + the second pair's own

    for (const cli of second) cli.child.kill('SIGINT');
    for (const cli of second) await cli.exited;
    expect(await ours()).toEqual(['fieldlink-cloud-nomarker', 'fieldlink-sim-alive', 'fieldlink-sim-forged']);
  }, 240_000);
});
