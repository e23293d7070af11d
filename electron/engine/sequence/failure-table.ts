/**
 * THE failure table: every way a connect-sequence step can fail, as data. A row gives the stable
 * code, who is at fault (category → CLI exit code), what it means in words, what to do, and
 * whether the runner may retry the step. `{name}` in a text is filled from the failure's values
 * (failures.ts). Module code families (CME, HTTP 7xx, HTTP status, QMTOPEN, CONNACK) map onto
 * rows through the smaller tables at the end.
 */
import type { ExitCategory, FailureCategory } from '../../../shared/events.ts';

/** A row's words in one language. */
export interface FailureText {
  meaning: string;
  hint: string;
}

export interface FailureRow {
  category: FailureCategory;
  meaning: string;
  hint: string;
  /** The same words in Korean, with exactly the same `{placeholders}` (a test keeps them in step). */
  ko: FailureText;
  /** A retry of the step can help (network hiccup, busy module). Default false. */
  retryable?: boolean;
  /** Exit category when it is not the category's own (profile problems are usage errors). */
  exit?: ExitCategory;
}

const TLS_HINT = 'check the CA certificate, client certificate and key bound with AT+QSSLCFG (cacert/clientcert/clientkey) and the module clock (M3)';
const TLS_HINT_KO = 'AT+QSSLCFG로 연결된 CA 인증서, 클라이언트 인증서, 키(cacert/clientcert/clientkey)와 모듈 시계를 확인하세요 (M3)';

export const FAILURES = {
  // ── port and AT engine ──────────────────────────────────────────────────────────────────────
  PORT_NOT_FOUND: { category: 'device', meaning: 'the port {port} does not exist or nothing answers there', hint: 'check the cable and the port name (`fieldlink ports` lists them)',
    ko: { meaning: '포트 {port}이(가) 없거나 응답하는 장치가 없습니다', hint: '케이블과 포트 이름을 확인하세요 (`fieldlink ports`로 목록 확인)' },
  },
  PORT_BUSY: { category: 'device', meaning: 'another program holds the port {port}', hint: 'close the other program (terminal, ModemManager) and start again (S3)',
    ko: { meaning: '다른 프로그램이 포트 {port}을(를) 사용 중입니다', hint: '다른 프로그램(터미널, ModemManager)을 닫고 다시 시작하세요 (S3)' },
  },
  PORT_PERMISSION: { category: 'device', meaning: 'no permission to open the port {port}', hint: 'add your user to the dialout group (Linux) or run with access rights',
    ko: { meaning: '포트 {port}을(를) 열 권한이 없습니다', hint: '사용자를 dialout 그룹에 추가하거나(Linux) 접근 권한이 있는 계정으로 실행하세요' },
  },
  PORT_OPEN_FAILED: { category: 'device', meaning: 'the port {port} could not be opened: {detail}', hint: 'check the cable and the port settings (baud rate)',
    ko: { meaning: '포트 {port}을(를) 열 수 없습니다: {detail}', hint: '케이블과 포트 설정(baud rate)을 확인하세요' },
  },
  PORT_BAD_URI: { category: 'user', meaning: '{detail}', hint: 'use a device path, COMn, tcp://host:port or sim:', exit: 'usage',
    ko: { meaning: '{detail}', hint: '장치 경로, COMn, tcp://host:port 또는 sim: 형식을 사용하세요' },
  },
  PORT_LOST: { category: 'device', meaning: 'the port was lost (cable pulled or device reset) and did not come back', hint: 'reconnect the device, then resume the run from this step: Retry in the app, or `fieldlink run --resume <run folder>` on the command line (S1, S2)',
    ko: { meaning: '포트 연결이 끊긴 뒤(케이블 분리 또는 장치 리셋) 복구되지 않았습니다', hint: '장치를 다시 연결한 뒤 이 단계부터 실행을 재개하세요: 앱에서는 다시 시도, 명령줄에서는 `fieldlink run --resume <실행 폴더>` (S1, S2)' },
  },
  DEVICE_CHANGED: { category: 'device', meaning: 'the port came back with another device (IMEI {found}, expected {expected})', hint: 'reconnect the original device or start a new run',
    ko: { meaning: '포트에 다른 장치가 다시 연결되었습니다 (IMEI {found}, 예상 {expected})', hint: '원래 장치를 다시 연결하거나 새 실행을 시작하세요' },
  },
  NO_ANSWER: { category: 'device', meaning: 'the module does not answer AT on {port}', hint: 'check that the device is powered, the port is the AT interface and the baud rate is right (S9, S10)', retryable: true,
    ko: { meaning: '모듈이 {port}에서 AT에 응답하지 않습니다', hint: '장치 전원이 켜져 있는지, 포트가 AT 인터페이스인지, baud rate가 맞는지 확인하세요 (S9, S10)' },
  },
  AT_TIMEOUT: { category: 'device', meaning: 'the module did not answer {command} within {timeoutMs} ms', hint: 'the module may be busy or rebooting; check the cable and retry (S10)', retryable: true,
    ko: { meaning: '모듈이 {timeoutMs} ms 안에 {command}에 응답하지 않았습니다', hint: '모듈이 바쁘거나 재부팅 중일 수 있습니다. 케이블을 확인하고 다시 시도하세요 (S10)' },
  },
  MODULE_UNRESPONSIVE: { category: 'device', meaning: 'the module does not answer — power-cycle it ({detail})', hint: 'switch the device off and on again (or unplug its power), then resume the run from this step; the module was not reset automatically (S10, S11)',
    ko: { meaning: '모듈이 응답하지 않습니다 — 전원을 껐다 켜세요 ({detail})', hint: '장치 전원을 껐다 켠 뒤(또는 전원을 뺐다 꽂은 뒤) 이 단계부터 실행을 재개하세요. 모듈은 자동으로 리셋되지 않았습니다 (S10, S11)' },
  },
  AT_ERROR: { category: 'device', meaning: 'the module rejected {command}', hint: 'this module firmware may not support the command or one of its parameters',
    ko: { meaning: '모듈이 {command}을(를) 거부했습니다', hint: '이 모듈 펌웨어가 해당 명령이나 파라미터를 지원하지 않을 수 있습니다' },
  },
  CME_ERROR: { category: 'device', meaning: 'the module answered {command} with error {code}: {detail}', hint: 'see the module error tables (docs/at-behaviour.md#error-codes)',
    ko: { meaning: '모듈이 {command}에 오류 {code}로 응답했습니다: {detail}', hint: '모듈 오류 표를 참조하세요 (docs/at-behaviour.md#error-codes)' },
  },
  AT_PROTOCOL: { category: 'device', meaning: 'the module broke the AT protocol: {detail}', hint: 'check that nothing else writes to the port, then retry', retryable: true,
    ko: { meaning: '모듈이 AT 프로토콜을 위반했습니다: {detail}', hint: '다른 프로그램이 포트에 쓰고 있지 않은지 확인한 뒤 다시 시도하세요' },
  },
  UNEXPECTED_RESPONSE: { category: 'device', meaning: 'unreadable answer: {detail}', hint: 'the module firmware answers differently than expected; send the session log to support',
    ko: { meaning: '해석할 수 없는 응답: {detail}', hint: '모듈 펌웨어가 예상과 다르게 응답합니다. 세션 로그를 지원팀에 보내세요' },
  },
  CANCELLED: { category: 'user', meaning: 'the run was cancelled', hint: 'start the run again or resume it from this step',
    ko: { meaning: '실행이 취소되었습니다', hint: '실행을 다시 시작하거나 이 단계부터 재개하세요' },
  },
  STEP_TIMEOUT: { category: 'device', meaning: 'the step did not finish within {timeoutMs} ms (waited {waitedMs} ms over {attempts} attempt(s))', hint: 'raise steps.{step}.timeoutMs in the profile if this device is slow',
    ko: { meaning: '단계가 {timeoutMs} ms 안에 끝나지 않았습니다 ({waitedMs} ms 동안 {attempts}회 시도)', hint: '이 장치가 느리다면 프로파일의 steps.{step}.timeoutMs 값을 늘리세요' },
  },

  // ── identify ────────────────────────────────────────────────────────────────────────────────
  SIM_NOT_INSERTED: { category: 'device', meaning: 'no SIM card: the module reports {detail}', hint: 'insert a SIM card (power the device off first) and start again',
    ko: { meaning: 'SIM 카드가 없습니다: 모듈 응답 {detail}', hint: 'SIM 카드를 넣고(먼저 장치 전원을 끄세요) 다시 시작하세요' },
  },
  SIM_NOT_READY: { category: 'device', meaning: 'the SIM is not ready: {detail}', hint: 'unlock the SIM (PIN/PUK) or replace it',
    ko: { meaning: 'SIM이 준비되지 않았습니다: {detail}', hint: 'SIM 잠금(PIN/PUK)을 해제하거나 SIM을 교체하세요' },
  },
  SIM_BUSY: { category: 'device', meaning: 'the SIM is busy', hint: 'wait a few seconds after power-up and retry', retryable: true,
    ko: { meaning: 'SIM이 사용 중입니다', hint: '전원을 켠 뒤 몇 초 기다렸다가 다시 시도하세요' },
  },
  BAD_IMEI: { category: 'device', meaning: 'the module reports no valid IMEI', hint: 'the module is not provisioned; send the session log to support',
    ko: { meaning: '모듈이 유효한 IMEI를 보고하지 않습니다', hint: '모듈이 프로비저닝되지 않았습니다. 세션 로그를 지원팀에 보내세요' },
  },

  // ── ssl-configure ───────────────────────────────────────────────────────────────────────────
  CERT_FILE_MISSING: { category: 'user', meaning: '{detail}', hint: 'fix the certificate paths in the profile', exit: 'usage',
    ko: { meaning: '{detail}', hint: '프로파일의 인증서 경로를 수정하세요' },
  },
  FILE_INTEGRITY: { category: 'device', meaning: 'the module stored different bytes than sent: {detail}', hint: 'bytes were lost on the serial line (S16): check the cable, lower the baud rate, retry', retryable: true,
    ko: { meaning: '모듈에 저장된 바이트가 보낸 내용과 다릅니다: {detail}', hint: '시리얼 회선에서 바이트가 손실되었습니다 (S16): 케이블을 확인하고 baud rate를 낮춘 뒤 다시 시도하세요' },
  },
  FILE_NO_SPACE: { category: 'device', meaning: 'the module file system is full: {detail}', hint: 'delete unused files (AT+QFDEL) and retry (F7)',
    ko: { meaning: '모듈 파일 시스템이 가득 찼습니다: {detail}', hint: '사용하지 않는 파일을 삭제(AT+QFDEL)하고 다시 시도하세요 (F7)' },
  },
  FILE_REJECTED: { category: 'device', meaning: 'the module refused the file: {detail}', hint: 'check the module file name in the profile (tls.moduleFiles)',
    ko: { meaning: '모듈이 파일을 거부했습니다: {detail}', hint: '프로파일의 모듈 파일 이름(tls.moduleFiles)을 확인하세요' },
  },

  // ── data-service ────────────────────────────────────────────────────────────────────────────
  NO_DATA_SERVICE: { category: 'network', meaning: 'no data service: {detail}', hint: 'check the signal, the SIM data plan and the APN (pdp.apn in the profile)', retryable: true,
    ko: { meaning: '데이터 서비스가 없습니다: {detail}', hint: '신호, SIM 데이터 요금제, APN(프로파일의 pdp.apn)을 확인하세요' },
  },
  NOT_REGISTERED: { category: 'network', meaning: 'not registered on the network: {detail}', hint: 'check the antenna, the signal (AT+CSQ) and that the SIM is activated', retryable: true,
    ko: { meaning: '네트워크에 등록되지 않았습니다: {detail}', hint: '안테나, 신호(AT+CSQ), SIM 개통 여부를 확인하세요' },
  },
  NETWORK_ERROR: { category: 'network', meaning: 'network error on {command}: {detail}', hint: 'check the signal and the PDP context, then retry', retryable: true,
    ko: { meaning: '{command} 실행 중 네트워크 오류: {detail}', hint: '신호와 PDP 컨텍스트를 확인한 뒤 다시 시도하세요' },
  },

  // ── server-info (HTTP) ──────────────────────────────────────────────────────────────────────
  HTTP_TIMEOUT: { category: 'network', meaning: 'the HTTP server did not answer in time ({detail})', hint: 'check the server address and that the server is up, then retry', retryable: true,
    ko: { meaning: 'HTTP 서버가 제시간에 응답하지 않았습니다 ({detail})', hint: '서버 주소와 서버 가동 여부를 확인한 뒤 다시 시도하세요' },
  },
  HTTP_DNS: { category: 'network', meaning: 'the server host name does not resolve ({detail})', hint: 'check the host in serverInfoUrl and the network DNS',
    ko: { meaning: '서버 호스트 이름을 DNS로 찾을 수 없습니다 ({detail})', hint: 'serverInfoUrl의 호스트와 네트워크 DNS를 확인하세요' },
  },
  HTTP_CONNECT: { category: 'network', meaning: 'the module could not connect to the HTTP server ({detail})', hint: `check the server address and port; for https ${TLS_HINT}`, retryable: true,
    ko: { meaning: '모듈이 HTTP 서버에 연결하지 못했습니다 ({detail})', hint: `서버 주소와 포트를 확인하세요. https라면 ${TLS_HINT_KO}` },
  },
  HTTP_FAILED: { category: 'network', meaning: 'the module HTTP client failed on {command}: {detail}', hint: 'retry; if it repeats, check the PDP context and the URL', retryable: true,
    ko: { meaning: '{command}에서 모듈 HTTP 클라이언트가 실패했습니다: {detail}', hint: '다시 시도하세요. 반복되면 PDP 컨텍스트와 URL을 확인하세요' },
  },
  HTTP_URL: { category: 'user', meaning: 'the module refused the URL: {detail}', hint: 'check serverInfoUrl in the profile', exit: 'usage',
    ko: { meaning: '모듈이 URL을 거부했습니다: {detail}', hint: '프로파일의 serverInfoUrl을 확인하세요' },
  },
  HTTP_NOT_FOUND: { category: 'server', meaning: 'the server answered HTTP {status}: no server info for this device', hint: 'check serverInfoUrl in the profile and that the device is registered on the server',
    ko: { meaning: '서버가 HTTP {status}로 응답했습니다: 이 장치의 서버 정보가 없습니다', hint: '프로파일의 serverInfoUrl과 장치가 서버에 등록되어 있는지 확인하세요' },
  },
  HTTP_FORBIDDEN: { category: 'server', meaning: 'the server answered HTTP {status}: access refused', hint: 'the device is not authorised on the server; check its registration',
    ko: { meaning: '서버가 HTTP {status}로 응답했습니다: 접근이 거부되었습니다', hint: '장치가 서버에서 인가되지 않았습니다. 등록 상태를 확인하세요' },
  },
  HTTP_SERVER_ERROR: { category: 'server', meaning: 'the server answered HTTP {status} (server error)', hint: 'the server has a problem; retry later or tell the server team', retryable: true,
    ko: { meaning: '서버가 HTTP {status}로 응답했습니다 (서버 오류)', hint: '서버에 문제가 있습니다. 나중에 다시 시도하거나 서버 팀에 알리세요' },
  },
  HTTP_STATUS: { category: 'server', meaning: 'the server answered HTTP {status}', hint: 'the server did not deliver the document; tell the server team',
    ko: { meaning: '서버가 HTTP {status}로 응답했습니다', hint: '서버가 문서를 전달하지 않았습니다. 서버 팀에 알리세요' },
  },
  SERVER_INFO_NOT_JSON: { category: 'server', meaning: 'the server-info answer is not JSON', hint: 'the URL may point at a web page or a proxy error; check serverInfoUrl and the server',
    ko: { meaning: 'server-info 응답이 JSON이 아닙니다', hint: 'URL이 웹 페이지나 프록시 오류 페이지를 가리킬 수 있습니다. serverInfoUrl과 서버를 확인하세요' },
  },
  SERVER_INFO_INVALID: { category: 'server', meaning: 'the server-info document is invalid: {detail}', hint: 'quote this field to the server team (format: docs/sequence.md#server-info-document)',
    ko: { meaning: 'server-info 문서가 올바르지 않습니다: {detail}', hint: '이 필드를 서버 팀에 전달하세요 (형식: docs/sequence.md#server-info-document)' },
  },
  INSECURE_URL: { category: 'server', meaning: 'the server-info document gives a plain http:// address for {field}; the firmware and its hash would travel unprotected', hint: 'ask the server team for an https:// address, or set "allowInsecureHttp": true in the profile if this server cannot do TLS',
    ko: { meaning: 'server-info 문서의 {field} 주소가 암호화되지 않은 http:// 입니다; 펌웨어와 해시가 보호 없이 전송됩니다', hint: '서버 팀에 https:// 주소를 요청하거나, 이 서버가 TLS를 지원하지 않으면 프로파일에 "allowInsecureHttp": true 를 설정하세요' },
  },
  SERVER_VALUE_INVALID: { category: 'server', meaning: 'a server value cannot be sent to the module: {detail}', hint: 'quote this field to the server team',
    ko: { meaning: '서버 값을 모듈에 보낼 수 없습니다: {detail}', hint: '이 필드를 서버 팀에 전달하세요' },
  },

  // ── calibration ─────────────────────────────────────────────────────────────────────────────
  CALIBRATION_OUT_OF_TOLERANCE: {
    category: 'device',
    meaning: 'residual tilt {residual}° exceeds the tolerance {tolerance}° (server roll {serverRoll}°, pitch {serverPitch}°; measured roll {measuredRoll}°, pitch {measuredPitch}°)',
    hint: 'check that the device is mounted as registered on the server (RollInfo) and at rest, then retry',
    retryable: true,
    ko: { meaning: '잔여 기울기 {residual}°가 허용치 {tolerance}°를 넘습니다 (서버 roll {serverRoll}°, pitch {serverPitch}°; 측정 roll {measuredRoll}°, pitch {measuredPitch}°)', hint: '장치가 서버에 등록된 대로(RollInfo) 장착되어 있고 정지 상태인지 확인한 뒤 다시 시도하세요' },
  },
  CALIBRATION_NO_GRAVITY: { category: 'device', meaning: 'the G-sensor reading has no gravity vector: {detail}', hint: 'the G-sensor may be faulty; send the session log to support',
    ko: { meaning: 'G-센서 값에 중력 벡터가 없습니다: {detail}', hint: 'G-센서 고장일 수 있습니다. 세션 로그를 지원팀에 보내세요' },
  },
  CALIBRATION_NOT_STORED: { category: 'device', meaning: 'the device stored roll {storedRoll}°, pitch {storedPitch}° instead of {serverRoll}°, {serverPitch}°', hint: 'retry; if it repeats the MCU firmware does not keep the angles', retryable: true,
    ko: { meaning: '장치에 {serverRoll}°, {serverPitch}° 대신 roll {storedRoll}°, pitch {storedPitch}°가 저장되었습니다', hint: '다시 시도하세요. 반복되면 MCU 펌웨어가 각도를 저장하지 못하는 것입니다' },
  },

  // ── fota ────────────────────────────────────────────────────────────────────────────────────
  VERSION_UNREADABLE: { category: 'device', meaning: '{detail}', hint: 'the version cannot be compared; no update was made — tell support which firmware the device runs',
    ko: { meaning: '{detail}', hint: '버전을 비교할 수 없어 업데이트하지 않았습니다. 장치의 펌웨어 버전을 지원팀에 알리세요' },
  },
  SERVER_VERSION_UNREADABLE: { category: 'server', meaning: '{detail}', hint: 'the server offers a version that cannot be compared; tell the server team',
    ko: { meaning: '{detail}', hint: '서버가 비교할 수 없는 버전을 제공합니다. 서버 팀에 알리세요' },
  },
  FOTA_NO_SPACE: { category: 'device', meaning: 'the {target} image needs {size} bytes but the module has {free} bytes free', hint: 'delete unused files on the module (AT+QFDEL) and retry; the old version {current} remains (F7)',
    ko: { meaning: '{target} 이미지에 {size}바이트가 필요하지만 모듈의 여유 공간은 {free}바이트입니다', hint: '모듈에서 사용하지 않는 파일을 삭제(AT+QFDEL)하고 다시 시도하세요. 기존 버전 {current}은(는) 유지됩니다 (F7)' },
  },
  FOTA_DOWNLOAD_FAILED: { category: 'network', meaning: 'downloading the {target} image failed: {detail}', hint: 'check the network and retry; the old version {current} remains (F4)', retryable: true,
    ko: { meaning: '{target} 이미지 다운로드 실패: {detail}', hint: '네트워크를 확인하고 다시 시도하세요. 기존 버전 {current}은(는) 유지됩니다 (F4)' },
  },
  FOTA_HTTP_STATUS: { category: 'server', meaning: 'the firmware server answered HTTP {status} for the {target} image', hint: 'check the firmware URL in the server-info document; the old version {current} remains',
    ko: { meaning: '펌웨어 서버가 {target} 이미지 요청에 HTTP {status}로 응답했습니다', hint: 'server-info 문서의 펌웨어 URL을 확인하세요. 기존 버전 {current}은(는) 유지됩니다' },
  },
  FOTA_SIZE_MISMATCH: { category: 'server', meaning: 'the {target} image on the module is {stored} bytes, the server said {size}', hint: 'the download was cut or the server document is wrong; retry; the old version {current} remains (F2, F4)', retryable: true,
    ko: { meaning: '모듈의 {target} 이미지는 {stored}바이트인데 서버는 {size}바이트라고 했습니다', hint: '다운로드가 중단되었거나 서버 문서가 잘못되었습니다. 다시 시도하세요. 기존 버전 {current}은(는) 유지됩니다 (F2, F4)' },
  },
  FOTA_TOO_LARGE: { category: 'server', meaning: 'the server sent more than the {size} bytes of the {target} image ({stored} stored); the download was stopped and the file deleted', hint: 'the firmware URL answers with another or an endless body (no Content-Length); tell the server team; the old version {current} remains (F2)',
    ko: { meaning: '서버가 {target} 이미지의 {size}바이트보다 많이 보냈습니다({stored}바이트 저장됨). 다운로드를 중단하고 파일을 삭제했습니다', hint: '펌웨어 URL이 다른 내용이나 끝나지 않는 본문(Content-Length 없음)을 보냅니다. 서버 팀에 알리세요. 기존 버전 {current}은(는) 유지됩니다 (F2)' },
  },
  FOTA_REJECTED: { category: 'device', meaning: 'the device refused the {target} image ({detail}); the old version {current} remains', hint: 'the image is corrupted or does not match the server checksum; retry, or tell the server team (F1)',
    ko: { meaning: '장치가 {target} 이미지를 거부했습니다 ({detail}). 기존 버전 {current}이(가) 유지됩니다', hint: '이미지가 손상되었거나 서버 체크섬과 맞지 않습니다. 다시 시도하거나 서버 팀에 알리세요 (F1)' },
  },
  FOTA_INTERRUPTED: { category: 'device', meaning: 'the {target} update was interrupted ({detail}); the device still runs {current} — the old version remains', hint: 'keep the device powered and connected (do not unplug) and run the update again (F5)',
    ko: { meaning: '{target} 업데이트가 중단되었습니다 ({detail}). 장치는 여전히 {current}(으)로 동작하며 기존 버전이 유지됩니다', hint: '장치 전원과 연결을 유지한 채(분리하지 마세요) 업데이트를 다시 실행하세요 (F5)' },
  },
  FOTA_NOT_CONFIRMED: { category: 'device', meaning: 'after the {target} update the device reports {found}, not {offered}; the old version remains', hint: 'run the update again; if it repeats send the session log to support',
    ko: { meaning: '{target} 업데이트 후 장치가 {offered}이(가) 아닌 {found}을(를) 보고합니다. 기존 버전이 유지됩니다', hint: '업데이트를 다시 실행하세요. 반복되면 세션 로그를 지원팀에 보내세요' },
  },
  FOTA_APPLY_TIMEOUT: { category: 'device', meaning: 'the device did not finish applying the {target} image within {timeoutMs} ms', hint: 'keep the device powered (do not unplug); identify it again to see which version runs (F5)',
    ko: { meaning: '장치가 {timeoutMs} ms 안에 {target} 이미지 적용을 끝내지 못했습니다', hint: '장치 전원을 유지하세요(분리하지 마세요). 장치를 다시 식별해 실행 중인 버전을 확인하세요 (F5)' },
  },
  FOTA_REBOOT_TIMEOUT: { category: 'device', meaning: 'the device did not come back after the {target} update within {timeoutMs} ms', hint: 'keep the device powered; reconnect and resume to confirm the version (F5)',
    ko: { meaning: '{target} 업데이트 후 장치가 {timeoutMs} ms 안에 돌아오지 않았습니다', hint: '장치 전원을 유지하세요. 다시 연결하고 재개하여 버전을 확인하세요 (F5)' },
  },

  // ── mqtt ────────────────────────────────────────────────────────────────────────────────────
  MQTT_OPEN_FAILED: { category: 'network', meaning: 'MQTT open failed: {detail}', hint: '{codeHint}', retryable: true,
    ko: { meaning: 'MQTT 열기 실패: {detail}', hint: '{codeHint}' },
  },
  MQTT_OPEN_PARAMETER: { category: 'server', meaning: 'MQTT open failed: the module rejected the broker host or port ({detail})', hint: '{codeHint}',
    ko: { meaning: 'MQTT 열기 실패: 모듈이 브로커 호스트 또는 포트를 거부했습니다 ({detail})', hint: '{codeHint}' },
  },
  MQTT_TLS_FAILED: { category: 'network', meaning: 'MQTT open failed: {detail} — usually the TLS handshake', hint: TLS_HINT,
    ko: { meaning: 'MQTT 열기 실패: {detail} — 대개 TLS 핸드셰이크 문제입니다', hint: TLS_HINT_KO },
  },
  MQTT_OPEN_TIMEOUT: { category: 'network', meaning: 'the broker did not answer AT+QMTOPEN within {timeoutMs} ms', hint: 'check the broker host and port from server-info and the network', retryable: true,
    ko: { meaning: '브로커가 {timeoutMs} ms 안에 AT+QMTOPEN에 응답하지 않았습니다', hint: 'server-info의 브로커 호스트와 포트, 네트워크를 확인하세요' },
  },
  MQTT_REFUSED: { category: 'server', meaning: '{detail}', hint: '{codeHint}',
    ko: { meaning: '{detail}', hint: '{codeHint}' },
  },
  MQTT_CONNECT_FAILED: { category: 'network', meaning: 'MQTT connect failed: {detail}', hint: '{codeHint}', retryable: true,
    ko: { meaning: 'MQTT 연결 실패: {detail}', hint: '{codeHint}' },
  },
  MQTT_SUBSCRIBE_FAILED: { category: 'server', meaning: 'MQTT subscribe failed: {detail}', hint: '{codeHint}', retryable: true,
    ko: { meaning: 'MQTT 구독 실패: {detail}', hint: '{codeHint}' },
  },
  MQTT_PUBLISH_FAILED: { category: 'network', meaning: 'MQTT publish failed: {detail}', hint: '{codeHint}', retryable: true,
    ko: { meaning: 'MQTT 발행 실패: {detail}', hint: '{codeHint}' },
  },
  MQTT_LOST: { category: 'network', meaning: 'the MQTT connection was lost: {detail} (+QMTSTAT {qmtstat})', hint: '{codeHint}', retryable: true,
    ko: { meaning: 'MQTT 연결이 끊겼습니다: {detail} (+QMTSTAT {qmtstat})', hint: '{codeHint}' },
  },
  PDP_CONFIG_FAILED: { category: 'network', meaning: 'the module refused the PDP context setting: {detail}', hint: 'check pdp.contextId and pdp.apn in the profile',
    ko: { meaning: '모듈이 PDP 컨텍스트 설정을 거부했습니다: {detail}', hint: '프로파일의 pdp.contextId와 pdp.apn을 확인하세요' },
  },

  // ── fieldlink diagnose (read-only findings) ─────────────────────────────────────────────────
  DIAG_SSL_INCOMPLETE: { category: 'device', meaning: 'SSL context {ctx} is not usable: {detail}', hint: 'run the connect sequence (fieldlink run) to upload and bind the certificates',
    ko: { meaning: 'SSL 컨텍스트 {ctx}을(를) 사용할 수 없습니다: {detail}', hint: '연결 시퀀스(fieldlink run)를 실행해 인증서를 업로드하고 바인딩하세요' },
  },
  DIAG_CERT_MISMATCH: { category: 'device', meaning: 'the certificates on the module are not the profile\'s: {detail}', hint: 'run the connect sequence with the right profile to upload the right certificates',
    ko: { meaning: '모듈의 인증서가 프로파일의 인증서와 다릅니다: {detail}', hint: '올바른 프로파일로 연결 시퀀스를 실행해 맞는 인증서를 업로드하세요' },
  },
  DIAG_FAULTS: { category: 'device', meaning: 'the diagnosis found faults: {detail}', hint: 'see the verdict: each fault says what to do',
    ko: { meaning: '진단에서 고장이 발견되었습니다: {detail}', hint: '판정을 확인하세요: 각 고장 항목에 조치 방법이 있습니다' },
  },
  DIAG_CALIBRATION_OFF: { category: 'device', meaning: 'the stored mounting (roll {storedRoll}°, pitch {storedPitch}°) leaves a residual tilt of {residual}° (tolerance {tolerance}°)', hint: 'run the connect sequence to calibrate with the server RollInfo',
    ko: { meaning: '저장된 장착 각도(roll {storedRoll}°, pitch {storedPitch}°)의 잔여 기울기가 {residual}°입니다 (허용치 {tolerance}°)', hint: '연결 시퀀스를 실행해 서버 RollInfo로 보정하세요' },
  },

  // ── everything else ─────────────────────────────────────────────────────────────────────────
  PROFILE_INVALID: { category: 'user', meaning: '{detail}', hint: 'fix the profile file', exit: 'usage',
    ko: { meaning: '{detail}', hint: '프로파일 파일을 수정하세요' },
  },
  MISSING_EARLIER_STEP: { category: 'internal', meaning: 'this step needs the result of {missing}, which has not run in this session', hint: 'resume from an earlier step or start a new run',
    ko: { meaning: '이 단계에는 {missing}의 결과가 필요하지만 이번 세션에서 아직 실행되지 않았습니다', hint: '앞 단계부터 재개하거나 새 실행을 시작하세요' },
  },
  INTERNAL: { category: 'internal', meaning: 'Fieldlink failed: {detail}', hint: 'this is a bug in Fieldlink; send the session log to support',
    ko: { meaning: 'Fieldlink 실패: {detail}', hint: 'Fieldlink의 버그입니다. 세션 로그를 지원팀에 보내세요' },
  },
} as const satisfies Record<string, FailureRow>;

export type FailureCode = keyof typeof FAILURES;

/** `+CME ERROR` codes that have a row of their own (others: CME_ERROR, or the family rows below). */
export const CME_FAILURES: Readonly<Record<number, FailureCode>> = {
  3: 'AT_ERROR',
  4: 'AT_ERROR',
  10: 'SIM_NOT_INSERTED',
  11: 'SIM_NOT_READY',
  12: 'SIM_NOT_READY',
  13: 'SIM_NOT_READY',
  14: 'SIM_BUSY',
  15: 'SIM_NOT_READY',
  30: 'NOT_REGISTERED',
  31: 'NETWORK_ERROR',
  32: 'NOT_REGISTERED',
  403: 'FILE_NO_SPACE',
  420: 'FILE_NO_SPACE',
  406: 'FILE_REJECTED',
  423: 'FILE_REJECTED',
  702: 'HTTP_TIMEOUT',
  722: 'HTTP_TIMEOUT',
  727: 'HTTP_TIMEOUT',
  728: 'HTTP_TIMEOUT',
  714: 'HTTP_DNS',
  565: 'HTTP_DNS',
  711: 'HTTP_URL',
  712: 'HTTP_URL',
  713: 'HTTP_CONNECT',
  715: 'HTTP_CONNECT',
  716: 'HTTP_CONNECT',
  719: 'HTTP_CONNECT',
  566: 'HTTP_CONNECT',
};

/** Families of module codes without a row of their own. */
export function cmeFamily(code: number): FailureCode {
  if (code >= 700 && code < 800) return 'HTTP_FAILED';
  if (code >= 550 && code < 600) return 'NETWORK_ERROR';
  if (code >= 400 && code < 500) return 'FILE_REJECTED';
  return 'CME_ERROR';
}

/** The server's HTTP status when it is not 200. */
export function httpStatusFailure(status: number): FailureCode {
  if (status === 404 || status === 410) return 'HTTP_NOT_FOUND';
  if (status === 401 || status === 403) return 'HTTP_FORBIDDEN';
  if (status >= 500) return 'HTTP_SERVER_ERROR';
  return 'HTTP_STATUS';
}

/** +QMTOPEN: <idx>,<result> (M1): -1 is the usual face of a TLS failure (M3). */
export function qmtopenFailure(result: number): FailureCode {
  if (result === -1) return 'MQTT_TLS_FAILED';
  return result === 1 ? 'MQTT_OPEN_PARAMETER' : 'MQTT_OPEN_FAILED';
}

/** Category of each step's own time limit (STEP_TIMEOUT). */
export const STEP_TIMEOUT_CATEGORY = {
  identify: 'device',
  'ssl-configure': 'device',
  'data-service': 'network',
  'server-info': 'network',
  calibration: 'device',
  'fota-main': 'device',
  'fota-sub': 'device',
  'mqtt-connect': 'network',
  'live-session': 'network',
} as const satisfies Record<string, FailureCategory>;

/** FailureCategory → the run's exit category (electron/cli/exit-codes.ts). */
export const EXIT_BY_CATEGORY = {
  device: 'device',
  network: 'network',
  server: 'server',
  user: 'aborted',
  internal: 'internal',
} as const satisfies Record<FailureCategory, ExitCategory>;
