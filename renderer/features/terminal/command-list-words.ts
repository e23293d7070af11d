/**
 * UI words of the terminal's command lists, ko and en. Kept in this file for now so the move of
 * the catalogue (renderer/i18n → shared/messages) does not collide with this feature; the lead
 * moves these keys into the one catalogue afterwards.
 */
import type { Language } from '../../../shared/steps.ts';
import type { ScriptIssueCode } from '../../../shared/command-list.ts';

const en = {
  title: 'Command lists',
  pick: 'Saved list',
  newList: 'New list',
  name: 'List name',
  script: 'Commands',
  scriptHelp: 'One AT command per line. "=> text" or "=> /regex/" after a command: the expected answer. "@wait 500ms": a pause. "# …": a comment.',
  stopOnFailure: 'Stop at the first failure',
  save: 'Save',
  delete: 'Delete',
  run: 'Run',
  running: 'Running…',
  needPort: 'Choose a port to run the list on.',
  saved: 'Saved "{name}".',
  deleted: 'Deleted "{name}".',
  badName: 'Name: 1-100 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit.',
  secretLine: 'Line {line} holds a password or key. Lists are stored in plain text: type that command in the terminal instead.',
  notSaved: 'Not saved: {message}',
  failedCall: 'Error: {message}',
  colLine: '#',
  colCommand: 'Command',
  colAnswer: 'Answer',
  colExpected: 'Expected',
  colResult: 'Result',
  colTime: 'Time',
  passed: 'PASS',
  failed: 'FAIL',
  skipped: 'SKIP',
  summary: '{passed} of {total} passed, {failed} failed, {skipped} skipped',
  ms: '{ms} ms',
  'issue.not-a-command': 'Line {line}: a command starts with AT (comments start with #, expected answers with =>).',
  'issue.expect-without-command': 'Line {line}: "=>" needs a command above it.',
  'issue.wait-without-command': 'Line {line}: "@wait" needs a command above it.',
  'issue.bad-wait': 'Line {line}: write a pause as "@wait 500ms" or "@wait 2s" (at most 600 s).',
  'issue.bad-regex': 'Line {line}: not a valid regular expression.',
  'issue.too-long': 'Line {line}: too long.',
  'issue.too-many': 'A list holds at most 200 commands.',
  'issue.empty': 'Write at least one AT command.',
} satisfies Record<string, string>;

export type CommandListWordKey = keyof typeof en;

const ko: Record<CommandListWordKey, string> = {
  title: '명령 목록',
  pick: '저장된 목록',
  newList: '새 목록',
  name: '목록 이름',
  script: '명령',
  scriptHelp: '한 줄에 AT 명령 하나. 명령 다음 줄의 "=> 문자열" 또는 "=> /정규식/": 기대 응답. "@wait 500ms": 대기. "# …": 주석.',
  stopOnFailure: '첫 실패에서 멈춤',
  save: '저장',
  delete: '삭제',
  run: '실행',
  running: '실행 중…',
  needPort: '목록을 실행할 포트를 선택하세요.',
  saved: '"{name}"을(를) 저장했습니다.',
  deleted: '"{name}"을(를) 삭제했습니다.',
  badName: '이름: 영문자, 숫자, 공백, ".", "_", "-" 1-100자, 영문자나 숫자로 시작.',
  secretLine: '{line}번 줄에 비밀번호나 키가 있습니다. 목록은 평문으로 저장되므로 이 명령은 터미널에서 직접 입력하세요.',
  notSaved: '저장하지 못했습니다: {message}',
  failedCall: '오류: {message}',
  colLine: '#',
  colCommand: '명령',
  colAnswer: '응답',
  colExpected: '기대 응답',
  colResult: '결과',
  colTime: '시간',
  passed: '통과',
  failed: '실패',
  skipped: '건너뜀',
  summary: '{total}개 중 {passed}개 통과, {failed}개 실패, {skipped}개 건너뜀',
  ms: '{ms} ms',
  'issue.not-a-command': '{line}번 줄: 명령은 AT로 시작합니다 (주석은 #, 기대 응답은 =>로 시작).',
  'issue.expect-without-command': '{line}번 줄: "=>" 위에 명령이 있어야 합니다.',
  'issue.wait-without-command': '{line}번 줄: "@wait" 위에 명령이 있어야 합니다.',
  'issue.bad-wait': '{line}번 줄: 대기는 "@wait 500ms" 또는 "@wait 2s"로 씁니다 (최대 600초).',
  'issue.bad-regex': '{line}번 줄: 올바른 정규식이 아닙니다.',
  'issue.too-long': '{line}번 줄: 너무 깁니다.',
  'issue.too-many': '목록에는 명령을 최대 200개까지 넣을 수 있습니다.',
  'issue.empty': 'AT 명령을 하나 이상 쓰세요.',
};

const WORDS: Record<Language, Record<CommandListWordKey, string>> = { en, ko };

export type CommandListWords = (key: CommandListWordKey, values?: Record<string, string | number>) => string;

export function commandListWords(language: Language): CommandListWords {
  return (key, values) => WORDS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

export function issueWordKey(code: ScriptIssueCode): CommandListWordKey {
  return `issue.${code}`;
}
