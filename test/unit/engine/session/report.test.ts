import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../../../electron/engine/session/redaction.ts';
import { buildReport, writeReport } from '../../../../electron/engine/session/report.ts';
import type { RunReport } from '../../../../electron/engine/session/report.ts';
import { escapeHtml } from '../../../../electron/engine/session/report-html.ts';
import { SAMPLE_DEVICE_ID, SAMPLE_IMEI, cancelledRun, failedRun, passedRun } from '../../shared/sample-events.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as RunReport;

describe('report of a passed run', () => {
  it('writes report.json with identity, versions, steps, calibration and MQTT', async () => {
    const { jsonPath, htmlPath } = await writeReport({ dir, events: passedRun(), redactor: new Redactor() });
    expect(jsonPath).toBe(path.join(dir, 'report.json'));
    expect(htmlPath).toBe(path.join(dir, 'report.html'));
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json']); // no temp files left
    const report = await readJson(jsonPath);
    expect(report).toMatchObject({
      runId: 'run-1',
      port: 'sim:',
      profileName: 'demo',
      outcome: 'passed',
      exitCategory: 'ok',
      device: { imei: SAMPLE_IMEI, deviceId: SAMPLE_DEVICE_ID, manufacturer: 'Quectel', model: 'EC25', revision: 'EC25EFAR06A06M4G' },
      firmware: {
        main: { before: 'V1.02', after: '1.4.0', offered: '1.4.0', update: { ok: true, message: 'device reports 1.4.0' } },
        sub: { before: 'TMS2_S_1.1.2', after: 'TMS2_S_1.1.2', offered: null, update: null },
      },
      calibration: { serverRoll: 3.5, serverPitch: -1.2, residualDeg: 0.14, toleranceDeg: 2, pass: true, raw: { ax: 21, ay: 61, az: 998 } },
      mqtt: { finalState: 'closed', lastQmtstat: null, messagesIn: 1, messagesOut: 1 },
      failure: null,
    });
    expect(report.mqtt.statesReached).toEqual(['opening', 'open', 'connected', 'subscribed', 'published', 'closed']);
    expect(report.steps.map((s) => [s.id, s.status, s.durationMs ?? null])).toEqual([
      ['identify', 'passed', 1200],
      ['ssl-configure', 'passed', 2100],
      ['data-service', 'skipped', null],
      ['server-info', 'passed', 900],
      ['calibration', 'passed', 1500],
      ['fota-main', 'passed', 60000],
      ['fota-sub', 'skipped', null],
      ['mqtt-connect', 'passed', 3000],
      ['live-session', 'passed', 10000],
    ]);
    expect(report.steps[2]?.reason).toBe('AT+QCDS unsupported; registered and PDP active');
    expect((await stat(jsonPath)).mode & 0o777).toBe(0o644);
    expect((await stat(htmlPath)).mode & 0o777).toBe(0o644);
  });

  it('writes a self-contained report.html without scripts', async () => {
    const { htmlPath } = await writeReport({ dir, events: passedRun(), redactor: new Redactor(), lang: 'ko' });
    const html = await readFile(htmlPath, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain(`<h1>Fieldlink 보고서 ${SAMPLE_DEVICE_ID}</h1>`);
    expect(html).toContain('>성공<');
    expect(html).toContain('<td>G센서 보정</td><td class="passed">통과</td><td>1.50 s</td><td>residual 0.14°</td>');
    expect(html).toContain('<td>메인</td><td>V1.02</td><td>1.4.0</td><td>1.4.0</td><td>업데이트됨: device reports 1.4.0</td>');
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toMatch(/<style>[^<]+<\/style>/);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
  });
  it('shows a step summary and skip reason from catalogue words in the report language, the English text in report.json', async () => {
    const summaryRef = { key: 'summary.sslConfigured', values: { ctx: 1, uploaded: 3, kept: 0 } } as const;
    const reasonRef = { key: 'skip.fotaSame', values: { target: 'sub', current: 'TMS2_S_1.1.2', offered: 'TMS2_S_1.1.2' } } as const;
    const events = passedRun().map((event) => {
      if (event.type === 'step-passed' && event.step === 'ssl-configure') return { ...event, summary: 'SSL context 1: 3 file(s) uploaded, 0 already present', summaryRef };
      if (event.type === 'step-skipped' && event.step === 'fota-sub') return { ...event, reason: 'sub firmware is already TMS2_S_1.1.2 (server offers TMS2_S_1.1.2)', reasonRef };
      return event;
    });
    const ko = await writeReport({ dir, events, redactor: new Redactor(), lang: 'ko' });
    const html = await readFile(ko.htmlPath, 'utf8');
    expect(html).toContain('<td>SSL 컨텍스트 1: 파일 3개 업로드, 0개 이미 있음</td>');
    expect(html).toContain('<td>sub 펌웨어가 이미 TMS2_S_1.1.2입니다 (서버 제공 TMS2_S_1.1.2)</td>');
    expect(html).not.toContain('file(s) uploaded');
    const report = await readJson(ko.jsonPath);
    expect(report.steps[1]).toMatchObject({ summary: 'SSL context 1: 3 file(s) uploaded, 0 already present', summaryRef });
    expect(report.steps[6]).toMatchObject({ reasonRef });
    const en = await readFile((await writeReport({ dir, events, redactor: new Redactor(), lang: 'en' })).htmlPath, 'utf8');
    expect(en).toContain('<td>SSL context 1: 3 file(s) uploaded, 0 already present</td>');
  });
});

describe('report of a run that did not pass', () => {
  it('names the failure, its command, what the module said and the hint', async () => {
    const { report, htmlPath } = await writeReport({ dir, events: failedRun(), redactor: new Redactor() });
    expect(report.outcome).toBe('failed');
    expect(report.exitCategory).toBe('server');
    expect(report.failure).toMatchObject({ step: 'mqtt-connect', code: 'MQTT_CONN_REFUSED', moduleSaid: '+QMTCONN: 0,0,5', hint: 'check the device password', category: 'server' });
    expect(report.steps.find((s) => s.id === 'mqtt-connect')).toMatchObject({ status: 'failed', durationMs: 4200, summary: 'broker refused: not authorised' });
    expect(report.steps.find((s) => s.id === 'server-info')?.status).toBe('not-run');
    expect(report.mqtt).toMatchObject({ finalState: 'lost', lastQmtstat: 5 });
    const html = await readFile(htmlPath, 'utf8');
    expect(html).toContain('<th>What to do</th><td>check the device password</td>');
    expect(html).toContain('<code>+QMTCONN: 0,0,5</code>');
  });

  it('the Korean report is Korean: labels, step titles, statuses, the failure words from its code and values (M7)', async () => {
    const refused = { code: 'MQTT_REFUSED', values: { detail: { key: 'connack.5.meaning' as const }, codeHint: { key: 'connack.5.hint' as const } } };
    const events = failedRun().map((event) => (event.type === 'step-failed' ? { ...event, error: { ...event.error, ...refused } } : event));
    const ko = await readFile((await writeReport({ dir, events, redactor: new Redactor(), lang: 'ko' })).htmlPath, 'utf8');
    expect(ko).toContain('<html lang="ko">');
    expect(ko).toContain('<th>무슨 일이 있었나</th><td>브로커가 거부했습니다: 인증되지 않음</td>');
    expect(ko).toContain('<th>조치 방법</th><td>장치 비밀번호를 확인하세요</td>');
    expect(ko).toContain('<td>MQTT 서버 연결</td><td class="failed">실패</td>');
    expect(ko).toContain('<td>브로커가 거부했습니다: 인증되지 않음</td></tr>');
    expect(ko).toContain('<td>서버 정보 조회</td><td class="not-run">실행 안 함</td>');
    expect(ko).toContain('<h2>장치</h2>');
    expect(ko).not.toContain('check the device password');
    expect(ko).not.toContain('What to do');
    const en = await readFile((await writeReport({ dir, events, redactor: new Redactor(), lang: 'en' })).htmlPath, 'utf8');
    expect(en).toContain('<th>What to do</th><td>check the device password</td>');
    expect(en).toContain('<td>Connect to MQTT server</td><td class="failed">Failed</td>');
    expect(en).not.toContain('장치 비밀번호를 확인하세요');
  });

  it('the Korean report falls back to the English words of a failure whose code it does not know', async () => {
    const html = await readFile((await writeReport({ dir, events: failedRun(), redactor: new Redactor(), lang: 'ko' })).htmlPath, 'utf8');
    expect(html).toContain('<td>check the device password</td>');
  });

  it('is written for a cancelled run, with the interrupted step marked', async () => {
    const { jsonPath } = await writeReport({ dir, events: cancelledRun(), redactor: new Redactor() });
    const report = await readJson(jsonPath);
    expect(report.outcome).toBe('cancelled');
    expect(report.exitCategory).toBe('aborted');
    expect(report.steps.find((s) => s.id === 'fota-main')).toMatchObject({ status: 'interrupted', attempts: 1 });
  });

  it('is written for a log cut off before run-finished, and for no events at all', async () => {
    const cut = passedRun().slice(0, 12);
    expect(buildReport(cut)).toMatchObject({ outcome: 'incomplete', exitCategory: null, device: { model: 'EC25' } });
    const { jsonPath, htmlPath } = await writeReport({ dir, events: [], redactor: new Redactor() });
    expect(await readJson(jsonPath)).toMatchObject({ outcome: 'incomplete', runId: null, device: null, failure: null });
    expect(await readFile(htmlPath, 'utf8')).toContain('The device was not identified.');
  });

  it('counts attempts of a retried step and keeps its last result', () => {
    const events = failedRun();
    const retried = [
      ...events.slice(0, -1),
      { type: 'step-started', step: 'mqtt-connect', t: 9e12 },
      { type: 'step-passed', step: 'mqtt-connect', durationMs: 800, summary: 'connected on retry', t: 9e12 + 1 },
    ] as const;
    expect(buildReport(retried).steps.find((s) => s.id === 'mqtt-connect')).toEqual({
      id: 'mqtt-connect',
      title: { ko: 'MQTT 서버 연결', en: 'Connect to MQTT server' },
      status: 'passed',
      attempts: 2,
      durationMs: 800,
      summary: 'connected on retry',
    });
  });
});

describe('HTML escaping (E3)', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('shows modem text as text, never as markup', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    const events = failedRun(attack).map((event) =>
      event.type === 'device-identified' ? { ...event, model: `<script>alert("m")</script>`, revision: attack } : event,
    );
    const { htmlPath, jsonPath } = await writeReport({ dir, events, redactor: new Redactor() });
    const html = await readFile(htmlPath, 'utf8');
    expect(html).not.toContain(attack);
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(html).toContain('<td>&lt;script&gt;alert(&quot;m&quot;)&lt;/script&gt;</td>');
    expect((await readJson(jsonPath)).failure?.moduleSaid).toBe(attack); // JSON keeps the exact text
  });
});
