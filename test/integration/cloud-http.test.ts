/**
 * The demo cloud's HTTPS side: server-info documents (checked with the shared parser), firmware
 * downloads (size and sha256 against the document, F1/F2 inputs), the admin endpoints, and the
 * data directory being generated once and reused.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCloud } from '../../electron/cloud/cloud.ts';
import type { DemoCloud } from '../../electron/cloud/cloud.ts';
import { readFirmwareHeader } from '../../shared/firmware-image.ts';
import { parseServerInfo } from '../../shared/server-info.ts';
import type { ServerInfo } from '../../shared/server-info.ts';
import { adminRequest, deviceIdFactory, recordTraffic, request } from './cloud-test-kit.ts';

const nextDeviceId = deviceIdFactory('86796906645');

async function fetchServerInfo(cloud: DemoCloud, deviceId: string): Promise<ServerInfo> {
  const reply = await request(cloud.serverInfoUrlTemplate.replace('{deviceId}', deviceId), { ca: cloud.caPem });
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe('application/json');
  const parsed = parseServerInfo(reply.body.toString('utf8'));
  if (!parsed.ok) throw parsed.error;
  return parsed.serverInfo;
}

describe('demo cloud HTTPS', () => {
  let cloud: DemoCloud;

  beforeAll(async () => {
    cloud = await startDemoCloud({ ephemeral: true, plainHttpPort: 0 });
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('serves a server-info document that passes parseServerInfo, for a device it has never seen', async () => {
    const deviceId = nextDeviceId();
    const info = await fetchServerInfo(cloud, deviceId);
    const credentials = await cloud.deviceCredentials(deviceId);

    expect(info.serverInfo.mqtt).toEqual({ host: '127.0.0.1', port: cloud.mqtt.port, ssl: true, password: credentials.password, keepalive: 90 });
    expect(info.serverInfo.firmware.main.version).toBe('1.4.0');
    expect(info.serverInfo.firmware.sub.version).toBe('1.1.2');
    expect(info.serverInfo.firmware.main.url.startsWith(`${cloud.urls.https}/firmware/`)).toBe(true);
    expect(info.rollInfo).toEqual({ roll: 3.5, pitch: -1.2 });
  });

  it('gives every device its own MQTT password and a client certificate with CN = deviceId', async () => {
    const [a, b] = [nextDeviceId(), nextDeviceId()];
    const [infoA, infoB] = await Promise.all([fetchServerInfo(cloud, a), fetchServerInfo(cloud, b)]);
    expect(infoA.serverInfo.mqtt.password).not.toBe(infoB.serverInfo.mqtt.password);
    const cert = new X509Certificate((await cloud.deviceCredentials(a)).certPem);
    expect(cert.subject).toContain(`CN=${a}`);
    expect(cert.verify(new X509Certificate(cloud.caPem).publicKey)).toBe(true);
  });

  it('is real TLS: a client that does not trust the demo CA is refused', async () => {
    const outcome = await request(cloud.serverInfoUrlTemplate.replace('{deviceId}', nextDeviceId())).then(
      () => 'connected',
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(outcome).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });

  it.each(['main', 'sub'] as const)('serves the %s image with the size and sha256 of the document (F1/F2)', async (target) => {
    const info = await fetchServerInfo(cloud, nextDeviceId());
    const firmware = info.serverInfo.firmware[target];
    const reply = await request(firmware.url, { ca: cloud.caPem });

    expect(reply.status).toBe(200);
    expect(Number(reply.headers['content-length'])).toBe(firmware.size);
    expect(reply.body.length).toBe(firmware.size);
    expect(createHash('sha256').update(reply.body).digest('hex')).toBe(firmware.sha256);
    expect(readFirmwareHeader(reply.body)).toEqual({ target, version: firmware.version });
  });

  it('answers 404 JSON for a device id that is not TMS2_<15-digit IMEI>', async () => {
    for (const bad of ['TMS2_123', 'XYZ_867969066452788', 'TMS2_86796906645278x']) {
      const reply = await request(cloud.serverInfoUrlTemplate.replace('{deviceId}', bad), { ca: cloud.caPem });
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.body.toString('utf8'))).toHaveProperty('error');
    }
    expect((await request(`${cloud.urls.https}/firmware/main-9.9.9.bin`, { ca: cloud.caPem })).status).toBe(404);
  });

  it('also serves plain HTTP, with firmware URLs on the same plain server', async () => {
    const reply = await request(`${cloud.urls.http}/tms2/devices/${nextDeviceId()}/info`);
    const parsed = parseServerInfo(reply.body.toString('utf8'));
    expect(parsed.ok && parsed.serverInfo.serverInfo.firmware.sub.url.startsWith(`${cloud.urls.http}/firmware/`)).toBe(true);
  });

  it('refuses admin calls without the token (401)', async () => {
    const reply = await request(`${cloud.urls.https}/admin/devices`, { ca: cloud.caPem, headers: { Authorization: 'Bearer wrong' } });
    expect(reply.status).toBe(401);
  });

  it('publishes a new firmware version through the admin API; the old image stays downloadable', async () => {
    const deviceId = nextDeviceId();
    const before = await fetchServerInfo(cloud, deviceId);
    const published = await adminRequest(cloud, '/admin/firmware', { target: 'main', version: '1.5.0', size: 4096 });
    expect(published.status).toBe(201);

    const after = await fetchServerInfo(cloud, deviceId);
    expect(after.serverInfo.firmware.main).toMatchObject({ version: '1.5.0', size: 4096 });
    expect(after.serverInfo.firmware.sub).toEqual(before.serverInfo.firmware.sub);
    const image = await request(after.serverInfo.firmware.main.url, { ca: cloud.caPem });
    expect(readFirmwareHeader(image.body).version).toBe('1.5.0');
    expect((await request(before.serverInfo.firmware.main.url, { ca: cloud.caPem })).status).toBe(200);
  });

  it('serves uploaded bytes and an advertised sha256 as given (tamper tests, F1)', async () => {
    const bytes = Buffer.from('not a firmware image');
    const wrongSha = 'ab'.repeat(32);
    const reply = await adminRequest(cloud, '/admin/firmware', { target: 'sub', version: '1.1.9', bytes: bytes.toString('base64'), sha256: wrongSha });
    expect(reply.status).toBe(201);
    const info = await fetchServerInfo(cloud, nextDeviceId());
    expect(info.serverInfo.firmware.sub).toMatchObject({ version: '1.1.9', size: bytes.length, sha256: wrongSha });
    expect((await request(info.serverInfo.firmware.sub.url, { ca: cloud.caPem })).body).toEqual(bytes);
  });

  it('rejects a bad admin body with 400 naming the field', async () => {
    const reply = await adminRequest(cloud, '/admin/firmware', { target: 'gps', version: '1.0.0' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body.toString('utf8')).error).toMatch(/^target/);
  });

  it('sets a device RollInfo through the admin API', async () => {
    const deviceId = nextDeviceId();
    expect((await adminRequest(cloud, '/admin/roll', { deviceId, roll: -7.25, pitch: 12 })).status).toBe(200);
    expect((await fetchServerInfo(cloud, deviceId)).rollInfo).toEqual({ roll: -7.25, pitch: 12 });
  });

  it('lists devices without passwords or key bytes (K1)', async () => {
    const deviceId = nextDeviceId();
    const { password, keyPem } = await cloud.deviceCredentials(deviceId);
    const reply = await adminRequest(cloud, '/admin/devices');
    const text = reply.body.toString('utf8');
    expect(reply.status).toBe(200);
    expect((JSON.parse(text) as { devices: Array<{ deviceId: string }> }).devices.map((d) => d.deviceId)).toContain(deviceId);
    expect(text).not.toContain(password);
    expect(text).not.toContain('PRIVATE KEY');
    expect(keyPem).toContain('PRIVATE KEY');
  });

  it('publishes an admin RPC on DDTM/RPC/<deviceId>, seen by the live view', async () => {
    const deviceId = nextDeviceId();
    const live = recordTraffic(cloud);
    const reply = await adminRequest(cloud, '/admin/rpc', { deviceId, payload: { method: 'reboot' } });
    expect(reply.status).toBe(202);
    const event = await live.waitFor((e) => e.deviceId === deviceId);
    live.unsubscribe();
    expect(event).toMatchObject({ topic: `DDTM/RPC/${deviceId}`, channel: 'RPC', payload: '{"method":"reboot"}' });
  });
});

describe('demo cloud data directory', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fieldlink-cloud-test-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates the CA and device credentials once and reuses them on the next start', async () => {
    const deviceId = nextDeviceId();
    const first = await startDemoCloud({ dataDir });
    const firstCredentials = await first.deviceCredentials(deviceId);
    const firstCa = first.caPem;
    await first.stop();

    const second = await startDemoCloud({ dataDir });
    try {
      expect(second.caPem).toBe(firstCa);
      expect(second.caPath).toBe(join(dataDir, 'ca.pem'));
      expect(await second.deviceCredentials(deviceId)).toEqual(firstCredentials);
      expect((await fetchServerInfo(second, deviceId)).serverInfo.mqtt.password).toBe(firstCredentials.password);
    } finally {
      await second.stop();
    }
  });

  it('removes an ephemeral data directory on stop', async () => {
    const cloud = await startDemoCloud({ ephemeral: true });
    const { existsSync } = await import('node:fs');
    expect(existsSync(cloud.caPath)).toBe(true);
    await cloud.stop();
    expect(existsSync(cloud.dataDir)).toBe(false);
  });
});
