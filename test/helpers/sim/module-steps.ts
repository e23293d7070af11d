/**
 * The module conversations tests repeat, written as the reference shows them (echo off first):
 * upload a file, bind TLS material to an SSL context, set a URL, GET and wait for the URC.
 */
import type { PemPair } from './certs.ts';
import type { Conversation } from './conversation.ts';

export async function echoOff(modem: Conversation): Promise<void> {
  await modem.send('ATE0\r');
  await modem.expect('ATE0\r\r\nOK\r\n');
}

/** QFUPL with a `timeoutS` second upload timeout; returns the `+QFUPL:` reply. */
export async function uploadFile(modem: Conversation, name: string, data: string | Buffer, timeoutS = 10): Promise<string> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  await modem.send(`AT+QFUPL="${name}",${bytes.length},${timeoutS}\r`);
  await modem.expect('\r\nCONNECT\r\n');
  await modem.send(bytes);
  return modem.readUntil('\r\nOK\r\n');
}

export async function ok(modem: Conversation, command: string): Promise<void> {
  await modem.send(`${command}\r`);
  await modem.expect('\r\nOK\r\n');
}

export interface TlsMaterial {
  caPem: string;
  client?: PemPair;
  seclevel: 0 | 1 | 2;
  ctx?: number;
  ignoreLocalTime?: 0 | 1;
}

/** Uploads CA (and client pair) and binds them to SSL context `ctx` (default 1). */
export async function configureTls(modem: Conversation, material: TlsMaterial): Promise<void> {
  const ctx = material.ctx ?? 1;
  await uploadFile(modem, 'UFS:ca.pem', material.caPem);
  await ok(modem, `AT+QSSLCFG="cacert",${ctx},"UFS:ca.pem"`);
  if (material.client) {
    await uploadFile(modem, 'UFS:client.pem', material.client.cert);
    await uploadFile(modem, 'UFS:client.key', material.client.key);
    await ok(modem, `AT+QSSLCFG="clientcert",${ctx},"UFS:client.pem"`);
    await ok(modem, `AT+QSSLCFG="clientkey",${ctx},"UFS:client.key"`);
  }
  await ok(modem, `AT+QSSLCFG="seclevel",${ctx},${material.seclevel}`);
  await ok(modem, `AT+QSSLCFG="sslversion",${ctx},4`);
  await ok(modem, `AT+QSSLCFG="ciphersuite",${ctx},0XFFFF`);
  await ok(modem, `AT+QSSLCFG="ignorelocaltime",${ctx},${material.ignoreLocalTime ?? 0}`);
}

export async function setUrl(modem: Conversation, url: string): Promise<void> {
  await modem.send(`AT+QHTTPURL=${Buffer.byteLength(url)},80\r`);
  await modem.expect('\r\nCONNECT\r\n');
  await modem.send(url);
  await modem.expect('\r\nOK\r\n');
}

/** QHTTPGET; returns the URC line text, e.g. `+QHTTPGET: 0,200,42`. */
export async function httpGet(modem: Conversation, rsptime = 80, timeoutMs = 20_000): Promise<string> {
  await modem.send(`AT+QHTTPGET=${rsptime}\r`);
  await modem.expect('\r\nOK\r\n');
  const urc = await modem.readUntil(/\r\n\+QHTTPGET: [^\r]*\r\n/, timeoutMs);
  return urc.trim();
}
