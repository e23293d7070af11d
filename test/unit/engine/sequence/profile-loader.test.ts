import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { PROFILE_MAX_BYTES, checkDeviceFiles, demoProfile, loadProfile, loadProfileText, resolveDeviceFiles } from '../../../../electron/engine/sequence/profile-loader.ts';
import { ProfileError } from '../../../../shared/profile.ts';
import { goodSet } from '../../../helpers/test-certs.ts';

const IDS = { imei: '867969066452788', deviceId: 'TMS2_867969066452788' };
let root: string;

async function writeFleet(profile: Record<string, unknown>, files: string[] = ['ca.pem', 'client.pem', 'client.key']) {
  const folder = path.join(root, 'fleet-a');
  await mkdir(path.join(folder, 'certs'), { recursive: true });
  const set = goodSet();
  const content = (file: string) => (file.endsWith('.key') ? set.key : file.startsWith('ca') ? set.ca : set.client);
  for (const file of files) await writeFile(path.join(folder, 'certs', file), content(file));
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
    await writeFile(elsewhere, goodSet().ca);
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

  it('a profile naming /etc/passwd as its CA is refused at load time, naming the field, without the file content', async () => {
    const { file } = await writeFleet({ ...fleetA, tls: { ...fleetA.tls, caCert: '/etc/passwd' } });
    const error = await rejection(loadProfile(file));
    expect(error.message).toBe('tls.caCert: /etc/passwd is not a PEM certificate');
  });

  it('the profile itself must be a regular file: a FIFO is refused at once (no hang)', async () => {
    const fifo = path.join(root, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const error = await rejection(loadProfile(fifo));
    expect(error.kind).toBe('unreadable');
    expect(error.message).toBe(`profile: ${fifo} is not a regular file (a FIFO)`);
  });

  it(`a profile over ${PROFILE_MAX_BYTES} bytes is refused without being read whole`, async () => {
    const big = path.join(root, 'big.json');
    await writeFile(big, `{"name":"x${' '.repeat(PROFILE_MAX_BYTES)}"}`);
    expect((await rejection(loadProfile(big))).message).toMatch(new RegExp(`^profile: .*big\\.json is ${PROFILE_MAX_BYTES + 12} bytes; at most ${PROFILE_MAX_BYTES} are accepted$`));
  });

  it('a file that is not JSON is named by position only, never quoted', async () => {
    const passwd = path.join(root, 'passwd.json');
    await writeFile(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
    const error = await rejection(loadProfile(passwd));
    expect(error.message).not.toContain('root');
    expect(error.message).toMatch(/^profile: not valid JSON/);
    const broken = path.join(root, 'broken.json');
    await writeFile(broken, '{\n  "name": "secret-value" x\n}');
    const second = await rejection(loadProfile(broken));
    expect(second.message).not.toContain('secret-value');
  });

  it('plain http:// needs allowInsecureHttp', async () => {
    const { file } = await writeFleet({ ...fleetA, serverInfoUrl: 'http://api.example.net/{imei}' });
    expect((await rejection(loadProfile(file))).message).toMatch(/^serverInfoUrl: must start with https:\/\//);
    const allowed = await writeFleet({ ...fleetA, serverInfoUrl: 'http://api.example.net/{imei}', allowInsecureHttp: true });
    expect((await loadProfile(allowed.file)).allowInsecureHttp).toBe(true);
  });

  it('profile text (an upload) goes through the same checks, relative paths against the given folder', async () => {
    const { folder } = await writeFleet(fleetA);
    const profile = await loadProfileText(JSON.stringify(fleetA), folder, 'uploaded');
    expect(profile.name).toBe('uploaded');
    expect(profile.tls.caCert).toBe(path.join(folder, 'certs', 'ca.pem'));
    const bad = { ...fleetA, tls: { ...fleetA.tls, clientKey: '/etc/passwd' } };
    expect((await rejection(loadProfileText(JSON.stringify(bad), folder, 'x'))).message).toMatch(/^tls\.clientKey: \/etc\/passwd is not a PEM private key$/);
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

  it('checks the per-device files before anything is uploaded (a device key that does not match)', async () => {
    const { folder, file } = await writeFleet(
      { ...fleetA, tls: { ...fleetA.tls, clientCert: 'certs/{imei}.pem', clientKey: 'certs/{imei}.key' } },
      ['ca.pem', `${IDS.imei}.pem`],
    );
    await writeFile(path.join(folder, 'certs', `${IDS.imei}.key`), goodSet().ca);
    const error = await rejection(checkDeviceFiles(await loadProfile(file), IDS));
    expect(error.message).toBe(`tls.clientKey: ${path.join(folder, 'certs', `${IDS.imei}.key`)} is not a PEM private key`);
  });

  it('refuses ids that could climb out of the certificate folder', async () => {
    const { file } = await writeFleet({ ...fleetA, tls: { ...fleetA.tls, clientCert: 'certs/{deviceId}.pem' } });
    const profile = await loadProfile(file);
    expect((await rejection(resolveDeviceFiles(profile, { imei: IDS.imei, deviceId: '../../etc/passwd' }))).field).toBe('deviceId');
    expect((await rejection(resolveDeviceFiles(profile, { imei: '12/..', deviceId: 'TMS2_1' }))).field).toBe('imei');
  });
});
