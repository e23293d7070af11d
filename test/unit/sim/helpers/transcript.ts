/**
 * One exchange per command family with the exact bytes the reference prescribes (echo on, ATV1,
 * CMEE=1), replayed over every kind of cable (memory link, TCP, PTY). Data-mode steps send raw
 * bytes without a CR.
 */
import type { Conversation } from './conversation.ts';

export interface TranscriptStep {
  family: string;
  send: string;
  expect: string;
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
];

export async function replayTranscript(modem: Conversation): Promise<void> {
  for (const step of FAMILY_TRANSCRIPT) {
    await modem.send(step.send);
    await modem.expect(step.expect);
  }
}
