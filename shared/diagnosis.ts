/**
 * The verdict of `fieldlink diagnose` (CLI and UI), as data: every finding code with its severity,
 * what it means and what to do, in English and Korean. `{name}` is filled from the finding's values.
 *
 * Severities: `ok`; `not-provisioned` — normal for a new unit that has not been through the connect
 * sequence yet (no certificates, no G-sensor calibration): the unit is fine, provisioning will set it;
 * `warning` — works, but worth a look; `fault` — something to fix before the unit can work (no SIM,
 * not registered, no data service, certificate mismatch, clock far off, weak signal).
 */
import type { DiagnosisSeverity } from './events.ts';
import type { Language } from './steps.ts';

interface Words {
  meaning: string;
  action: string;
}

export interface FindingRow extends Words {
  severity: DiagnosisSeverity;
  ko: Words;
}

/** Module clock further than this from the host clock is a fault (TLS date checks, M3). */
export const CLOCK_FAULT_S = 5 * 60;
/** RSRP below this (dBm) is a weak-signal fault; without RSRP, CSQ RSSI below WEAK_RSSI_DBM. */
export const WEAK_RSRP_DBM = -110;
export const WEAK_RSSI_DBM = -100;

export const FINDINGS = {
  SIM_READY: { severity: 'ok', meaning: 'SIM ready (ICCID {iccid})', action: 'nothing to do',
    ko: { meaning: 'SIM 정상 (ICCID {iccid})', action: '조치 필요 없음' } },
  NO_SIM: { severity: 'fault', meaning: 'no usable SIM: {detail}', action: 'insert or reseat the SIM card (check the tray and contacts), or unlock it, then diagnose again',
    ko: { meaning: '사용할 수 있는 SIM이 없습니다: {detail}', action: 'SIM 카드를 넣거나 다시 장착(트레이와 접점 확인)하거나 잠금을 해제한 뒤 다시 진단하세요' } },
  REGISTERED: { severity: 'ok', meaning: 'registered on {operator} ({registration})', action: 'nothing to do',
    ko: { meaning: '{operator}에 등록됨 ({registration})', action: '조치 필요 없음' } },
  NOT_REGISTERED: { severity: 'fault', meaning: 'not registered on a network ({registration})', action: 'check the antenna, coverage at this place and that the SIM subscription is active',
    ko: { meaning: '망에 등록되지 않았습니다 ({registration})', action: '안테나, 이 장소의 커버리지, SIM 가입 상태를 확인하세요' } },
  SIGNAL_OK: { severity: 'ok', meaning: 'signal {signal}', action: 'nothing to do',
    ko: { meaning: '신호 {signal}', action: '조치 필요 없음' } },
  WEAK_SIGNAL: { severity: 'fault', meaning: 'weak signal: {signal} (needs better than {limit})', action: 'check the antenna and its cable, or move the unit to better coverage',
    ko: { meaning: '신호가 약합니다: {signal} ({limit}보다 강해야 함)', action: '안테나와 케이블을 확인하거나 커버리지가 좋은 곳으로 옮기세요' } },
  SIGNAL_UNKNOWN: { severity: 'warning', meaning: 'the module reported no signal measurement', action: 'check the antenna; diagnose again after registration',
    ko: { meaning: '모듈이 신호 측정값을 보고하지 않았습니다', action: '안테나를 확인하고 망 등록 후 다시 진단하세요' } },
  DATA_SERVICE_OK: { severity: 'ok', meaning: 'data service available', action: 'nothing to do',
    ko: { meaning: '데이터 서비스 사용 가능', action: '조치 필요 없음' } },
  NO_DATA_SERVICE: { severity: 'fault', meaning: 'no data service: {detail}', action: 'check the APN in the profile and the SIM data plan',
    ko: { meaning: '데이터 서비스가 없습니다: {detail}', action: '프로파일의 APN과 SIM 데이터 요금제를 확인하세요' } },
  CLOCK_OK: { severity: 'ok', meaning: 'module clock within {skew} s of this computer', action: 'nothing to do',
    ko: { meaning: '모듈 시계가 이 컴퓨터와 {skew}초 이내', action: '조치 필요 없음' } },
  CLOCK_OFF: { severity: 'fault', meaning: 'module clock is {skew} s off this computer (more than {limit} s): certificate date checks fail', action: 'let the module take network time (AT+CTZU=1) or set the clock (AT+CCLK), then check this computer\'s clock',
    ko: { meaning: '모듈 시계가 이 컴퓨터와 {skew}초 차이납니다 ({limit}초 초과): 인증서 날짜 검사가 실패합니다', action: '모듈이 망 시간을 받게 하거나(AT+CTZU=1) 시계를 설정(AT+CCLK)한 뒤 이 컴퓨터의 시계도 확인하세요' } },
  CLOCK_UNKNOWN: { severity: 'warning', meaning: 'the module clock could not be read (AT+CCLK?)', action: 'diagnose again; if it persists, check the module firmware',
    ko: { meaning: '모듈 시계를 읽을 수 없습니다 (AT+CCLK?)', action: '다시 진단하고, 계속되면 모듈 펌웨어를 확인하세요' } },
  NO_CERTIFICATES: { severity: 'not-provisioned', meaning: 'no certificates on the module yet (SSL context {ctx})', action: 'normal for a new unit: the connect sequence (fieldlink run) uploads and binds them',
    ko: { meaning: '모듈에 아직 인증서가 없습니다 (SSL 컨텍스트 {ctx})', action: '새 장치는 정상입니다: 연결 시퀀스(fieldlink run)가 업로드하고 바인딩합니다' } },
  CERTIFICATES_MATCH: { severity: 'ok', meaning: 'certificates on the module match the profile ({detail})', action: 'nothing to do',
    ko: { meaning: '모듈의 인증서가 프로파일과 일치합니다 ({detail})', action: '조치 필요 없음' } },
  CERTIFICATES_PRESENT: { severity: 'warning', meaning: 'certificates bound on the module ({detail}); not compared with a profile: {why}', action: 'give --profile with this unit\'s certificate files to compare them',
    ko: { meaning: '모듈에 인증서가 바인딩되어 있습니다 ({detail}); 프로파일과 비교하지 않음: {why}', action: '이 장치의 인증서 파일이 있는 --profile을 지정하면 비교합니다' } },
  CERTIFICATE_MISMATCH: { severity: 'fault', meaning: '{file} on the module is not the profile\'s {field} (module SHA-256 {module}, profile {profile})', action: 'run the connect sequence with the right profile to upload the right certificates',
    ko: { meaning: '모듈의 {file}이(가) 프로파일의 {field}와 다릅니다 (모듈 SHA-256 {module}, 프로파일 {profile})', action: '올바른 프로파일로 연결 시퀀스를 실행해 맞는 인증서를 업로드하세요' } },
  SSL_INCOMPLETE: { severity: 'fault', meaning: 'SSL context {ctx} is half set up: {detail}', action: 'run the connect sequence (fieldlink run) to upload and bind the certificates again',
    ko: { meaning: 'SSL 컨텍스트 {ctx}이(가) 일부만 설정되어 있습니다: {detail}', action: '연결 시퀀스(fieldlink run)를 실행해 인증서를 다시 업로드하고 바인딩하세요' } },
  NOT_CALIBRATED: { severity: 'not-provisioned', meaning: 'G-sensor not calibrated yet (no stored mounting angles); {measured}', action: 'normal for a new unit: the connect sequence calibrates it once mounted',
    ko: { meaning: 'G-센서가 아직 보정되지 않았습니다 (저장된 장착 각도 없음); {measured}', action: '새 장치는 정상입니다: 장착 후 연결 시퀀스가 보정합니다' } },
  CALIBRATION_OK: { severity: 'ok', meaning: 'G-sensor calibrated; residual tilt {residual}° (tolerance {tolerance}°)', action: 'nothing to do',
    ko: { meaning: 'G-센서 보정됨; 잔여 기울기 {residual}° (허용치 {tolerance}°)', action: '조치 필요 없음' } },
  CALIBRATION_OFF: { severity: 'fault', meaning: 'the stored mounting leaves a residual tilt of {residual}° (tolerance {tolerance}°): the unit moved since calibration', action: 'check the mounting, then run the connect sequence to calibrate again',
    ko: { meaning: '저장된 장착 각도의 잔여 기울기가 {residual}°입니다 (허용치 {tolerance}°): 보정 후 장치가 움직였습니다', action: '장착 상태를 확인한 뒤 연결 시퀀스를 실행해 다시 보정하세요' } },
  STEP_FAILED: { severity: 'fault', meaning: '{step} could not be read: {detail}', action: '{hint}',
    ko: { meaning: '{step}을(를) 읽을 수 없습니다: {detail}', action: '{hint}' } },
} as const satisfies Record<string, FindingRow>;

export type FindingCode = keyof typeof FINDINGS;
export type FindingValues = Record<string, string | number>;

const SEVERITY_ORDER: readonly DiagnosisSeverity[] = ['ok', 'not-provisioned', 'warning', 'fault'];

export function worstSeverity(severities: readonly DiagnosisSeverity[]): DiagnosisSeverity {
  return severities.reduce<DiagnosisSeverity>((worst, s) => (SEVERITY_ORDER.indexOf(s) > SEVERITY_ORDER.indexOf(worst) ? s : worst), 'ok');
}

const fill = (template: string, values: FindingValues) => template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** A finding's words in one language. */
export function describeFinding(code: FindingCode, values: FindingValues, language: Language = 'en'): { severity: DiagnosisSeverity; meaning: string; action: string } {
  const row: FindingRow = FINDINGS[code];
  const words = language === 'ko' ? row.ko : row;
  return { severity: row.severity, meaning: fill(words.meaning, values), action: fill(words.action, values) };
}

/** The verdict's headline per overall severity. */
export const VERDICT_HEADLINE: Record<DiagnosisSeverity, Record<Language, string>> = {
  ok: { en: 'OK — the unit is provisioned and healthy', ko: '정상 — 장치가 프로비저닝되어 있고 이상이 없습니다' },
  'not-provisioned': { en: 'NOT PROVISIONED YET — normal for a new unit; no fault found', ko: '아직 프로비저닝되지 않음 — 새 장치는 정상이며 고장은 없습니다' },
  warning: { en: 'WARNING — works, but see the findings', ko: '경고 — 동작하지만 항목을 확인하세요' },
  fault: { en: 'FAULT — fix the findings marked fault', ko: '고장 — fault 항목을 조치하세요' },
};
