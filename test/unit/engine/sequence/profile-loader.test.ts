import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoProfile, loadProfile, resolveDeviceFiles } from '../../../../electron/engine/sequence/profile-loader.ts';
import { ProfileError } from '../../../../shared/profile.ts';

const IDS = { imei: '867969066452788', deviceId: 'TMS2_867969066452788' };
let root: string;

async function writeFleet(profile: Record<string, unknown>, files: string[] = ['ca.pem', 'client.pem', 'client.key']) {
  const folder = path.join(root, 'fleet-a');
  await mkdir(path.join(folder, 'certs'), { recursive: true });
  for (const file of files) await writeFile(path.join(folder, 'certs', file), `-- ${file} --\n`);
  const file = path.join(folder, 'fleet-a.json');
  await writeFile(file, JSON.stringify(profile));
  return { folder, file };
}

const fleetA = {
  serverInfoUrl: 'https://api.example.net/v2/devices/{deviceId}/bootstrap',
  tls: { caCert: 'certs/ca.pem', clientCert: 'certs/client.pem', clientKey: 'certs/client.key' },
};

async function rejection(promise: Promise<unknown>): Promise<ProfileError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProfileError);
  return error as ProfileError;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-profile-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadProfile', () => {
  it('resolves relative certificate paths against the profile folder, not the working directory', async () => {
    const { folder, file } = await writeFleet(fleetA);
    const profile = await loadProfile(path.relative(process.cwd(), file));
    expect(profile.tls.caCert).toBe(path.join(folder, 'certs', 'ca.pem'));
    expect(profile.tls.clientKey).toBe(path.join(folder, 'certs', 'client.key'));
    expect(profile.name).toBe('fleet-a'); // named after the file when the profile has no name
    expect(profile.fota.policy).toBe('ask');
  });

  it('keeps absolute certificate paths and an explicit name', async () => {
    const elsewhere = path.join(root, 'elsewhere-ca.pem');
    await writeFile(elsewhere, 'ca');
    const { file } = await writeFleet({ ...fleetA, name: 'Fleet A production', tls: { ...fleetA.tls, caCert: elsewhere } });
    const profile = await loadProfile(file);
    expect(profile.tls.caCert).toBe(elsewhere);
    expect(profile.name).toBe('Fleet A production');
  });

  it('rejects a missing certificate with the field path', async () => {
    const { file } = await writeFleet(fleetA, ['client.pem', 'client.key']);
    const error = await rejection(loadProfile(file));
    expect(error.message).toBe('tls.caCert: file not found');
    expect(error.kind).toBe('file-missing');
    expect(error.field).toBe('tls.caCert');
  });

  it('lists every missing certificate, and a folder is not a file', async () => {
    const { folder, file } = await writeFleet(fleetA, ['client.pem']);
    await mkdir(path.join(folder, 'certs', 'client.key'));
    const error = await rejection(loadProfile(file));
    expect(error.message).toBe('tls.caCert: file not found; tls.clientKey: not a file');
  });

  it('rejects a bad enum with the field path and the allowed values', async () => {
    const { file } = await writeFleet({ ...fleetA, fota: { policy: 'yes' } });
    const error = await rejection(loadProfile(file));
    expect(error.message).toBe('fota.policy: expected one of ask|auto|never');
    expect(error.kind).toBe('invalid');
    expect(error.file).toBe(file);
  });

  it('rejects an unknown key (a typo must not pass silently)', async () => {
    const { file } = await writeFleet({ ...fleetA, mqtt: { topicroot: 'DDTM' } });
    expect((await rejection(loadProfile(file))).message).toBe('mqtt.topicroot: unknown key');
  });

  it('rejects a file that is not JSON and a file that does not exist', async () => {
    const bad = path.join(root, 'bad.json');
    await writeFile(bad, '{ "name": ');
    expect((await rejection(loadProfile(bad))).kind).toBe('not-json');
    const missing = await rejection(loadProfile(path.join(root, 'nope.json')));
    expect(missing.kind).toBe('unreadable');
    expect(missing.message).toContain('ENOENT');
  });

  it('does not check per-device patterns at load time', async () => {
    const { file } = await writeFleet({ ...fleetA, tls: { ...fleetA.tls, clientCert: 'certs/{imei}.pem', clientKey: 'certs/{imei}.key' } });
    const profile = await loadProfile(file);
    expect(profile.tls.clientCert).toBe(path.join(root, 'fleet-a', 'certs', '{imei}.pem'));
  });

  it('finds a bare name in the search folders', async () => {
    const { folder } = await writeFleet(fleetA);
    expect((await loadProfile('fleet-a', { searchDirs: [root, folder] })).name).toBe('fleet-a');
    expect((await rejection(loadProfile('fleet-b', { searchDirs: [folder] }))).kind).toBe('unknown-name');
  });

  it('"demo" needs the demo cloud inputs', async () => {
    expect((await rejection(loadProfile('demo'))).kind).toBe('unknown-name');
    const demo = { serverInfoUrlTemplate: 'https://127.0.0.1:4443/tms2/devices/{deviceId}/info', caCertPath: '/d/ca.pem', clientCertPath: '/d/{imei}.pem', clientKeyPath: '/d/{imei}.key' };
    const profile = await loadProfile('demo', { demo });
    expect(profile).toEqual(demoProfile(demo));
    expect(profile.name).toBe('demo');
  });
});

describe('resolveDeviceFiles', () => {
  it('substitutes {imei}/{deviceId} and checks the device files exist', async () => {
    const { folder, file } = await writeFleet(
      { ...fleetA, tls: { ...fleetA.tls, clientCert: 'certs/{imei}.pem', clientKey: 'certs/{deviceId}.key' } },
      ['ca.pem', `${IDS.imei}.pem`, `${IDS.deviceId}.key`],
    );
    const files = await resolveDeviceFiles(await loadProfile(file), IDS);
    expect(files).toEqual({
      caCert: path.join(folder, 'certs', 'ca.pem'),
      clientCert: path.join(folder, 'certs', `${IDS.imei}.pem`),
      clientKey: path.join(folder, 'certs', `${IDS.deviceId}.key`),
    });
  });

  it('rejects a device without its own certificate', async () => {
    const { folder, file } = await writeFleet({ ...fleetA, tls: { ...fleetA.tls, clientCert: 'certs/{imei}.pem' } });
    const error = await rejection(resolveDeviceFiles(await loadProfile(file), IDS));
    expect(error.message).toBe('tls.clientCert: file not found');
    expect(error.file).toBe(path.join(folder, 'certs', `${IDS.imei}.pem`));
  });

  it('refuses ids that could climb out of the certificate folder', async () => {
    const { file } = await writeFleet({ ...fleetA, tls: { ...fleetA.tls, clientCert: 'certs/{deviceId}.pem' } });
    const profile = await loadProfile(file);
    expect((await rejection(resolveDeviceFiles(profile, { imei: IDS.imei, deviceId: '../../etc/passwd' }))).field).toBe('deviceId');
    expect((await rejection(resolveDeviceFiles(profile, { imei: '12/..', deviceId: 'TMS2_1' }))).field).toBe('imei');
  });
});
