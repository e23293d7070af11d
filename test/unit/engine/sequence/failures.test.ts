/**
 * The failure table: typed engine errors and module result codes → StepFailure code, values,
 * category, exit category and retry rule; the words come from the ko/en catalogue. Rows are data;
 * these tests pin the mapping.
 */
import { describe, expect, it } from 'vitest';
import { AtAbortedError, AtClosedError, AtCommandError, AtTimeoutError, AtUnresponsiveError } from '../../../../electron/engine/at/errors.ts';
import { QuectelError } from '../../../../electron/engine/quectel/errors.ts';
import { FAILURES, EXIT_BY_CATEGORY } from '../../../../electron/engine/sequence/failure-table.ts';
import { describeFailure, mqttLostFailure } from '../../../../electron/engine/sequence/failures.ts';
import { StepError } from '../../../../electron/engine/sequence/step-error.ts';
import { McuError } from '../../../../electron/engine/tms2/errors.ts';
import { TransportError } from '../../../../electron/engine/transport/errors.ts';
import { EXIT_CATEGORIES, failureText } from '../../../../shared/events.ts';
import { CATALOGUES, type MessageKey } from '../../../../shared/messages/index.ts';
import { ProfileError } from '../../../../shared/profile.ts';
import { parseServerInfo } from '../../../../shared/server-info.ts';
import { VersionError } from '../../../../shared/version.ts';

const context = { step: 'mqtt-connect' as const, port: '/dev/ttyUSB2' };
const describeOf = (error: unknown) => describeFailure(error, context);
const serverInfoError = (() => {
  const parsed = parseServerInfo('{"serverInfo":{}}');
  if (parsed.ok) throw new Error('expected an invalid document');
  return parsed.error;
})();

const words = (code: string, lang: 'en' | 'ko') => ({
  meaning: CATALOGUES[lang][`failure.${code}.meaning` as MessageKey],
  hint: CATALOGUES[lang][`failure.${code}.hint` as MessageKey],
});

describe('the failure table', () => {
  it('S1/S2: the PORT_LOST hint tells a CLI user how to resume (fieldlink run --resume), in English and Korean', () => {
    const { failure } = describeOf(new AtClosedError('AT+CSQ', '/dev/ttyUSB2', new TransportError('lost', '/dev/ttyUSB2', 'gone')));
    expect(failure.code).toBe('PORT_LOST');
    expect(failure.hint).toContain('`fieldlink run --resume <run folder>` on the command line');
    expect(failureText(failure, 'ko').hint).toContain('`fieldlink run --resume <실행 폴더>`');
  });

  it('F2: FOTA_TOO_LARGE names the expected size and what was stored, and is not retried', () => {
    const described = describeOf(new StepError('FOTA_TOO_LARGE', { target: 'main', size: 262144, stored: 1048576, current: '1.3.0' }, { command: 'AT+QHTTPREADFILE' }));
    expect(described.failure.meaning).toBe('the server sent more than the 262144 bytes of the main image (1048576 stored); the download was stopped and the file deleted');
    expect(failureText(described.failure, 'ko').meaning).toBe('서버가 main 이미지의 262144바이트보다 많이 보냈습니다(1048576바이트 저장됨). 다운로드를 중단하고 파일을 삭제했습니다');
    expect(described.failure.category).toBe('server');
    expect(described.retryable).toBe(false);
  });

  it('every row has words in the catalogue, a known category and a known exit category', () => {
    for (const [code, row] of Object.entries(FAILURES)) {
      expect(words(code, 'en').meaning.length, code).toBeGreaterThan(0);
      expect(words(code, 'en').hint.length, code).toBeGreaterThan(0);
      expect(EXIT_CATEGORIES).toContain((row as { exit?: string }).exit ?? EXIT_BY_CATEGORY[row.category]);
    }
  });

  it('every row has Korean words (Hangul wherever the English has words)', () => {
    const plain = (text: string) => text.replace(/\{\w+\}/g, '').trim();
    const HANGUL = /[\uAC00-\uD7A3]/;
    for (const code of Object.keys(FAILURES)) {
      const en = words(code, 'en');
      const ko = words(code, 'ko');
      if (plain(en.meaning)) expect(ko.meaning, `${code} meaning is Korean`).toMatch(HANGUL);
      if (plain(en.hint)) expect(ko.hint, `${code} hint is Korean`).toMatch(HANGUL);
    }
  });

  it('keeps the fault IDs of the English words in the Korean words', () => {
    const faultIds = (text: string) => [...text.matchAll(/\b[A-Z]\d+\b/g)].map((m) => m[0]).sort();
    for (const code of Object.keys(FAILURES)) {
      const en = words(code, 'en');
      const ko = words(code, 'ko');
      expect(faultIds(ko.meaning + ' ' + ko.hint), code).toEqual(faultIds(en.meaning + ' ' + en.hint));
    }
  });

  it('a failure carries its code and values; Korean and English words are filled with the same values (S2)', () => {
    const { failure } = describeOf(new StepError('DEVICE_CHANGED', { found: '861234567890123', expected: '869876543210987' }));
    expect(failure).toMatchObject({ code: 'DEVICE_CHANGED', values: { found: '861234567890123', expected: '869876543210987', step: 'mqtt-connect' } });
    expect(failure.meaning).toBe('the port came back with another device (IMEI 861234567890123, expected 869876543210987)');
    expect(failureText(failure, 'ko')).toEqual({
      meaning: '포트에 다른 장치가 다시 연결되었습니다 (IMEI 861234567890123, 예상 869876543210987)',
      hint: '원래 장치를 다시 연결하거나 새 실행을 시작하세요',
    });
  });

  it('fills the port into the Korean words of a busy port (S3) and keeps the fault ID', () => {
    const { failure } = describeOf(new TransportError('busy', '/dev/ttyUSB2', 'held'));
    expect(failureText(failure, 'ko').meaning).toBe('다른 프로그램이 포트 /dev/ttyUSB2을(를) 사용 중입니다');
    expect(failureText(failure, 'ko').hint).toContain('(S3)');
  });

  it('a CONNACK refusal (M7) reads Korean end to end: the CONNACK words come from the catalogue, not English', () => {
    const { failure } = describeOf(new QuectelError('mqtt-connect-failed', 'x', { command: 'AT+QMTCONN', code: 5, line: '+QMTCONN: 0,0,5' }));
    expect(failure.values).toMatchObject({ detail: { key: 'connack.5.meaning' }, codeHint: { key: 'connack.5.hint' } });
    expect(failureText(failure, 'ko')).toEqual({ meaning: '브로커가 거부했습니다: 인증되지 않음', hint: '장치 비밀번호를 확인하세요' });
    expect(failureText(failure, 'en')).toEqual({ meaning: 'broker refused: not authorised', hint: 'check the device password' });
  });

  it('a lost session (M2) and a failed open (M1) give Korean hints in Korean', () => {
    const lost = mqttLostFailure(3, { step: 'live-session', port: 'sim:' }).failure;
    expect(failureText(lost, 'ko').meaning).toBe('MQTT 연결이 끊겼습니다: CONNECT 전송 시간 초과 또는 실패 (+QMTSTAT 3)');
    expect(failureText(lost, 'ko').hint).toBe('인증 정보와 클라이언트 ID가 중복되지 않는지 확인한 뒤 다시 여세요');
    const open = describeOf(new QuectelError('mqtt-open-failed', 'x', { code: 4, line: '+QMTOPEN: 0,4' })).failure;
    expect(failureText(open, 'ko')).toEqual({ meaning: 'MQTT 열기 실패: 도메인 이름 해석 실패', hint: 'DNS 실패: 브로커 호스트 이름과 네트워크 DNS를 확인하세요' });
  });

  it('the Korean M3 hint names AT+QSSLCFG too, and an empty module hint falls back in both languages', () => {
    expect(failureText(describeOf(new QuectelError('mqtt-open-failed', 'x', { code: -1, line: '+QMTOPEN: 0,-1' })).failure, 'ko').hint).toMatch(/AT\+QSSLCFG.*\(M3\)/);
    const { failure } = describeOf(new QuectelError('mqtt-subscribe-failed', 'AT+QMTSUB failed', { command: 'AT+QMTSUB' }));
    expect(failure.hint).toBe('retry the step');
    expect(failureText(failure, 'ko').hint).toBe('단계를 다시 시도하세요');
    expect(failureText(failure, 'ko').meaning).toBe('MQTT 구독 실패: AT+QMTSUB failed');
  });

  it.each([
    ['+QMTCONN: 0,0,5 (M7)', new QuectelError('mqtt-connect-failed', 'x', { command: 'AT+QMTCONN', code: 5, line: '+QMTCONN: 0,0,5' }), { code: 'MQTT_REFUSED', category: 'server', meaning: 'broker refused: not authorised', hint: 'check the device password', moduleSaid: '+QMTCONN: 0,0,5' }],
    ['+QMTCONN: 0,0,4', new QuectelError('mqtt-connect-failed', 'x', { command: 'AT+QMTCONN', code: 4, line: '+QMTCONN: 0,0,4' }), { code: 'MQTT_REFUSED', meaning: 'broker refused: bad user name or password' }],
    ['+QMTCONN: 0,2 (send failed)', new QuectelError('mqtt-connect-failed', 'AT+QMTCONN: failed to send packet (2)', { command: 'AT+QMTCONN', code: 2, line: '+QMTCONN: 0,2', hint: 'check the link' }), { code: 'MQTT_CONNECT_FAILED', category: 'network' }],
    ['+QMTOPEN: 0,-1 (M3)', new QuectelError('mqtt-open-failed', 'x', { command: 'AT+QMTOPEN', code: -1, line: '+QMTOPEN: 0,-1' }), { code: 'MQTT_TLS_FAILED', category: 'network', moduleSaid: '+QMTOPEN: 0,-1' }],
    ['+QMTOPEN: 0,4 (M1)', new QuectelError('mqtt-open-failed', 'x', { command: 'AT+QMTOPEN', code: 4, line: '+QMTOPEN: 0,4' }), { code: 'MQTT_OPEN_FAILED', meaning: 'MQTT open failed: failed to parse domain name' }],
    ['HTTP 404', new QuectelError('http-status', 'x', { command: 'AT+QHTTPGET', code: 404 }), { code: 'HTTP_NOT_FOUND', category: 'server' }],
    ['HTTP 503', new QuectelError('http-status', 'x', { command: 'AT+QHTTPGET', code: 503 }), { code: 'HTTP_SERVER_ERROR', category: 'server' }],
    ['+QHTTPGET: 714', new QuectelError('http-failed', 'AT+QHTTPGET: 714 (DNS error)', { command: 'AT+QHTTPGET', code: 714, line: '+QHTTPGET: 714' }), { code: 'HTTP_DNS', category: 'network' }],
    ['QFUPL checksum (S16)', new QuectelError('file-integrity', 'AT+QFUPL: module reports 10 bytes', { command: 'AT+QFUPL' }), { code: 'FILE_INTEGRITY', category: 'device' }],
    ['+CME ERROR: 10 (S12)', new AtCommandError('AT+CPIN?', '+CME ERROR: 10', 10, 'SIM not inserted'), { code: 'SIM_NOT_INSERTED', category: 'device', moduleSaid: '+CME ERROR: 10' }],
    ['+CME ERROR: 420', new AtCommandError('AT+QFUPL="UFS:a",10', '+CME ERROR: 420', 420, 'no space'), { code: 'FILE_NO_SPACE' }],
    ['plain ERROR', new AtCommandError('AT+QICSGP=1,3', 'ERROR', undefined, 'error'), { code: 'AT_ERROR', command: 'AT+QICSGP=1,3' }],
    ['deferred +QMTOPEN timeout', new AtTimeoutError('AT+QMTOPEN=0,"h",1', 'deferred', 75000, [], '+QMTOPEN:'), { code: 'MQTT_OPEN_TIMEOUT', category: 'network' }],
    ['AT probe timeout', new AtTimeoutError('AT', 'result', 1000), { code: 'NO_ANSWER', category: 'device', moduleSaid: '(no answer)' }],
    ['ATI timeout', new AtTimeoutError('ATI', 'result', 2000), { code: 'AT_TIMEOUT', meaning: 'the module did not answer ATI within 2000 ms' }],
    ['port lost (S1)', new AtClosedError('AT+CSQ', '/dev/ttyUSB2', new TransportError('lost', '/dev/ttyUSB2', 'gone')), { code: 'PORT_LOST', category: 'device' }],
    ['port busy (S3)', new TransportError('busy', '/dev/ttyUSB2', 'held'), { code: 'PORT_BUSY', meaning: 'another program holds the port /dev/ttyUSB2' }],
    ['aborted', new AtAbortedError('AT+CSQ'), { code: 'CANCELLED', category: 'user' }],
    ['image refused (F1)', new McuError('unexpected-response', 'AT+TMSVER?: expected', { command: 'AT+TMSVER?' }), { code: 'UNEXPECTED_RESPONSE', command: 'AT+TMSVER?' }],
    ['server-info field', serverInfoError, { code: 'SERVER_INFO_INVALID', category: 'server' }],
    ['device version', new VersionError('garbage', 'device'), { code: 'VERSION_UNREADABLE', category: 'device' }],
    ['server version', new VersionError('garbage', 'server'), { code: 'SERVER_VERSION_UNREADABLE', category: 'server' }],
    ['a StepError row', new StepError('NO_DATA_SERVICE', { detail: 'AT+QCDS: LIMITED' }, { command: 'AT+QCDS' }), { code: 'NO_DATA_SERVICE', meaning: 'no data service: AT+QCDS: LIMITED', category: 'network' }],
    ['an unknown bug', new RangeError('boom'), { code: 'INTERNAL', category: 'internal', meaning: 'Fieldlink failed: boom' }],
  ])('%s', (_name, error, expected) => {
    expect(describeOf(error).failure).toMatchObject(expected);
  });

  it('the M3 hint points at AT+QSSLCFG and never claims more than the module said', () => {
    const { failure, retryable } = describeOf(new QuectelError('mqtt-open-failed', 'x', { code: -1, line: '+QMTOPEN: 0,-1' }));
    expect(failure.hint).toMatch(/AT\+QSSLCFG/);
    expect(retryable).toBe(false);
  });

  it('maps categories to exit categories (profile problems are usage errors)', () => {
    expect(describeOf(new QuectelError('http-status', 'x', { code: 404 })).exitCategory).toBe('server');
    expect(describeOf(new AtAbortedError('AT')).exitCategory).toBe('aborted');
    expect(describeOf(new ProfileError('file-missing', [{ path: 'tls.caCert', problem: 'file not found' }])).exitCategory).toBe('usage');
  });

  it('retries only what a retry can fix', () => {
    expect(describeOf(new QuectelError('http-status', 'x', { code: 500 })).retryable).toBe(true);
    expect(describeOf(new QuectelError('http-status', 'x', { code: 404 })).retryable).toBe(false);
    expect(describeOf(new QuectelError('mqtt-connect-failed', 'x', { line: '+QMTCONN: 0,0,5' })).retryable).toBe(false);
  });

  it('S10 a module the recovery ladder could not bring back: "power-cycle it", in both languages, not retried', () => {
    const described = describeOf(new AtUnresponsiveError('AT+CGSN', ['AT+CMEE?', '+++ escape', 'AT+CGMI']));
    expect(described.failure).toMatchObject({ code: 'MODULE_UNRESPONSIVE', category: 'device', command: 'AT+CGSN', moduleSaid: '(no answer)' });
    expect(described.failure.meaning).toBe('the module does not answer — power-cycle it (no answer to AT+CMEE?, +++ escape, AT+CGMI)');
    expect(described.failure.hint).toMatch(/switch the device off and on again.*not reset automatically/);
    expect(failureText(described.failure, 'ko').meaning).toBe('모듈이 응답하지 않습니다 — 전원을 껐다 켜세요 (no answer to AT+CMEE?, +++ escape, AT+CGMI)');
    expect(described.retryable).toBe(false);
    expect(described.exitCategory).toBe('device');
  });

  it('describes a lost session by its +QMTSTAT code (M2)', () => {
    const { failure } = mqttLostFailure(3, { step: 'live-session', port: 'sim:' });
    expect(failure).toMatchObject({ code: 'MQTT_LOST', moduleSaid: '+QMTSTAT: 0,3' });
    expect(failure.meaning).toContain('sending CONNECT timed out or failed');
    expect(failure.hint).toContain('unique');
  });

});
