/**
 * One exchange per command family with the exact bytes the reference prescribes (echo on, ATV1,
 * CMEE=1), replayed over every kind of cable (memory link, TCP, PTY). Data-mode steps send raw
 * bytes without a CR.
 */
import { expect } from 'vitest';
import type { Conversation } from './conversation.ts';

export interface TranscriptStep {
  family: string;
  send: string;
  /** Exact bytes, or a pattern for answers that carry the time. */
  expect: string | RegExp;
}

export const FAMILY_TRANSCRIPT: readonly TranscriptStep[] = [
  { family: 'basic', send: 'AT\r', expect: 'AT\r\r\nOK\r\n' },
  { family: 'basic', send: 'ATI\r', expect: 'ATI\r\r\nQuectel\r\nEC21\r\nRevision: EC21KLR06A04M4G\r\n\r\nOK\r\n' },
  { family: 'basic', send: 'AT+CMEE=1\r', expect: 'AT+CMEE=1\r\r\nOK\r\n' },
  { family: 'identity', send: 'AT+CGSN\r', expect: 'AT+CGSN\r\r\n867969066452788\r\n\r\nOK\r\n' },
  { family: 'network', send: 'AT+CPIN?\r', expect: 'AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n' },
  { family: 'network', send: 'AT+CSQ\r', expect: 'AT+CSQ\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n' },
  { family: 'network', send: 'AT+CEREG?\r', expect: 'AT+CEREG?\r\r\n+CEREG: 0,1\r\n\r\nOK\r\n' },
  { family: 'network', send: 'AT+QCDS\r', expect: 'AT+QCDS\r\r\n+QCDS: "SRV","4G",45005,1550,B0D60E,4,3,153,1202,-62,-88,-9,5,128,0,0,0\r\n\r\nOK\r\n' },
  { family: 'file', send: 'AT+QFUPL="UFS:t.txt",5,5\r', expect: 'AT+QFUPL="UFS:t.txt",5,5\r\r\nCONNECT\r\n' },
  { family: 'file', send: 'hello', expect: '\r\n+QFUPL: 5,6b09\r\n\r\nOK\r\n' },
  { family: 'file', send: 'AT+QFUPL="UFS:t.txt",5,5\r', expect: 'AT+QFUPL="UFS:t.txt",5,5\r\r\n+CME ERROR: 407\r\n' },
  { family: 'file', send: 'AT+QFLST\r', expect: 'AT+QFLST\r\r\n+QFLST: "t.txt",5\r\n\r\nOK\r\n' },
  { family: 'file', send: 'AT+QFDEL="UFS:t.txt"\r', expect: 'AT+QFDEL="UFS:t.txt"\r\r\nOK\r\n' },
  { family: 'ssl', send: 'AT+QSSLCFG="seclevel",1,2\r', expect: 'AT+QSSLCFG="seclevel",1,2\r\r\nOK\r\n' },
  { family: 'ssl', send: 'AT+QSSLCFG="seclevel",1\r', expect: 'AT+QSSLCFG="seclevel",1\r\r\n+QSSLCFG: "seclevel",1,2\r\n\r\nOK\r\n' },
  { family: 'http', send: 'AT+QHTTPCFG="contextid",1\r', expect: 'AT+QHTTPCFG="contextid",1\r\r\nOK\r\n' },
  { family: 'http', send: 'AT+QHTTPURL=22,80\r', expect: 'AT+QHTTPURL=22,80\r\r\nCONNECT\r\n' },
  { family: 'http', send: 'http://127.0.0.1:1/abc', expect: '\r\nOK\r\n' },
  { family: 'mqtt', send: 'AT+QMTCFG="keepalive",0,90\r', expect: 'AT+QMTCFG="keepalive",0,90\r\r\nOK\r\n' },
  { family: 'mqtt', send: 'AT+QMTCFG="keepalive",0\r', expect: 'AT+QMTCFG="keepalive",0\r\r\n+QMTCFG: "keepalive",90\r\n\r\nOK\r\n' },
  { family: 'mqtt', send: 'AT+QMTCONN?\r', expect: 'AT+QMTCONN?\r\r\nOK\r\n' },
  { family: 'tms2', send: 'AT+TMSVER?\r', expect: 'AT+TMSVER?\r\r\n+TMSVER: "1.3.0","1.1.1"\r\n\r\nOK\r\n' },
  { family: 'tms2', send: 'AT+TMSGCAL=3.5,-1.2\r', expect: 'AT+TMSGCAL=3.5,-1.2\r\r\nOK\r\n' },
  { family: 'tms2', send: 'AT+TMSGCAL?\r', expect: 'AT+TMSGCAL?\r\r\n+TMSGCAL: 3.5,-1.2\r\n\r\nOK\r\n' },
  // Several information lines: single CR LF between them, one blank line before OK (docs/at-behaviour.md#line-framing).
  { family: 'framing', send: 'AT+QIACT=2\r', expect: 'AT+QIACT=2\r\r\nOK\r\n' },
  { family: 'framing', send: 'AT+QIACT?\r', expect: 'AT+QIACT?\r\r\n+QIACT: 1,1,1,"10.64.0.2"\r\n+QIACT: 2,1,1,"10.64.2.2"\r\n\r\nOK\r\n' },
  { family: 'framing', send: 'AT+QIACT\r', expect: 'AT+QIACT\r\r\n\r\n\r\nOK\r\n' },
  { family: 'sim', send: 'AT+QCCID\r', expect: 'AT+QCCID\r\r\n+QCCID: 8982309295590575937F\r\n\r\nOK\r\n' },
  { family: 'sim', send: 'AT+CIMI\r', expect: 'AT+CIMI\r\r\n450085614719423\r\n\r\nOK\r\n' },
  { family: 'network', send: 'AT+QNWINFO\r', expect: 'AT+QNWINFO\r\r\n+QNWINFO: "FDD LTE","45008","LTE BAND 3",1550\r\n\r\nOK\r\n' },
  {
    family: 'network',
    send: 'AT+QENG="servingcell"\r',
    expect: 'AT+QENG="servingcell"\r\r\n+QENG: "servingcell","NOCONN","LTE","FDD",450,08,1A2D001,153,1550,3,3,3,2B0C,-92,-10,-65,13,36\r\n\r\nOK\r\n',
  },
  { family: 'network', send: 'AT+CGDCONT?\r', expect: 'AT+CGDCONT?\r\r\n+CGDCONT: 1,"IP","","0.0.0.0",0,0,0,0\r\n\r\nOK\r\n' },
  // Echo as bytes arrive: the first half of a command is on the wire before the rest is typed.
  { family: 'echo', send: 'AT+CS', expect: 'AT+CS' },
  { family: 'echo', send: 'Q\r', expect: 'Q\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n' },
  { family: 'settings', send: 'AT+QLTS=1\r', expect: /^AT\+QLTS=1\r\r\n\+QLTS: "\d{4}\/\d\d\/\d\d,\d\d:\d\d:\d\d\+00,0"\r\n\r\nOK\r\n$/ },
];

export async function replayTranscript(modem: Conversation): Promise<void> {
  for (const step of FAMILY_TRANSCRIPT) {
    await modem.send(step.send);
    if (typeof step.expect === 'string') await modem.expect(step.expect);
    else expect(await modem.readUntil(/\r\n(OK|ERROR)\r\n/)).toMatch(step.expect);
  }
}
