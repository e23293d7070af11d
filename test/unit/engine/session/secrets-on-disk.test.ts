/**
 * K1/K2: a run whose events carry the MQTT password and a private key writes a session log and a
 * report; the files on disk are searched for the secrets byte for byte.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../../electron/engine/session/redaction.ts';
import { writeReport } from '../../../../electron/engine/session/report.ts';
import { openSessionLog, readSessionLog } from '../../../../electron/engine/session/session-log.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';
import { SAMPLE_DEVICE_ID, SAMPLE_PASSWORD, failedRun } from '../../shared/sample-events.ts';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-k1-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const privateKeyPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Events that leak on purpose: the password in a command, an echo, a JSON body and a failure; the key in traffic and a message. */
function leakyEvents(key: string, unregisteredKey: string): RunnerEvent[] {
  const keyLine = key.split('\n')[5] ?? '';
  const at = (text: string, t: number): RunnerEvent => ({ type: 'at-traffic', t, event: { kind: 'line', t, dir: 'rx', text, role: 'info' } });
  const leakyValues = { detail: `브로커가 거부했습니다 (비밀번호 ${SAMPLE_PASSWORD})`, codeHint: `키 확인: ${key.trim()}` };
  return [
    ...failedRun(`+QMTCONN: 0,0,5 (${SAMPLE_PASSWORD})`).map((e) => (e.type === 'step-failed' ? { ...e, error: { ...e.error, code: 'MQTT_REFUSED', values: leakyValues } } : e)),
    { type: 'at-traffic', t: 1, event: { kind: 'command', t: 1, dir: 'tx', text: `AT+QMTCONN=0,"${SAMPLE_DEVICE_ID}","${SAMPLE_DEVICE_ID}","${SAMPLE_PASSWORD}"` } },
    at(`{"serverInfo":{"mqtt":{"host":"127.0.0.1","port":8883,"password":"${SAMPLE_PASSWORD}"}}}`, 2),
    { type: 'at-traffic', t: 3, event: { kind: 'bytes', t: 3, dir: 'tx', length: key.length, text: key.replaceAll('\n', '\\n') } },
    at(keyLine, 4), // a key fragment without its BEGIN line, e.g. a chunk boundary
    { type: 'mqtt-message', t: 5, topic: 'DDTM/RPC/x', payload: `here is a key ${unregisteredKey}`, direction: 'in' },
    { type: 'step-progress', t: 6, step: 'ssl-configure', code: 'progress.sslFileOnModule', values: { file: `uploaded ${key}` } },
  ];
}

async function allFilesText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const texts = await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8').catch(() => '')));
  return texts.join('\n');
}

describe('secrets never reach the disk (K1, K2)', () => {
  it('session.jsonl, report.json and report.html hold neither the password nor any private key', async () => {
    const key = privateKeyPem();
    const unregisteredKey = privateKeyPem();
    const redactor = new Redactor();
    redactor.add(SAMPLE_PASSWORD);
    redactor.add(Buffer.from(key));
    const events = leakyEvents(key, unregisteredKey);

    const log = await openSessionLog({ outDir, runId: 'k1-run', redactor });
    for (const event of events) log.write(event);
    await log.close();
    await writeReport({ dir: log.dir, events, redactor, lang: 'ko' });

    expect((await readdir(log.dir)).sort()).toEqual(['report.html', 'report.json', 'session.jsonl']);
    const onDisk = await allFilesText(outDir);
    expect(onDisk.length).toBeGreaterThan(1000);
    expect(onDisk).not.toContain(SAMPLE_PASSWORD);
    expect(onDisk).not.toMatch(/PRIVATE KEY/i);
    for (const secretKey of [key, unregisteredKey]) {
      const bodyLines = secretKey.split('\n').filter((line) => line.length === 64);
      expect(bodyLines.length).toBeGreaterThan(5);
      for (const line of bodyLines) expect(onDisk).not.toContain(line);
    }
    // The evidence is still there, only the secrets are gone.
    expect(onDisk).toContain(`AT+QMTCONN=0,\\"${SAMPLE_DEVICE_ID}\\",\\"${SAMPLE_DEVICE_ID}\\",\\"[REDACTED]\\"`);
    expect(onDisk).toContain('+QMTCONN: 0,0,5 ([REDACTED])');
    expect(onDisk).toContain('브로커가 거부했습니다 (비밀번호 [REDACTED])'); // a failure value, nested in the event (log, report.json, report.html)
    expect(onDisk).toContain('<th>조치 방법</th><td>키 확인: [REDACTED:pem]</td>');
    expect(await readSessionLog(log.path)).toHaveLength(events.length);
  });
});
