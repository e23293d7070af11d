/**
 * The in-process broker: Aedes behind a TLS server that demands a client certificate from our CA.
 * Authentication: user name = deviceId, password = that device's token (or the cloud's admin
 * principal). Authorisation comes from topics.ts: a device publishes only on its own UP and LWT
 * topics and subscribes only to its own RPC topic. Wills are Aedes' own (published on abrupt loss,
 * not on DISCONNECT — M5).
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import tls from 'node:tls';
import { Aedes } from 'aedes';
import type { AedesOptions, AuthenticateError, Client, PublishPacket } from 'aedes';
import { BROKER_HOST } from './broker.ts';
import type { BrokerBackend, BrokerStartOptions } from './broker.ts';
import { passwordMatches } from './credentials.ts';
import { deviceMay } from './topics.ts';

/** CONNACK return code 5, "not authorised" (what Mosquitto answers for a bad password too). */
const CONNACK_NOT_AUTHORISED = 5;

type Identity = { role: 'admin' } | { role: 'device'; deviceId: string };

export async function startAedesBroker(options: BrokerStartOptions): Promise<BrokerBackend> {
  const identities = new WeakMap<Client, Identity>();
  const broker = await Aedes.createBroker(brokerHooks(options, identities));
  broker.on('publish', (packet) => options.traffic.record(packet.topic, packet.payload));

  const sockets = new Set<Socket>();
  const server = tls.createServer({ key: options.tls.keyPem, cert: options.tls.certPem, ca: options.tls.caPem, requestCert: true, rejectUnauthorized: true }, (socket) => broker.handle(socket));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(options.port, BROKER_HOST);
  try {
    await once(server, 'listening');
  } catch (error) {
    broker.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    kind: 'aedes',
    port,
    registerDevice: async () => {
      // Aedes asks the device store on every CONNECT; nothing to do.
    },
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) => {
        const packet: PublishPacket = { cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, retain: false, dup: false };
        broker.publish(packet, (error) => (error ? reject(error) : resolve()));
      }),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

function brokerHooks(options: BrokerStartOptions, identities: WeakMap<Client, Identity>): AedesOptions {
  const root = options.topicRoot;
  const underRoot = (topic: string) => topic.startsWith(`${root}/`);
  return {
    authenticate: (client, username, password, done) => {
      const identity = identify(options, username, password);
      if (!identity) return done(notAuthorised(), false);
      identities.set(client, identity);
      done(null, true);
    },
    authorizePublish: (client, packet, done) => {
      if (!client) return done(null); // the cloud itself
      const identity = identities.get(client);
      const allowed = identity?.role === 'admin' ? underRoot(packet.topic) : identity ? deviceMay(root, identity.deviceId, 'publish', packet.topic) : false;
      done(allowed ? null : new Error(`not authorised to publish on ${packet.topic}`));
    },
    authorizeSubscribe: (client, subscription, done) => {
      const identity = identities.get(client);
      const allowed = identity?.role === 'admin' ? underRoot(subscription.topic) : identity ? deviceMay(root, identity.deviceId, 'subscribe', subscription.topic) : false;
      done(null, allowed ? subscription : null); // null → SUBACK 0x80
    },
  };
}

function identify(options: BrokerStartOptions, username: string | undefined, password: Buffer | undefined): Identity | undefined {
  if (!username) return undefined;
  if (username === options.admin.username) return passwordMatches(options.admin.password, password) ? { role: 'admin' } : undefined;
  return options.devices.passwordMatches(username, password) ? { role: 'device', deviceId: username } : undefined;
}

function notAuthorised(): AuthenticateError {
  return Object.assign(new Error('not authorised'), { returnCode: CONNACK_NOT_AUTHORISED as AuthenticateError['returnCode'] });
}
