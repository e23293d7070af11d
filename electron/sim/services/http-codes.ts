/** HTTP(S) `<err>` codes the module reports (docs/at-behaviour.md#http-error-codes) and which link failure gives which. */
import type { LinkFailure } from './link-error.ts';

export const HTTP_ERR = {
  ok: 0,
  unknown: 701,
  timeout: 702,
  busy: 703,
  noRequest: 705,
  networkOpenFailed: 707,
  urlError: 711,
  emptyUrl: 712,
  dnsError: 714,
  socketConnect: 716,
  socketRead: 717,
  socketClosed: 719,
  inputTimeout: 726,
  memory: 729,
  invalidParameter: 730,
} as const;

/** TLS failures surface as a socket connect error (docs/at-behaviour.md#tls, docs/uncertain-behaviour.md#qhttpget-tls-failure). */
export const HTTP_ERR_OF_LINK: Readonly<Record<LinkFailure, number>> = {
  dns: HTTP_ERR.dnsError,
  refused: HTTP_ERR.socketConnect,
  tls: HTTP_ERR.socketConnect,
  timeout: HTTP_ERR.timeout,
  closed: HTTP_ERR.socketClosed,
  network: HTTP_ERR.socketRead,
};
