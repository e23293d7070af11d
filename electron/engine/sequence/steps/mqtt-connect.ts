/**
 * Step 6 — MQTT connect: AT+QICSGP, AT+QMTCFG pdpcid/ssl/version 4/keepalive/will (the exact LWT
 * payload), AT+QMTOPEN (result 2 "identifier busy": QMTDISC + QMTCLOSE, then once more, M1),
 * AT+QMTCONN (only 0,0,0 is success, M7), AT+QMTSUB on <root>/RPC/<deviceId>, and the INIT
 * publish on <root>/UP/<deviceId>, confirmed by +QMTPUB: 0,<id>,0.
 */
import { configureMqtt, mqttConnect, mqttOpen, mqttSubscribe, resetMqttClient } from '../../quectel/mqtt.ts';
import { QuectelError } from '../../quectel/errors.ts';
import { configurePdpContext } from '../../quectel/network.ts';
import { need } from '../context.ts';
import { MQTT_CLIENT_INDEX as IDX } from '../mqtt-session.ts';
import { LWT_PAYLOAD, initPayload, topicsFor } from '../payloads.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';

/** IPv4v6, as the seed asks (docs/uncertain-behaviour.md#qicsgp-ipv4v6). */
const PDP_TYPE = 3;

async function openClient(env: StepEnv, host: string, port: number): Promise<void> {
  try {
    await mqttOpen(env.at, IDX, host, port);
  } catch (error) {
    if (!(error instanceof QuectelError && error.kind === 'mqtt-open-failed' && error.code === 2)) throw error;
    env.progress('progress.mqttIndexBusy');
    await resetMqttClient(env.at, IDX);
    await mqttOpen(env.at, IDX, host, port);
  }
}

async function configure(env: StepEnv): Promise<void> {
  const { mqtt } = need(env.ctx, 'serverInfo').serverInfo;
  const topics = need(env.ctx, 'topics');
  const { pdp, tls, mqtt: settings } = env.profile;
  await configurePdpContext(env.at, { cid: pdp.contextId, contextType: PDP_TYPE, ...(pdp.apn ? { apn: pdp.apn } : {}) });
  await configureMqtt(env.at, IDX, {
    pdpcid: pdp.contextId,
    ssl: mqtt.ssl ? { ctx: tls.sslContextId } : false,
    version: 4,
    keepaliveS: settings.keepaliveOverride ?? mqtt.keepalive,
    will: { qos: settings.qos, retain: false, topic: topics.lwt, message: LWT_PAYLOAD },
  });
}

async function connect(env: StepEnv): Promise<void> {
  const identity = need(env.ctx, 'identity');
  const { mqtt } = need(env.ctx, 'serverInfo').serverInfo;
  const topics = need(env.ctx, 'topics');
  env.redactor.add(mqtt.password);
  env.mqtt.setState('opening', `${mqtt.host}:${mqtt.port}${mqtt.ssl ? ' (TLS)' : ''}`);
  const started = performance.now();
  await openClient(env, mqtt.host, mqtt.port);
  env.mqtt.setState('open');
  await mqttConnect(env.at, IDX, { clientId: identity.deviceId, username: identity.deviceId, password: mqtt.password });
  env.mqtt.setState('connected', identity.deviceId);
  // AT+QMTOPEN (network, TLS handshake) to the CONNACK of AT+QMTCONN.
  env.measure('mqtt-connect-time', performance.now() - started);
  await mqttSubscribe(env.at, IDX, env.mqtt.nextMsgId(1), [{ topic: topics.rpc, qos: env.profile.mqtt.qos }]);
  env.mqtt.setState('subscribed', topics.rpc);
  await env.mqtt.publish(env.at, topics.up, initPayload(Date.now(), identity.mainFw, identity.subFw));
  env.mqtt.setState('published', topics.up);
}

export const mqttConnectStep: SequenceStep = {
  id: 'mqtt-connect',
  needs: ['identity', 'serverInfo'],
  timeoutMs: 180_000,
  retries: 1,
  async run(env) {
    const identity = need(env.ctx, 'identity');
    const topics = topicsFor(env.profile.mqtt.topicRoot, identity.deviceId);
    env.ctx.topics = topics;
    env.mqtt.watch(topics, env.profile.mqtt.qos, env.profile.pdp.contextId);
    await env.mqtt.disconnect(env.at); // a client left open by an earlier attempt
    await configure(env);
    try {
      await connect(env);
    } catch (error) {
      if (!env.signal.aborted) await resetMqttClient(env.at, IDX).catch(() => undefined);
      if (env.mqtt.isOpen) env.mqtt.setState('closed', 'closed after the failure');
      throw error;
    }
    return passed('summary.mqttConnected', { deviceId: identity.deviceId, rpc: topics.rpc, up: topics.up });
  },
};
