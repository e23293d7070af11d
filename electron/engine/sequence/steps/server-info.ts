/**
 * Step 3 — HTTP server connect: AT+QHTTPCFG contextid / contenttype / sslctxid (https),
 * AT+QHTTPURL (CONNECT, URL bytes), AT+QHTTPGET=80 (+QHTTPGET: 0,<status>,<len>), AT+QHTTPREAD=80,
 * then the body is parsed as the server-info document. The MQTT password in it is registered as a
 * secret before any of the body's traffic reaches a log (K1).
 */
import { Redactor } from '../../session/redaction.ts';
import { configureHttp, httpGet } from '../../quectel/http.ts';
import { parseServerInfo, type ServerInfo } from '../../../../shared/server-info.ts';
import { expandServerInfoUrl } from '../../../../shared/profile.ts';
import { need } from '../context.ts';
import { httpStatusFailure } from '../failure-table.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep } from '../step.ts';

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

export const serverInfoStep: SequenceStep = {
  id: 'server-info',
  needs: ['identity'],
  timeoutMs: 200_000,
  retries: 2,
  async run(env) {
    const { imei, deviceId } = need(env.ctx, 'identity');
    const url = expandServerInfoUrl(env.profile, { imei, deviceId });
    const https = url.startsWith('https://');
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
      if (!parsed.ok) throw parsed.error;
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
    env.ctx.serverInfo = serverInfo;
    const { mqtt, firmware } = serverInfo.serverInfo;
    return passed(`broker ${mqtt.host}:${mqtt.port}${mqtt.ssl ? ' (TLS)' : ''}, firmware main ${firmware.main.version}, sub ${firmware.sub.version}`);
  },
};
