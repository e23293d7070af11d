/** The MQTT part of the connect sequence as AT exchanges (docs/sequence.md#steps, step 6). */
import type { Conversation } from './conversation.ts';
import { ok } from './module-steps.ts';

export const DEVICE_ID = 'TMS2_867969066452788';
export const LWT_TOPIC = `DDTM/LWT/${DEVICE_ID}`;
export const LWT = '{"v":"1.1","pt":"LWT","body":{"connection":"closed"}}';

export interface SessionOptions {
  port: number;
  host?: string;
  /** SSL context for MQTTS; undefined = plain TCP. */
  sslCtx?: number;
  keepalive?: number;
  password?: string;
  recvMode?: string;
}

export async function configureMqtt(modem: Conversation, options: SessionOptions): Promise<void> {
  await ok(modem, 'AT+QMTCFG="pdpcid",0,1');
  await ok(modem, options.sslCtx === undefined ? 'AT+QMTCFG="ssl",0,0' : `AT+QMTCFG="ssl",0,1,${options.sslCtx}`);
  await ok(modem, 'AT+QMTCFG="version",0,4');
  await ok(modem, `AT+QMTCFG="keepalive",0,${options.keepalive ?? 90}`);
  await ok(modem, `AT+QMTCFG="will",0,1,1,0,"${LWT_TOPIC}","${LWT}"`);
  if (options.recvMode) await ok(modem, `AT+QMTCFG="recv/mode",0,${options.recvMode}`);
}

/** OK then the deferred URC with this prefix; returns the URC line. */
export async function deferred(modem: Conversation, command: string, prefix: string, timeoutMs = 20_000): Promise<string> {
  await modem.send(`${command}\r`);
  await modem.expect('\r\nOK\r\n');
  return (await modem.readUntil(new RegExp(`\\r\\n\\${prefix}: [^\\r]*\\r\\n`), timeoutMs)).trim();
}

export async function openAndConnect(modem: Conversation, options: SessionOptions): Promise<{ open: string; conn: string }> {
  await configureMqtt(modem, options);
  const open = await deferred(modem, `AT+QMTOPEN=0,"${options.host ?? '127.0.0.1'}",${options.port}`, '+QMTOPEN');
  if (open !== '+QMTOPEN: 0,0') return { open, conn: '' };
  const conn = await deferred(modem, `AT+QMTCONN=0,"${DEVICE_ID}","${DEVICE_ID}","${options.password ?? 'secret'}"`, '+QMTCONN');
  return { open, conn };
}

/** QMTPUB with the `> ` prompt and Ctrl-Z; returns `OK` + URC as received. */
export async function publish(modem: Conversation, msgId: number, qos: number, topic: string, payload: string): Promise<string> {
  await modem.send(`AT+QMTPUB=0,${msgId},${qos},0,"${topic}"\r`);
  await modem.expect('\r\n> ');
  await modem.send(`${payload}\x1a`);
  return modem.readUntil(/\r\n\+QMTPUB: [^\r]*\r\n/);
}
