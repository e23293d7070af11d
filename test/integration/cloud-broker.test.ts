/**
 * The demo cloud's MQTT broker, run against BOTH backends (in-process Aedes and a real Mosquitto
 * process), observed independently by `mosquitto_sub` and by the cloud's live view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { startDemoCloud } from '../../electron/cloud/cloud.ts';
import type { DemoCloud } from '../../electron/cloud/cloud.ts';
import { cloudObserver, spawnMosquittoSub, waitUntil } from '../helpers/mosquitto.ts';
import type { MosquittoSub } from '../helpers/mosquitto.ts';
import { connectDevice, deviceIdFactory, initPayload, LWT_PAYLOAD, recordTraffic, topicsOf } from './cloud-test-kit.ts';

describe.each(['aedes', 'mosquitto'] as const)('demo cloud MQTT broker: %s', (broker) => {
  let cloud: DemoCloud;
  let sub: MosquittoSub;
  let live: ReturnType<typeof recordTraffic>;
  const clients: MqttClient[] = [];
  const nextDeviceId = deviceIdFactory(broker === 'aedes' ? '35123456789' : '35987654321');

  const track = (client: MqttClient) => {
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    cloud = await startDemoCloud({ ephemeral: true, broker });
    live = recordTraffic(cloud);
    sub = await spawnMosquittoSub(cloudObserver(cloud), ['DDTM/UP/#', 'DDTM/LWT/#', 'DDTM/RPC/#']);
  });

  afterAll(async () => {
    for (const client of clients) client.end(true);
    await sub?.stop();
    await cloud?.stop();
  });

  it('accepts a device with its client certificate and password over TLS', async () => {
    const client = track(await connectDevice(cloud, nextDeviceId()));
    expect(client.connected).toBe(true);
  });

  it('refuses a wrong password with CONNACK "not authorised" (M2/M3 credential check)', async () => {
    const deviceId = nextDeviceId();
    await cloud.deviceCredentials(deviceId);
    const outcome = await connectDevice(cloud, deviceId, { password: 'not-the-device-password' }).then(
      (client) => ({ connected: track(client).connected, code: undefined }),
      (error: { code?: number }) => ({ connected: false, code: error.code }),
    );
    expect(outcome.connected).toBe(false);
    expect([4, 5]).toContain(outcome.code);
  });

  it('refuses a device without a client certificate at the TLS handshake (M3)', async () => {
    const deviceId = nextDeviceId();
    const result = await connectDevice(cloud, deviceId, { cert: undefined, key: undefined }).then(
      (client) => track(client).connected,
      (error: unknown) => error as Error,
    );
    expect(result).toBeInstanceOf(Error);
    expect(String((result as Error).message)).toMatch(/certificate|alert|ECONNRESET|socket/i);
  });

  it('delivers INIT on DDTM/UP/<id> to mosquitto_sub and to the live view', async () => {
    const deviceId = nextDeviceId();
    const client = track(await connectDevice(cloud, deviceId));
    const init = initPayload(Date.now(), '1.3.0', '1.1.1');
    await client.publishAsync(topicsOf(deviceId).up, init, { qos: 1 });

    const seen = await sub.waitFor((m) => m.topic === topicsOf(deviceId).up);
    expect(seen.payload).toBe(init);
    const event = await live.waitFor((e) => e.topic === topicsOf(deviceId).up);
    expect(event).toMatchObject({ channel: 'UP', deviceId, payload: init });
  });

  it('publishes the will on DDTM/LWT/<id> when the socket dies abruptly (M5)', async () => {
    const deviceId = nextDeviceId();
    const client = track(await connectDevice(cloud, deviceId));
    client.stream.destroy();

    const will = await sub.waitFor((m) => m.topic === topicsOf(deviceId).lwt);
    expect(will.payload).toBe(LWT_PAYLOAD);
    const event = await live.waitFor((e) => e.topic === topicsOf(deviceId).lwt);
    expect(event).toMatchObject({ channel: 'LWT', deviceId, payload: LWT_PAYLOAD });
  });

  it('does not publish the will after a clean DISCONNECT (M5)', async () => {
    const deviceId = nextDeviceId();
    const first = await connectDevice(cloud, deviceId);
    await first.endAsync();
    // A marker from a later session of the same device: anything the first session caused is seen before it.
    const second = track(await connectDevice(cloud, deviceId));
    await second.publishAsync(topicsOf(deviceId).up, 'marker-after-clean-disconnect', { qos: 1 });
    await sub.waitFor((m) => m.topic === topicsOf(deviceId).up && m.payload === 'marker-after-clean-disconnect');
    await live.waitFor((e) => e.topic === topicsOf(deviceId).up);

    expect(sub.messages.filter((m) => m.topic === topicsOf(deviceId).lwt)).toEqual([]);
    expect(live.events.filter((e) => e.topic === topicsOf(deviceId).lwt)).toEqual([]);
  });

  it('delivers an RPC from the cloud to the device, and to the live view', async () => {
    const deviceId = nextDeviceId();
    const client = track(await connectDevice(cloud, deviceId));
    const received = new Promise<{ topic: string; payload: string }>((resolve) =>
      client.on('message', (topic, payload) => resolve({ topic, payload: payload.toString('utf8') })),
    );
    await client.subscribeAsync(topicsOf(deviceId).rpc, { qos: 1 });
    await cloud.sendRpc(deviceId, { method: 'ping', id: 7 });

    expect(await received).toEqual({ topic: topicsOf(deviceId).rpc, payload: '{"method":"ping","id":7}' });
    expect(await live.waitFor((e) => e.topic === topicsOf(deviceId).rpc)).toMatchObject({ channel: 'RPC', payload: '{"method":"ping","id":7}' });
  });

  it("drops a device's publish on another device's UP topic (ACL)", async () => {
    const own = nextDeviceId();
    const other = nextDeviceId();
    await cloud.deviceCredentials(other);
    const forger = track(await connectDevice(cloud, own));
    forger.publish(topicsOf(other).up, 'forged', { qos: 0 }); // Aedes closes the session, Mosquitto drops the message

    const marker = track(await connectDevice(cloud, own, { clientId: `${own}-marker` }));
    await marker.publishAsync(topicsOf(own).up, 'marker-after-forgery', { qos: 1 });
    await sub.waitFor((m) => m.payload === 'marker-after-forgery');
    expect(sub.messages.filter((m) => m.topic === topicsOf(other).up)).toEqual([]);
    expect(live.events.filter((e) => e.topic === topicsOf(other).up)).toEqual([]);
  });

  it("never delivers another device's RPC to a device that subscribes to it (ACL)", async () => {
    const own = nextDeviceId();
    const other = nextDeviceId();
    await cloud.deviceCredentials(other);
    const client = track(await connectDevice(cloud, own));
    const got: string[] = [];
    client.on('message', (topic) => got.push(topic));
    await client.subscribeAsync(topicsOf(other).rpc, { qos: 1 }).catch(() => undefined); // Aedes: SUBACK 0x80; Mosquitto: granted, never delivered
    await client.subscribeAsync(topicsOf(own).rpc, { qos: 1 });

    await cloud.sendRpc(other, 'for-the-other-device');
    await cloud.sendRpc(own, 'for-me');
    await waitUntil(() => got.includes(topicsOf(own).rpc), 20_000, () => `device did not receive its RPC; got ${JSON.stringify(got)}`);
    expect(got).toEqual([topicsOf(own).rpc]);
  });
});
