/**
 * One MQTT client index of the module, a visible state machine:
 *   closed → opening → open → connecting → connected → (disconnecting) → closed
 * QMTOPEN opens the TCP/TLS link itself; QMTCONN hands that socket to a real MQTT client
 * (mqtt.js, MQTT 3.1/3.1.1, reconnectPeriod 0) through its stream builder. Every way the link can
 * end is reported like the module does (docs/at-behaviour.md#mqtt): deferred result URCs, `+QMTSTAT` for a
 * link lost without the host asking (1 peer closed, 2 PINGREQ timeout, 4 no CONNACK).
 */
import { MqttClient, type IClientOptions, type IPublishPacket } from 'mqtt';
import type { FaultSet } from '../faults/fault-set.ts';
import { cutLink, type LinkTarget, type ModuleLink } from './link.ts';
import { linkErrorOf } from './link-error.ts';
import { ackWaitMs, defaultMqttConfig, type MqttConfig } from './mqtt-config.ts';
import { formatRecv, RecvBuffer, type ReceivedMessage } from './mqtt-recv.ts';
import type { NetworkModel } from './network-model.ts';
import type { PowerCycle } from './power-cycle.ts';
import type { SslContexts } from './ssl-contexts.ts';

export type SlotState = 'closed' | 'opening' | 'open' | 'connecting' | 'connected' | 'disconnecting';

/** AT+QMTCONN? <state>: 1 initialising, 2 connecting, 3 connected, 4 disconnecting. */
export const CONN_STATE_CODE: Readonly<Record<SlotState, number>> = { closed: 1, opening: 1, open: 1, connecting: 2, connected: 3, disconnecting: 4 };

const OPEN_TIMEOUT_MS = 75_000;

export interface SlotDeps {
  urc(line: string): void;
  cycle: PowerCycle;
  faults: FaultSet;
  network: NetworkModel;
  ssl: SslContexts;
  openLink(target: LinkTarget): Promise<ModuleLink>;
}

export class MqttSlot {
  config: MqttConfig = defaultMqttConfig();
  state: SlotState = 'closed';
  target: { host: string; port: number } | undefined;
  readonly recvBuffer = new RecvBuffer();
  private link: ModuleLink | undefined;
  private client: MqttClient | undefined;

  constructor(
    readonly index: number,
    private readonly deps: SlotDeps,
  ) {}

  async open(host: string, port: number): Promise<void> {
    const forced = this.deps.faults.get('qmtopen-result');
    if (this.state !== 'closed') return this.report('QMTOPEN', 2);
    if (forced) return this.report('QMTOPEN', forced.result);
    if (!this.pdpReady()) return this.report('QMTOPEN', 3);
    this.transition('opening');
    this.target = { host, port };
    const ssl = this.config.ssl.enable === 1 ? this.deps.ssl.get(this.config.ssl.ctx) : undefined;
    try {
      const link = await this.deps.openLink({ host, port, ssl, connectTimeoutMs: OPEN_TIMEOUT_MS });
      if (!this.deps.cycle.alive) return cutLink(link);
      this.attachLink(link);
      this.transition('open');
      this.report('QMTOPEN', 0);
    } catch (error) {
      this.transition('closed');
      this.report('QMTOPEN', linkErrorOf(error).kind === 'dns' ? 4 : -1);
    }
  }

  connect(clientId: string, username: string | undefined, password: string | undefined): void {
    const socket = this.link?.stream;
    if (!socket) return;
    this.transition('connecting');
    const refused = this.deps.faults.get('connack-refused');
    if (refused) {
      this.deps.urc(`+QMTCONN: ${this.index},0,${refused.returnCode}`);
      return this.lost(1);
    }
    const client = new MqttClient(() => socket, this.clientOptions(clientId, username, password));
    this.client = client;
    client.on('connect', () => this.onConnected());
    client.on('error', (error: Error & { code?: unknown }) => this.onClientError(error));
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => this.onMessage({ msgId: packet.messageId ?? 0, topic, payload }));
  }

  subscribe(msgId: number, topics: Array<{ topic: string; qos: 0 | 1 | 2 }>): void {
    const map = Object.fromEntries(topics.map(({ topic, qos }) => [topic, { qos }]));
    this.retransmitNotice('QMTSUB', msgId);
    this.withAck('QMTSUB', msgId, (done) =>
      this.client?.subscribe(map, (error, _granted, packet) => {
        const granted = packet?.granted?.map((qos) => (typeof qos === 'number' ? qos : 128));
        done(granted ? `0,${granted.join(',')}` : '2');
        void error;
      }),
    );
  }

  unsubscribe(msgId: number, topics: string[]): void {
    this.withAck('QMTUNS', msgId, (done) => this.client?.unsubscribe(topics, (error) => done(error ? '2' : '0')));
  }

  publish(msgId: number, qos: 0 | 1 | 2, retain: boolean, topic: string, payload: Buffer): void {
    this.retransmitNotice('QMTPUB', msgId);
    this.withAck('QMTPUB', msgId, (done) =>
      this.client?.publish(topic, payload, { qos, retain }, (error) => {
        done(error ? '2' : '0');
        if (!error) this.afterPublished();
      }),
    );
  }

  disconnect(): void {
    const client = this.client;
    this.transition('disconnecting');
    const finish = () => {
      this.release();
      this.deps.urc(`+QMTDISC: ${this.index},0`);
    };
    if (client?.connected) client.end(false, {}, finish);
    else finish();
  }

  close(): void {
    this.release();
    this.deps.urc(`+QMTCLOSE: ${this.index},0`);
  }

  /** Power loss: the link ends at once, no DISCONNECT (the broker publishes the will), no URC. */
  drop(): void {
    const link = this.link;
    this.link = undefined;
    if (link) cutLink(link);
    this.release();
  }

  /** A stored recv/mode 1 message, formatted for AT+QMTRECV=<idx>,<recv_id>. */
  readStored(recvId: number): string | undefined {
    const message = this.recvBuffer.take(recvId);
    return message ? formatRecv(this.index, message, this.config) : undefined;
  }

  /** The broker side vanished without the host asking (`broker-drop-after-connect`, tests). */
  breakLink(): void {
    this.link?.stream.destroy();
  }

  private clientOptions(clientId: string, username: string | undefined, password: string | undefined): IClientOptions {
    const { version, keepalive, session, will, timeout } = this.config;
    return {
      protocolVersion: version,
      protocolId: version === 3 ? 'MQIsdp' : 'MQTT',
      clientId,
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
      keepalive,
      clean: session === 1,
      reconnectPeriod: 0,
      connectTimeout: timeout.pktSeconds * 1000,
      resubscribe: false,
      ...(will.flag === 1 ? { will: { topic: will.topic, payload: Buffer.from(will.message, 'latin1'), qos: will.qos, retain: will.retain === 1 } } : {}),
    };
  }

  private attachLink(link: ModuleLink): void {
    this.link = link;
    link.stream.once('close', () => {
      if (this.link === link) this.lost(1);
    });
  }

  private onConnected(): void {
    this.transition('connected');
    this.deps.urc(`+QMTCONN: ${this.index},0,0`);
    const drop = this.deps.faults.get('broker-drop');
    if (drop) this.deps.cycle.later(drop.afterMs, () => this.breakLink());
  }

  /** Faults that strike once the session is fully up (after the first acknowledged publish). */
  private afterPublished(): void {
    const { faults, network, urc } = this.deps;
    if (faults.has('broker-silent') && faults.fireOnce('broker-silent')) {
      // The broker stays connected but sends nothing more: no PINGRESP reaches the client, whose
      // keepalive watchdog (1.5 × keepalive, as the module's) then reports +QMTSTAT: <idx>,2 (M4).
      this.link?.stream.unpipe();
    }
    if (faults.has('pdp-drop') && faults.fireOnce('pdp-drop')) {
      // The network tears the bearer down: the module reports the context and the link is gone.
      // Whether a +QMTSTAT follows is not documented (docs/uncertain-behaviour.md#pdpdeact-mqtt);
      // this module sends none, so the host must notice by itself.
      const cid = this.config.pdpcid;
      network.deactivate(cid);
      urc(`+QIURC: "pdpdeact",${cid}`);
      this.drop();
    }
  }

  private onClientError(error: Error & { code?: unknown }): void {
    if (this.state === 'connecting' && typeof error.code === 'number' && error.code >= 1 && error.code <= 5) {
      this.deps.urc(`+QMTCONN: ${this.index},0,${error.code}`);
    } else if (this.state === 'connecting' && /connack timeout/i.test(error.message)) {
      this.deps.urc(`+QMTCONN: ${this.index},2`);
      this.lost(4);
    } else if (/keepalive timeout/i.test(error.message)) {
      this.lost(2);
    }
  }

  private onMessage(message: ReceivedMessage): void {
    if (this.config.recv.mode === 0) return this.deps.urc(formatRecv(this.index, message, this.config));
    const recvId = this.recvBuffer.store(message);
    if (recvId !== undefined) this.deps.urc(`+QMTRECV: ${this.index},${recvId}`);
  }

  /** Runs an acknowledged operation; reports `<result>` or 2 after pkt_timeout × retry_times. */
  private withAck(name: string, msgId: number, start: (done: (result: string) => void) => void): void {
    let settled = false;
    let cancelTimeout: () => void = () => undefined;
    const done = (result: string) => {
      if (settled || !this.deps.cycle.alive) return;
      settled = true;
      cancelTimeout(); // an answered operation lets go of its timeout (it held the slot for pkt_timeout × retries)
      this.deps.urc(`+${name}: ${this.index},${msgId},${result}`);
    };
    cancelTimeout = this.deps.cycle.later(ackWaitMs(this.config), () => done('2'));
    start(done);
  }

  private retransmitNotice(name: string, msgId: number): void {
    if (this.deps.faults.has('mqtt-retransmit')) this.deps.urc(`+${name}: ${this.index},${msgId},1,1`);
  }

  private pdpReady(): boolean {
    const cid = this.config.pdpcid;
    return this.deps.network.isActive(cid) || this.deps.network.activate(cid);
  }

  /** The link ended without the host asking: `+QMTSTAT: <idx>,<code>`. */
  private lost(code: number): void {
    if (this.state === 'closed' || this.state === 'disconnecting') return;
    this.release();
    if (this.deps.cycle.alive) this.deps.urc(`+QMTSTAT: ${this.index},${code}`);
  }

  /** Forgets socket and client (closing them) and goes back to closed. */
  private release(): void {
    const { link, client } = this;
    this.link = undefined;
    this.client = undefined;
    this.target = undefined;
    this.transition('closed');
    client?.removeAllListeners('connect');
    client?.removeAllListeners('message');
    client?.on('error', () => undefined);
    if (client && !client.disconnecting) client.end(true);
    link?.stream.destroy();
  }

  private report(name: string, result: number): void {
    this.deps.urc(`+${name}: ${this.index},${result}`);
  }

  private transition(next: SlotState): void {
    this.state = next;
  }
}
