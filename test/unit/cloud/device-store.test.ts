import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoCa } from '../../../electron/cloud/ca.ts';
import type { DemoCa } from '../../../electron/cloud/ca.ts';
import { DeviceStore } from '../../../electron/cloud/device-store.ts';
import { CloudError } from '../../../electron/cloud/errors.ts';

const ROLL = { roll: 1, pitch: 2 };

describe('DeviceStore', () => {
  let dataDir: string;
  let ca: DemoCa;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fieldlink-devices-test-'));
    ca = await openDemoCa(dataDir);
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a device on first use: certificate (CN = deviceId), key and password files, secrets 0600', async () => {
    const store = await DeviceStore.open(ca, dataDir, ROLL);
    const record = await store.ensure('TMS2_867969066452788');
    const dir = join(dataDir, 'devices', 'TMS2_867969066452788');

    expect(record).toMatchObject({ deviceId: 'TMS2_867969066452788', imei: '867969066452788', rollInfo: ROLL });
    expect(record.credentials.password).toMatch(/^[a-z0-9]{32}$/);
    expect(await readFile(join(dir, 'password'), 'utf8')).toBe(`${record.credentials.password}\n`);
    expect(new X509Certificate(await readFile(join(dir, 'client.pem'), 'utf8')).subject).toContain('CN=TMS2_867969066452788');
    for (const file of ['client.key', 'password']) expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
    expect(store.passwordMatches('TMS2_867969066452788', record.credentials.password)).toBe(true);
    expect(store.passwordMatches('TMS2_867969066452788', 'x'.repeat(32))).toBe(false);
  });

  it('loads existing devices with the same credentials when opened again', async () => {
    const first = await (await DeviceStore.open(ca, dataDir, ROLL)).ensure('TMS2_867969066452789');
    const reopened = await DeviceStore.open(ca, dataDir, ROLL);
    expect(reopened.get('TMS2_867969066452789')?.credentials).toEqual(first.credentials);
  });

  it('creates a device once even when asked concurrently, running the hooks once before it resolves', async () => {
    const store = await DeviceStore.open(ca, dataDir, ROLL);
    const hooked: string[] = [];
    store.onCreated(async (record) => {
      hooked.push(record.deviceId);
    });
    const [a, b] = await Promise.all([store.ensure('TMS2_111111111111111'), store.ensure('TMS2_111111111111111')]);
    expect(a).toBe(b);
    expect(hooked).toEqual(['TMS2_111111111111111']);
  });

  it('does not list a device whose creation hook failed, and retries it next time', async () => {
    const store = await DeviceStore.open(ca, dataDir, ROLL);
    let fail = true;
    store.onCreated(async () => {
      if (fail) throw new Error('broker reload failed');
    });
    await expect(store.ensure('TMS2_222222222222222')).rejects.toThrow('broker reload failed');
    expect(store.get('TMS2_222222222222222')).toBeUndefined();
    fail = false;
    await expect(store.ensure('TMS2_222222222222222')).resolves.toMatchObject({ deviceId: 'TMS2_222222222222222' });
  });

  it.each(['TMS2_12345', 'tms2_867969066452788', 'TMS2_86796906645278a', '../etc', 'TMS2_867969066452788/x'])('rejects the device id %s', async (bad) => {
    const store = await DeviceStore.open(ca, dataDir, ROLL);
    const error = await store.ensure(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect((error as CloudError).kind).toBe('bad-device-id');
  });

  it('keeps a per-device RollInfo', async () => {
    const store = await DeviceStore.open(ca, dataDir, ROLL);
    await store.setRollInfo('TMS2_333333333333333', { roll: -4, pitch: 0.5 });
    expect(store.get('TMS2_333333333333333')?.rollInfo).toEqual({ roll: -4, pitch: 0.5 });
    expect((await store.ensure('TMS2_444444444444444')).rollInfo).toEqual(ROLL);
    await expect(store.setRollInfo('TMS2_333333333333333', { roll: 0, pitch: 120 })).rejects.toThrow(/pitch/);
    expect(store.get('TMS2_333333333333333')?.rollInfo).toEqual({ roll: -4, pitch: 0.5 });
  });
});
