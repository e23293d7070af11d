/** Plain-line output of `fieldlink run` when piped: complete lines, failures in words, no cursor codes. */
import { describe, expect, it } from 'vitest';
import { PlainRenderer } from '../../../../electron/cli/render/plain.ts';
import { JsonRenderer } from '../../../../electron/cli/render/json.ts';
import type { RunResult } from '../../../../electron/engine/sequence/runner.ts';
import type { RunnerEvent } from '../../../../shared/events.ts';

function capture() {
  let text = '';
  return { output: { write: (chunk: string) => void (text += chunk) }, text: () => text };
}

const failure = {
  code: 'MQTT_REFUSED',
  values: { detail: { key: 'connack.5.meaning' }, codeHint: { key: 'connack.5.hint' } },
  command: 'AT+QMTCONN=0,"TMS2_1","TMS2_1","[REDACTED]"',
  moduleSaid: '+QMTCONN: 0,0,5',
  meaning: 'broker refused: not authorised',
  hint: 'check the device password',
  category: 'server',
} as const;
const events: RunnerEvent[] = [
  { type: 'run-started', t: 1, runId: 'r1', port: 'sim:', profileName: 'demo', startedAt: 1 },
  { type: 'step-started', t: 2, step: 'fota-main' },
  { type: 'step-progress', t: 3, step: 'fota-main', code: 'progress.fotaDownloading', values: { target: 'main', version: '1.4.0' }, percent: 10, bytesDone: 1, bytesTotal: 10 },
  { type: 'step-progress', t: 4, step: 'fota-main', code: 'progress.fotaDownloading', values: { target: 'main', version: '1.4.0' }, percent: 12, bytesDone: 2, bytesTotal: 10 },
  { type: 'fota-progress', t: 4, target: 'main', phase: 'download', percent: 12 },
  { type: 'step-progress', t: 5, step: 'fota-main', code: 'progress.fotaDownloading', values: { target: 'main', version: '1.4.0' }, percent: 60, bytesDone: 6, bytesTotal: 10 },
  { type: 'at-traffic', t: 6, event: { kind: 'command', t: 6, dir: 'tx', text: 'AT' } },
  { type: 'step-failed', t: 7, step: 'mqtt-connect', durationMs: 5, error: failure },
];
const result: RunResult = {
  runId: 'r1',
  dir: '/tmp/r1',
  outcome: 'failed',
  exitCategory: 'server',
  failure: { step: 'mqtt-connect', ...failure },
  deviceId: 'TMS2_1',
  files: { log: '/tmp/r1/session.jsonl', reportJson: '/tmp/r1/report.json', reportHtml: '/tmp/r1/report.html' },
};

describe('PlainRenderer', () => {
  it('prints steps, throttled progress and the failure in words', () => {
    const out = capture();
    const renderer = new PlainRenderer(out.output);
    for (const event of events) renderer.onEvent(event);
    renderer.finish(result);
    expect(out.text()).toBe(
      [
        'Fieldlink run r1 on sim: (profile demo)',
        '▶ Main firmware update',
        '    downloading main 1.4.0 (10 %)',
        '    downloading main 1.4.0 (60 %)',
        '✘ Connect to MQTT server — FAILED',
        '    what:    broker refused: not authorised',
        '    command: AT+QMTCONN=0,"TMS2_1","TMS2_1","[REDACTED]"',
        '    module:  +QMTCONN: 0,0,5',
        '    do:      check the device password',
        '    code:    MQTT_REFUSED (server)',
        'FAILED TMS2_1',
        '  failed at: Connect to MQTT server — broker refused: not authorised',
        '  report:  /tmp/r1/report.html',
        '  json:    /tmp/r1/report.json',
        '  log:     /tmp/r1/session.jsonl',
        '',
      ].join('\n'),
    );
    expect(out.text()).not.toMatch(/\x1b\[/);
  });
});

describe('PlainRenderer in Korean (--lang ko)', () => {
  it('prints step titles, progress, the failure block and the summary from the Korean catalogue', () => {
    const out = capture();
    const renderer = new PlainRenderer(out.output, out.output, 'ko');
    for (const event of events) renderer.onEvent(event);
    renderer.finish(result);
    const text = out.text();
    expect(text).toContain('Fieldlink 실행 r1, 포트 sim: (프로파일 demo)');
    expect(text).toContain('▶ 메인 펌웨어 업데이트');
    expect(text).toContain('    main 1.4.0 다운로드 중 (10 %)');
    expect(text).toContain('✘ MQTT 서버 연결 — 실패');
    expect(text).toContain('    내용:   브로커가 거부했습니다: 인증되지 않음');
    expect(text).toContain('    조치:   장치 비밀번호를 확인하세요');
    expect(text).toContain('  실패 단계: MQTT 서버 연결 — 브로커가 거부했습니다: 인증되지 않음');
    expect(text).not.toContain('check the device password');
  });

  it('tells a +QMTSTAT state change (M2) with the catalogue words for the code, in Korean too', () => {
    const lost: RunnerEvent = { type: 'mqtt-state', t: 9, state: 'lost', qmtstat: 3, detail: 'sending CONNECT timed out or failed — check credentials' };
    const ko = capture();
    new PlainRenderer(ko.output, ko.output, 'ko').onEvent(lost);
    expect(ko.text()).toBe('    MQTT lost: CONNECT 전송 시간 초과 또는 실패 — 인증 정보와 클라이언트 ID가 중복되지 않는지 확인한 뒤 다시 여세요 (+QMTSTAT 3)\n');
    const en = capture();
    new PlainRenderer(en.output).onEvent(lost);
    expect(en.text()).toContain('sending CONNECT timed out or failed — check credentials and that the client id is unique, then reopen (+QMTSTAT 3)');
  });
});

describe('JsonRenderer', () => {
  it('prints every event as one JSON line and the summary on the other stream', () => {
    const out = capture();
    const notes = capture();
    const renderer = new JsonRenderer(out.output, notes.output);
    for (const event of events) renderer.onEvent(event);
    renderer.finish(result);
    expect(out.text().trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual(events);
    expect(notes.text()).toContain('report:  /tmp/r1/report.html');
  });
});

describe('step results in the chosen language', () => {
  const passedEvent: RunnerEvent = {
    type: 'step-passed', t: 1, step: 'ssl-configure', durationMs: 1500,
    summary: 'SSL context 1: 2 file(s) uploaded, 1 already present',
    summaryRef: { key: 'summary.sslConfigured', values: { ctx: 1, uploaded: 2, kept: 1 } },
  };
  it('--lang ko shows the summary in Korean; en shows the same English text as the event; an old event without a ref shows its string', () => {
    const ko = capture();
    new PlainRenderer(ko.output, ko.output, 'ko').onEvent(passedEvent);
    expect(ko.text()).toContain('SSL 컨텍스트 1: 파일 2개 업로드, 1개 이미 있음');
    expect(ko.text()).not.toContain('file(s) uploaded');
    const en = capture();
    new PlainRenderer(en.output, en.output, 'en').onEvent(passedEvent);
    expect(en.text()).toContain('SSL context 1: 2 file(s) uploaded, 1 already present');
    const old = capture();
    const { summaryRef: _unused, ...oldEvent } = passedEvent as Extract<RunnerEvent, { type: 'step-passed' }>;
    new PlainRenderer(old.output, old.output, 'ko').onEvent(oldEvent);
    expect(old.text()).toContain('SSL context 1: 2 file(s) uploaded, 1 already present');
  });
});
