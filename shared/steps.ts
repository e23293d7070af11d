/**
 * The connect-sequence steps, in the order the runner executes them (docs/sequence.md).
 * The ids are the vocabulary shared by the runner, the events, the profile's per-step overrides,
 * the session log, the report and the UI.
 */
import { z } from 'zod';

export const STEP_IDS = [
  'identify',
  'ssl-configure',
  'data-service',
  'server-info',
  'calibration',
  'fota-main',
  'fota-sub',
  'mqtt-connect',
  'live-session',
] as const;

export type StepId = (typeof STEP_IDS)[number];
export const StepIdSchema = z.enum(STEP_IDS);

export type Language = 'ko' | 'en';
export interface StepTitle {
  ko: string;
  en: string;
}

export const STEP_TITLES = {
  identify: { ko: '포트 열기 및 장치 확인', en: 'Open port and identify device' },
  'ssl-configure': { ko: 'SSL 인증서 설정', en: 'Configure SSL certificates' },
  'data-service': { ko: '데이터 서비스 연결 확인', en: 'Check data service' },
  'server-info': { ko: '서버 정보 조회', en: 'Fetch server info' },
  calibration: { ko: 'G센서 보정', en: 'G-sensor calibration' },
  'fota-main': { ko: '메인 펌웨어 업데이트', en: 'Main firmware update' },
  'fota-sub': { ko: '서브 펌웨어 업데이트', en: 'Sub firmware update' },
  'mqtt-connect': { ko: 'MQTT 서버 연결', en: 'Connect to MQTT server' },
  'live-session': { ko: '실시간 세션', en: 'Live session' },
} as const satisfies Record<StepId, StepTitle>;

/** The steps in order with their titles. */
export const STEPS: readonly { id: StepId; title: StepTitle }[] = STEP_IDS.map((id) => ({ id, title: STEP_TITLES[id] }));

export function stepTitle(id: StepId, lang: Language): string {
  return STEP_TITLES[id][lang];
}

/** Position of a step in the sequence (0-based). */
export function stepIndex(id: StepId): number {
  return STEP_IDS.indexOf(id);
}
