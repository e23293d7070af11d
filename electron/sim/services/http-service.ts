/**
 * The module's HTTP(S) client state (docs/at-behaviour.md#http): AT+QHTTPCFG items, the URL set with
 * AT+QHTTPURL, and the last response waiting for AT+QHTTPREAD / AT+QHTTPREADFILE (consumed by the
 * read). Requests are real (node http over the module's own TCP/TLS link).
 */
import type { FaultSet } from '../faults/fault-set.ts';
import { cutsDownload, makeEndless, rewriteResponse, syntheticStatus } from '../faults/http-faults.ts';
import { HTTP_ERR } from './http-codes.ts';
import { performGet, type GetOutcome, type HttpResponse } from './http-get.ts';
import type { LinkTarget, ModuleLink } from './link.ts';
import type { NetworkModel } from './network-model.ts';
import type { PowerCycle } from './power-cycle.ts';
import type { SslContexts } from './ssl-contexts.ts';

export interface HttpConfig {
  contextid: number;
  requestheader: number;
  responseheader: number;
  sslctxid: number;
  contenttype: number;
}

export const DEFAULT_HTTP_CONFIG: Readonly<HttpConfig> = { contextid: 1, requestheader: 0, responseheader: 0, sslctxid: 1, contenttype: 0 };

export interface HttpDeps {
  cycle: PowerCycle;
  faults: FaultSet;
  network: NetworkModel;
  ssl: SslContexts;
  openLink(target: LinkTarget): Promise<ModuleLink>;
}

export class HttpService {
  config: HttpConfig = { ...DEFAULT_HTTP_CONFIG };
  url: string | undefined;
  response: HttpResponse | undefined;
  busy = false;
  /** Firmware downloads cut so far (`download-cut-*`). */
  private cuts = 0;
  /** Aborted by AT+QHTTPSTOP: ends an AT+QHTTPREADFILE that is still writing. */
  private stopper = new AbortController();

  constructor(readonly deps: HttpDeps) {}

  /** Runs the GET; resolves with the `+QHTTPGET:` URC text (without the prefix). */
  async get(rsptimeS: number): Promise<string> {
    this.busy = true;
    this.response = undefined;
    try {
      const outcome = await this.fetch(rsptimeS * 1000);
      if (!outcome.ok) return `${outcome.code}`;
      this.response = makeEndless(rewriteResponse(outcome.response, this.deps.faults), this.deps.faults);
      const { status, contentLength } = this.response;
      return contentLength === undefined ? `0,${status}` : `0,${status},${this.response.body.length}`;
    } finally {
      this.busy = false;
    }
  }

  /** The response waiting for AT+QHTTPREADFILE, with how it is stored (whole, cut half-way, endless); consumed. */
  takeForFile(): { bytes: Buffer; cut: boolean; endless: boolean } | undefined {
    const response = this.response;
    const bytes = this.takeResponse();
    if (!response || !bytes) return undefined;
    const cut = cutsDownload(response, this.deps.faults, this.cuts);
    if (cut) this.cuts += 1;
    this.stopper = new AbortController();
    return { bytes: cut ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes, cut, endless: response.endless === true };
  }

  /** Ends an endless AT+QHTTPREADFILE (AT+QHTTPSTOP). */
  get stopSignal(): AbortSignal {
    return this.stopper.signal;
  }

  stop(): void {
    this.stopper.abort();
    this.response = undefined;
  }

  /** The response bytes as QHTTPREAD/READFILE deliver them (header first when configured); consumed. */
  takeResponse(): Buffer | undefined {
    const response = this.response;
    this.response = undefined;
    if (!response) return undefined;
    return this.config.responseheader === 1 ? Buffer.concat([Buffer.from(response.head, 'latin1'), response.body]) : response.body;
  }

  private async fetch(timeoutMs: number): Promise<GetOutcome> {
    const { faults, cycle, network } = this.deps;
    const error = faults.get('http-error');
    if (error) return { ok: false, code: error.code };
    if (faults.has('http-stall')) {
      await cycle.sleep(timeoutMs);
      return { ok: false, code: HTTP_ERR.timeout };
    }
    const cid = this.config.contextid;
    if (!network.isActive(cid) && !network.activate(cid)) return { ok: false, code: HTTP_ERR.networkOpenFailed };
    const status = faults.get('http-status');
    if (status) return { ok: true, response: syntheticStatus(status.status) };
    const url = new URL(this.url ?? '');
    return performGet({ url, ssl: this.deps.ssl.get(this.config.sslctxid), timeoutMs, openLink: (target) => this.deps.openLink(target) });
  }
}
