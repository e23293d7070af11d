/**
 * Step 3 — HTTP server connect: AT+QHTTPCFG contextid / contenttype / sslctxid (https),
 * AT+QHTTPURL (CONNECT, URL bytes), AT+QHTTPGET=80 (+QHTTPGET: 0,<status>,<len>), AT+QHTTPREAD=80,
 * then the body is parsed as the server-info document. The MQTT password in it is registered as a
 * secret before any of the body's traffic reaches a log (K1).
 */
import { Redactor } from '../../session/redaction.ts';
import { configureHttp, httpGet, type HttpGetResponse } from '../../quectel/http.ts';
import { parseServerInfo, type ServerInfo, type ServerInfoError } from '../../../../shared/server-info.ts';
import { expandServerInfoUrl, isInsecureUrl } from '../../../../shared/profile.ts';
import { need } from '../context.ts';
import { httpStatusFailure } from '../failure-table.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';
import { formatMessage, ref } from '../../../../shared/messages/index.ts';

/** Seconds the module waits for the answer and between body packets (spec: 80). */
export const HTTP_WAIT_S = 80;

/** The module's waits fit twice (GET, READ) in the step's time limit, at most the spec's 80 s. */
export function httpWaitSeconds(stepTimeoutMs: number | undefined): number {
  if (stepTimeoutMs === undefined) return HTTP_WAIT_S;
  return Math.max(1, Math.min(HTTP_WAIT_S, Math.floor(stepTimeoutMs / 2500)));
}
/** The document is small; anything bigger is not a server-info answer (F2). */
export const SERVER_INFO_MAX_BYTES = 64 * 1024;
/** AT+QHTTPCFG="contenttype",1 as the seed sends it (docs/uncertain-behaviour.md#qhttpcfg-contenttype-numbering). */
const CONTENT_TYPE = 1;

/** At most this many characters of a body that is not JSON are quoted (an HTML error page's start helps). */
const QUOTE_CHARS = 32;

/**
 * A body that is not a server-info document fails like every other step failure: the command
 * (AT+QHTTPREAD) and what the module answered. The quote is the status line and the body size;
 * the start of the body only when it is not JSON (a JSON body may carry the password, and the
 * password is not yet known to the redactor when the document does not parse).
 */
function unusableDocument(error: ServerInfoError, response: HttpGetResponse, waitS: number): StepError {
  const get = `+QHTTPGET: 0,${response.status}${response.contentLength === undefined ? '' : `,${response.contentLength}`}`;
  const text = response.body.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  const printable = text.slice(0, QUOTE_CHARS).replace(/[^\x20-\x7e]+/g, ' ').trim();
  const quote = error.kind === 'not-json' && !text.startsWith('{') && printable !== '' ? `, starting "${printable}${text.length > QUOTE_CHARS ? '…' : ''}"` : '';
  const said = `${get} | +QHTTPREAD: 0 (${response.body.length} bytes${quote})`;
  const code = error.kind === 'not-json' ? 'SERVER_INFO_NOT_JSON' : 'SERVER_INFO_INVALID';
  return new StepError(code, { detail: error.message.replace(/^server-info /, '') }, { command: `AT+QHTTPREAD=${waitS}`, moduleSaid: said }, { cause: error });
}

/** Firmware URLs must be https:// unless the profile allows http (then a warning per URL). */
function checkFirmwareUrls(env: StepEnv, firmware: ServerInfo['serverInfo']['firmware']): void {
  for (const target of ['main', 'sub'] as const) {
    if (!isInsecureUrl(firmware[target].url)) continue;
    const field = `firmware.${target}.url`;
    if (!env.profile.allowInsecureHttp) throw new StepError('INSECURE_URL', { field });
    const words = ref('warning.insecureFirmwareUrl', { field });
    env.emit({ type: 'warning', code: 'INSECURE_HTTP', during: 'server-info', message: formatMessage('en', words.key, words.values), words });
  }
}

export const serverInfoStep: SequenceStep = {
  id: 'server-info',
  needs: ['identity'],
  timeoutMs: 200_000,
  retries: 2,
  async run(env) {
    const { imei, deviceId } = need(env.ctx, 'identity');
    const url = expandServerInfoUrl(env.profile, { imei, deviceId });
    const https = url.startsWith('https://');
    if (isInsecureUrl(url)) {
      // Only reachable with allowInsecureHttp (the profile schema refuses http:// otherwise).
      const words = ref('warning.insecureServerInfoUrl');
      env.emit({ type: 'warning', code: 'INSECURE_HTTP', during: 'server-info', message: formatMessage('en', words.key), words });
    }
    await configureHttp(env.at, { contextId: env.profile.pdp.contextId, contentType: CONTENT_TYPE, ...(https ? { sslCtx: env.profile.tls.sslContextId } : {}) });
    env.progress('progress.httpGet', { url });
    const release = env.holdTraffic();
    let serverInfo: ServerInfo;
    try {
      const waitS = httpWaitSeconds(env.timeoutMs);
      const response = await httpGet(env.at, url, { timeouts: { responseS: waitS, readWaitS: waitS }, maxBodyBytes: SERVER_INFO_MAX_BYTES });
      if (response.status !== 200) {
        const said = `+QHTTPGET: 0,${response.status}${response.contentLength === undefined ? '' : `,${response.contentLength}`}`;
        throw new StepError(httpStatusFailure(response.status), { status: response.status }, { command: 'AT+QHTTPGET', moduleSaid: said });
      }
      const parsed = parseServerInfo(response.body.toString('utf8'));
      if (!parsed.ok) throw unusableDocument(parsed.error, response, waitS);
      const { password } = parsed.serverInfo.serverInfo.mqtt;
      env.redactor.add(password);
      // Warn, not refuse: the server issues the password and the engineer on site cannot change it.
      // A short one is masked only where it stands (see Redactor.isShortSecret), and is weak.
      if (Redactor.isShortSecret(password)) {
        env.progress('progress.shortMqttPassword', { length: password.length });
      }
      serverInfo = parsed.serverInfo;
    } finally {
      release();
    }
    const { mqtt, firmware } = serverInfo.serverInfo;
    checkFirmwareUrls(env, firmware);
    env.ctx.serverInfo = serverInfo;
    return passed(mqtt.ssl ? 'summary.serverInfoTls' : 'summary.serverInfo', { host: mqtt.host, port: mqtt.port, main: firmware.main.version, sub: firmware.sub.version });
  },
};
