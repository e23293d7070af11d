import { describe, expect, it } from 'vitest';
import {
  CLOSE_RESULTS,
  CONNACK_CODES,
  PACKET_RESULTS,
  QMTCONN_RESULTS,
  QMTOPEN_RESULTS,
  QMTSTAT_CODES,
  describeCode,
  describeConnack,
  describeOpenResult,
  type CodeTable,
  describeQmtstat,
} from '../../../../electron/engine/quectel/mqtt-codes.ts';
import { formatMessage } from '../../../../shared/messages/index.ts';

const keys = (table: readonly number[]) => [...table].sort((a, b) => a - b);

describe('MQTT code tables are complete against docs/at-behaviour.md#mqtt and docs/faults.md', () => {
  it.each([
    { name: 'QMTOPEN result (M1)', table: QMTOPEN_RESULTS, codes: [-1, 0, 1, 2, 3, 4, 5] },
    { name: 'QMTCONN result', table: QMTCONN_RESULTS, codes: [0, 1, 2] },
    { name: 'CONNACK ret_code', table: CONNACK_CODES, codes: [0, 1, 2, 3, 4, 5] },
    { name: 'SUB/UNS/PUB result', table: PACKET_RESULTS, codes: [0, 1, 2] },
    { name: 'QMTSTAT err_code (M2)', table: QMTSTAT_CODES, codes: [1, 2, 3, 4, 5, 6, 7] },
    { name: 'QMTDISC/QMTCLOSE result', table: CLOSE_RESULTS, codes: [-1, 0] },
  ] satisfies Array<{ name: string; table: readonly number[]; codes: number[] }>)('$name: $codes', ({ table, codes }) => {
    expect(keys(table)).toEqual(codes);
  });

  it.each([
    { code: -1, words: 'failed to open network' },
    { code: 1, words: 'wrong parameter' },
    { code: 2, words: 'identifier busy' },
    { code: 3, words: 'activate PDP' },
    { code: 4, words: 'domain name' },
    { code: 5, words: 'network' },
  ] satisfies Array<{ code: number; words: string }>)('M1 QMTOPEN $code → "$words"', ({ code, words }) => {
    expect(describeOpenResult(code).meaning).toContain(words);
  });

  it('M1 hint for 2: QMTDISC+QMTCLOSE then retry; -1 points at TLS (M3)', () => {
    expect(describeOpenResult(2).hint).toBe('identifier busy → QMTDISC+QMTCLOSE then retry');
    expect(describeOpenResult(-1).hint).toContain('QSSLCFG');
  });

  it.each([
    { code: 1, words: 'unacceptable protocol version' },
    { code: 2, words: 'identifier rejected' },
    { code: 3, words: 'server unavailable' },
    { code: 4, words: 'bad user name or password' },
    { code: 5, words: 'not authorised' },
  ] satisfies Array<{ code: number; words: string }>)('CONNACK $code → "$words"', ({ code, words }) => {
    expect(describeConnack(code).meaning).toBe(`broker refused: ${words}`);
  });

  it('CONNACK 5 → "broker refused: not authorised — check the device password" (spec wording)', () => {
    const info = describeConnack(5);
    expect(`${info.meaning} — ${info.hint}`).toBe('broker refused: not authorised — check the device password');
  });

  it.each([
    { code: 1, words: 'closed or reset by the peer', normal: false },
    { code: 2, words: 'PINGREQ', normal: false },
    { code: 3, words: 'CONNECT', normal: false },
    { code: 4, words: 'CONNACK', normal: false },
    { code: 5, words: 'DISCONNECT', normal: true },
    { code: 6, words: 'sending kept failing', normal: false },
    { code: 7, words: 'not alive', normal: false },
    { code: 8, words: 'reserved', normal: false },
  ] satisfies Array<{ code: number; words: string; normal: boolean }>)('M2 QMTSTAT $code → "$words", normal=$normal', ({ code, words, normal }) => {
    expect(describeQmtstat(code)).toMatchObject({ meaning: expect.stringContaining(words), normal });
  });

  it('every code has its words in both languages of the catalogue; the Korean CONNACK 5 hint is Korean (M7)', () => {
    const tables = { qmtopen: QMTOPEN_RESULTS, qmtconn: QMTCONN_RESULTS, connack: CONNACK_CODES, packet: PACKET_RESULTS, close: CLOSE_RESULTS, qmtstat: QMTSTAT_CODES };
    for (const [name, codes] of Object.entries(tables)) {
      for (const code of codes) {
        const info = describeCode(name as CodeTable, code);
        expect(info.meaningKey).toBe(`${name}.${code}.meaning`);
        expect(formatMessage('ko', info.meaningKey).length, `${name} ${code}`).toBeGreaterThan(0);
      }
    }
    expect(formatMessage('ko', describeConnack(5).hintKey)).toBe('장치 비밀번호를 확인하세요');
    expect(describeConnack(9)).toMatchObject({ meaning: 'unknown result 9', meaningKey: 'mqtt.unknown.meaning', values: { code: 9 } });
  });

  it('M2 advice: 3/4 point at credentials and a unique client id; 2 at the PDP context', () => {
    expect(describeQmtstat(3).hint).toContain('unique');
    expect(describeQmtstat(4).hint).toContain('credentials');
    expect(describeQmtstat(2).hint).toContain('PDP');
  });
});
