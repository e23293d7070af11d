/**
 * The module's six SSL contexts (AT+QSSLCFG, docs/at-behaviour.md#tls). Defaults follow
 * docs/uncertain-behaviour.md#qsslcfg-defaults: sslversion 4, ciphersuite 0xFFFF, seclevel 0, ignorelocaltime 1
 * (docs/uncertain-behaviour.md#ignorelocaltime-default),
 * negotiatetime 300. Settings are volatile: a reboot brings the defaults back.
 */
export const SSL_CONTEXT_COUNT = 6;

export interface SslContextConfig {
  /** 0 SSL3.0, 1 TLS1.0, 2 TLS1.1, 3 TLS1.2, 4 all. */
  sslversion: number;
  ciphersuite: number;
  cacert: string | undefined;
  clientcert: string | undefined;
  clientkey: string | undefined;
  keyPassword: string | undefined;
  /** 0 no authentication, 1 verify server, 2 verify server and present the client certificate. */
  seclevel: number;
  ignorelocaltime: number;
  negotiatetime: number;
  sni: number;
  /** Items the firmware lists that the virtual TLS stack stores but does not act on (dtls, alpn, psk…). */
  extra: Record<string, string>;
}

export const DEFAULT_SSL_CONTEXT: Readonly<SslContextConfig> = {
  sslversion: 4,
  ciphersuite: 0xffff,
  cacert: undefined,
  clientcert: undefined,
  clientkey: undefined,
  keyPassword: undefined,
  seclevel: 0,
  ignorelocaltime: 1,
  negotiatetime: 300,
  sni: 0,
  extra: {},
};

export class SslContexts {
  private readonly contexts: SslContextConfig[] = Array.from({ length: SSL_CONTEXT_COUNT }, () => structuredClone(DEFAULT_SSL_CONTEXT) as SslContextConfig);

  get(ctx: number): SslContextConfig {
    const context = this.contexts[ctx];
    if (!context) throw new RangeError(`SSL context ${ctx} does not exist`);
    return context;
  }
}
