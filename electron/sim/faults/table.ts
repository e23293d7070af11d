/**
 * THE table of fault scenarios: name, one-line description of the host-visible symptom, and the
 * effect the device's subsystems look up (FaultSet). `fieldlink sim --list-faults` prints it.
 * Names can be combined: `sim:no-sim.slow-boot`, `--faults no-sim,slow-boot`.
 */
export type CableStep = 'identify' | 'ssl' | 'http' | 'fota' | 'mqtt';

export type FaultEffect =
  | { kind: 'no-sim' }
  | { kind: 'not-registered' }
  | { kind: 'qcds-unsupported' }
  | { kind: 'global-firmware' }
  | { kind: 'slow-boot'; bootDelayMs: number }
  | { kind: 'http-status'; status: number }
  | { kind: 'http-stall' }
  | { kind: 'http-error'; code: number }
  | { kind: 'server-info'; rewrite: 'not-json' | 'missing-fields' | 'bom' }
  | { kind: 'qicsgp-short-form' }
  | { kind: 'qmtopen-result'; result: number }
  | { kind: 'connack-refused'; returnCode: number }
  | { kind: 'broker-drop'; afterMs: number }
  | { kind: 'broker-silent' }
  | { kind: 'pdp-drop' }
  | { kind: 'mqtt-retransmit' }
  | { kind: 'corrupt-download' }
  | { kind: 'endless-download' }
  | { kind: 'download-cut'; times: number }
  | { kind: 'fota-reboot'; atPercent: number }
  | { kind: 'line-noise' }
  | { kind: 'urc-storm'; periodMs: number }
  | { kind: 'slow-answers' }
  | { kind: 'slow-unit' }
  | { kind: 'cable-pull'; step: CableStep };

export type FaultKind = FaultEffect['kind'];

export interface FaultDefinition {
  name: string;
  description: string;
  effect: FaultEffect;
}

const QMTOPEN_MEANING: Record<number, string> = {
  [-1]: 'failed to open network',
  1: 'wrong parameter',
  2: 'client index in use',
  3: 'PDP activation failed',
  4: 'domain name not resolved',
  5: 'network disconnected',
};

const CONNACK_MEANING: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorised',
};

const CABLE_MOMENT: Record<CableStep, string> = {
  identify: 'on AT+CGSN (identify)',
  ssl: 'half-way through an AT+QFUPL upload (SSL configure)',
  http: 'after AT+QHTTPGET is accepted (server info)',
  fota: 'at 30 % of AT+TMSFOTA (apply); the old firmware stays',
  mqtt: 'on AT+QMTSUB after the MQTT session is up; the broker publishes the will',
};

export const FAULTS: readonly FaultDefinition[] = [
  { name: 'no-sim', description: 'no SIM: AT+CPIN? → +CME ERROR: 10, not registered, no data service', effect: { kind: 'no-sim' } },
  { name: 'not-registered', description: 'SIM ok but no network: +CEREG: 0,2, +CSQ: 99,99, "LIMITED", no PDP', effect: { kind: 'not-registered' } },
  { name: 'qcds-unsupported', description: 'AT+QCDS answers ERROR (as on global firmware); the rest is normal', effect: { kind: 'qcds-unsupported' } },
  { name: 'global-firmware', description: 'global EG25-G firmware: ATI/QGMR of an EG25, AT+QCDS → ERROR', effect: { kind: 'global-firmware' } },
  { name: 'slow-boot', description: 'RDY only 8 s after power-on; commands before it get no answer', effect: { kind: 'slow-boot', bootDelayMs: 8000 } },
  { name: 'http-404', description: 'every HTTP GET answers +QHTTPGET: 0,404,<len>', effect: { kind: 'http-status', status: 404 } },
  { name: 'http-500', description: 'every HTTP GET answers +QHTTPGET: 0,500,<len>', effect: { kind: 'http-status', status: 500 } },
  { name: 'http-timeout', description: 'the server never answers: +QHTTPGET: 702 after <rsptime>', effect: { kind: 'http-stall' } },
  { name: 'http-dns-failure', description: 'the URL host does not resolve: +QHTTPGET: 714', effect: { kind: 'http-error', code: 714 } },
  { name: 'server-info-not-json', description: 'JSON responses are replaced by an HTML error page (200 OK)', effect: { kind: 'server-info', rewrite: 'not-json' } },
  {
    name: 'server-info-missing-fields',
    description: 'JSON responses lose serverInfo.mqtt.host and rollInfo',
    effect: { kind: 'server-info', rewrite: 'missing-fields' },
  },
  { name: 'server-info-bom', description: 'JSON responses start with a UTF-8 byte-order mark (EF BB BF), as some Windows servers send them', effect: { kind: 'server-info', rewrite: 'bom' } },
  { name: 'qicsgp-short-form', description: 'AT+QICSGP=<cid>,<type> (no APN) is accepted instead of ERROR', effect: { kind: 'qicsgp-short-form' } },
  ...[-1, 1, 2, 3, 4, 5].map((result) => ({
    name: `qmtopen-fail-${result}`,
    description: `AT+QMTOPEN → +QMTOPEN: 0,${result} (${QMTOPEN_MEANING[result]})`,
    effect: { kind: 'qmtopen-result', result } as const,
  })),
  ...[1, 2, 3, 4, 5].map((returnCode) => ({
    name: `qmtconn-refused-${returnCode}`,
    description: `the broker refuses CONNECT: +QMTCONN: 0,0,${returnCode} (${CONNACK_MEANING[returnCode]})`,
    effect: { kind: 'connack-refused', returnCode } as const,
  })),
  {
    name: 'broker-drop-after-connect',
    description: 'the broker link drops 1 s after +QMTCONN: 0,0,0 → +QMTSTAT: 0,1',
    effect: { kind: 'broker-drop', afterMs: 1000 },
  },
  {
    name: 'broker-silent',
    description: 'after the first acknowledged publish the broker stops answering (no PINGRESP): +QMTSTAT: 0,2 after about 1.5 × keepalive (once)',
    effect: { kind: 'broker-silent' },
  },
  {
    name: 'pdp-drop-after-connect',
    description: 'after the first acknowledged publish the network drops the PDP context: +QIURC: "pdpdeact",<cid>, the MQTT link goes with it (once)',
    effect: { kind: 'pdp-drop' },
  },
  { name: 'mqtt-retransmit', description: 'QMTSUB/QMTPUB report result 1 (retransmission) before the final result 0', effect: { kind: 'mqtt-retransmit' } },
  {
    name: 'corrupt-firmware',
    description: 'files stored by AT+QHTTPREADFILE get one flipped byte: AT+TMSFOTA → "ERROR","sha256 mismatch"',
    effect: { kind: 'corrupt-download' },
  },
  {
    name: 'firmware-endless-body',
    description: 'firmware downloads have no Content-Length and never end: AT+QHTTPREADFILE keeps writing until AT+QHTTPSTOP or a full UFS',
    effect: { kind: 'endless-download' },
  },
  {
    name: 'download-cut-once',
    description: 'the first firmware download breaks half-way: half the file stored, +QHTTPREADFILE: 717 (socket read error)',
    effect: { kind: 'download-cut', times: 1 },
  },
  {
    name: 'download-cut-always',
    description: 'every firmware download breaks half-way: half the file stored, +QHTTPREADFILE: 717 (socket read error)',
    effect: { kind: 'download-cut', times: Number.POSITIVE_INFINITY },
  },
  {
    name: 'reboot-during-fota',
    description: 'the module reboots at 50 % of AT+TMSFOTA (RDY, no DONE); the old version stays (once)',
    effect: { kind: 'fota-reboot', atPercent: 50 },
  },
  { name: 'line-noise', description: 'garbage bytes (NUL, 0xFF, stray LF) appear before framed lines', effect: { kind: 'line-noise' } },
  {
    name: 'urc-storm',
    description: '+QIND: "csq" and +CEREG URCs every 50 ms, also between a command and its OK',
    effect: { kind: 'urc-storm', periodMs: 50 },
  },
  { name: 'slow-answers', description: 'every final result comes 3.5 s late (after the host timeouts)', effect: { kind: 'slow-answers' } },
  {
    name: 'slow-unit',
    description: 'a sluggish unit: every final result 0.6 s late (inside the timeouts), AT+QHTTPREADFILE at about 20 kB/s',
    effect: { kind: 'slow-unit' },
  },
  ...(Object.keys(CABLE_MOMENT) as CableStep[]).map((step) => ({
    name: `cable-pull-at-${step}`,
    description: `the cable is pulled ${CABLE_MOMENT[step]} (once)`,
    effect: { kind: 'cable-pull', step } as const,
  })),
];

export function findFault(name: string): FaultDefinition | undefined {
  return FAULTS.find((fault) => fault.name === name);
}

/** Splits a scenario (`no-sim.slow-boot`, `no-sim,slow-boot`, `a+b`) into names. */
export function splitScenario(scenario: string | undefined): string[] {
  if (!scenario) return [];
  return scenario
    .split(/[,+.\s]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
