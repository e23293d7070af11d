/**
 * The one message catalogue (shared/messages): Korean and English complete, with the same
 * placeholders; values (plain or catalogue references) filled in the asked language; the
 * language chosen from a locale the way the CLI and the web UI do it.
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/messages/en.ts';
import { ko } from '../../../shared/messages/ko.ts';
import { CATALOGUES, MESSAGE_KEYS, MessageValuesSchema, formatMessage, languageFromEnv, languageFromLocale, placeholders, ref } from '../../../shared/messages/index.ts';
import { STEP_IDS, stepTitle } from '../../../shared/steps.ts';

const HANGUL = /[\uAC00-\uD7A3]/;

describe('the ko/en catalogue', () => {
  it('has every key in both languages and no extra key in either', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    expect(MESSAGE_KEYS.length).toBeGreaterThan(400);
  });

  it('uses the same {placeholders} in Korean and English for every key', () => {
    const different = MESSAGE_KEYS.filter((key) => placeholders(ko[key]).join() !== placeholders(en[key]).join());
    expect(different).toEqual([]);
  });

  it('leaves no text empty unless it is empty in both (a code with no advice, e.g. CONNACK 0)', () => {
    const oneSided = MESSAGE_KEYS.filter((key) => (en[key].trim() === '') !== (ko[key].trim() === ''));
    expect(oneSided).toEqual([]);
  });

  it('is Korean in Korean: step titles, failure and progress words carry Hangul', () => {
    const wordy = MESSAGE_KEYS.filter((key) => /^(step|failure|progress|qmtstat|connack|qmtopen)\./.test(key) && /[a-z]{3}/i.test(en[key].replace(/\{\w+\}/g, '')));
    const notKorean = wordy.filter((key) => !HANGUL.test(ko[key]) && ko[key] !== en[key].replace(/\s+/g, ' '));
    expect(notKorean.filter((key) => !['progress.httpGet', 'progress.sslFileSending'].includes(key))).toEqual([]);
    for (const id of STEP_IDS) expect(stepTitle(id, 'ko')).toMatch(HANGUL);
  });
});

describe('formatMessage', () => {
  it('fills plain values and shows a value nobody gave as "?"', () => {
    expect(formatMessage('en', 'progress.fotaDownloading', { target: 'main', version: '1.4.0' })).toBe('downloading main 1.4.0');
    expect(formatMessage('ko', 'progress.fotaDownloading', { target: 'main', version: '1.4.0' })).toBe('main 1.4.0 다운로드 중');
    expect(formatMessage('en', 'progress.fotaDownloading', { target: 'main' })).toBe('downloading main ?');
  });

  it('renders a catalogue reference in the same language (the Korean MQTT hint is Korean)', () => {
    const values = { detail: ref('connack.5.meaning'), codeHint: ref('connack.5.hint') };
    expect(formatMessage('ko', 'failure.MQTT_REFUSED.hint', values)).toBe('장치 비밀번호를 확인하세요');
    expect(formatMessage('en', 'failure.MQTT_REFUSED.hint', values)).toBe('check the device password');
    expect(formatMessage('ko', 'progress.attemptFailedRetrying', { round: 2, meaning: ref('failure.MQTT_REFUSED.meaning', values), waitMs: 1000 })).toBe(
      '2번째 시도 실패 (브로커가 거부했습니다: 인증되지 않음); 1000 ms 후 다시 시도합니다',
    );
  });

  it('the values schema accepts plain values and known references, and refuses an unknown key', () => {
    expect(MessageValuesSchema.safeParse({ a: 1, b: 'x', c: { key: 'connack.5.hint', values: { d: { key: 'file.caCert' } } } }).success).toBe(true);
    expect(MessageValuesSchema.safeParse({ c: { key: 'no.such.key' } }).success).toBe(false);
  });

  it('both catalogues are what formatMessage reads', () => {
    expect(CATALOGUES.ko['step.identify']).toBe(stepTitle('identify', 'ko'));
  });
});

describe('language from the locale', () => {
  it.each([
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['ko_KR.UTF-8', 'ko'],
    ['KO_kr', 'ko'],
    ['en_US.UTF-8', 'en'],
    ['C', 'en'],
    ['kok_IN', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('%s → %s', (locale, lang) => {
    expect(languageFromLocale(locale)).toBe(lang);
  });

  it('LC_ALL beats LC_MESSAGES beats LANG; an empty variable does not count', () => {
    expect(languageFromEnv({ LC_ALL: 'ko_KR.UTF-8', LC_MESSAGES: 'en_US', LANG: 'en_US' })).toBe('ko');
    expect(languageFromEnv({ LC_ALL: '', LC_MESSAGES: 'ko_KR', LANG: 'en_US' })).toBe('ko');
    expect(languageFromEnv({ LC_MESSAGES: 'en_US', LANG: 'ko_KR' })).toBe('en');
    expect(languageFromEnv({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(languageFromEnv({})).toBe('en');
  });
});
