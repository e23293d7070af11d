/**
 * AT+QSSLCFG (docs/at-behaviour.md#tls): `="<item>",<ctx>,<value>` sets, `="<item>",<ctx>` queries
 * (`+QSSLCFG: "<item>",<ctx>,<value>`). Items are a table of parse/show pairs. The cipher suite is
 * an unquoted hex number (quoted → ERROR, JC-ISS9). A key password is never printed back.
 */
import { ParamError, type ParamReader } from '../at/args.ts';
import { SSL_CONTEXT_COUNT, type SslContextConfig } from '../services/ssl-contexts.ts';
import { CIPHER_SUITES } from '../services/tls-options.ts';
import { ok, OK, type CommandEntry, type Handler } from './types.ts';

interface SslItem {
  /** Reads the value(s) from parameter 2 on into the context. */
  set(params: ParamReader, config: SslContextConfig): void;
  show(config: SslContextConfig): string;
  test: string;
}

type NumericKey = 'sslversion' | 'seclevel' | 'ignorelocaltime' | 'negotiatetime' | 'sni';
type PathKey = 'cacert' | 'clientcert';

function numeric(key: NumericKey, min: number, max: number): SslItem {
  return {
    set: (params, config) => {
      params.expectCount(3, 3);
      config[key] = params.int(2, { min, max });
    },
    show: (config) => String(config[key]),
    test: `(${min}-${max})`,
  };
}

function path(key: PathKey): SslItem {
  return {
    set: (params, config) => {
      params.expectCount(3, 3);
      config[key] = params.str(2, 80);
    },
    show: (config) => `"${config[key] ?? ''}"`,
    test: '<path>',
  };
}

const cipherHex = (code: number) => `0X${code.toString(16).toUpperCase().padStart(4, '0')}`;

const SSL_ITEMS: Readonly<Record<string, SslItem>> = {
  sslversion: numeric('sslversion', 0, 4),
  ciphersuite: {
    set: (params, config) => {
      params.expectCount(3, 3);
      const text = params.token(2);
      const code = /^0x[0-9a-f]{1,4}$/i.test(text) ? parseInt(text.slice(2), 16) : NaN;
      if (CIPHER_SUITES[code] === undefined) throw new ParamError('unknown cipher suite');
      config.ciphersuite = code;
    },
    show: (config) => cipherHex(config.ciphersuite),
    test: `(${Object.keys(CIPHER_SUITES).map((code) => cipherHex(Number(code))).join(',')})`,
  },
  cacert: path('cacert'),
  clientcert: path('clientcert'),
  clientkey: {
    set: (params, config) => {
      params.expectCount(3, 4);
      config.clientkey = params.str(2, 80);
      config.keyPassword = params.count > 3 ? params.str(3, 64) : undefined;
    },
    show: (config) => `"${config.clientkey ?? ''}"`,
    test: '<path>[,<key_pwd>]',
  },
  seclevel: numeric('seclevel', 0, 2),
  ignorelocaltime: numeric('ignorelocaltime', 0, 1),
  negotiatetime: numeric('negotiatetime', 10, 300),
  sni: numeric('sni', 0, 1),
};

const qsslcfg: Handler = (command, ctx) => {
  const params = command.params;
  const name = params.str(0).toLowerCase();
  const item = SSL_ITEMS[name];
  if (!item) throw new ParamError(`unknown QSSLCFG item ${name}`);
  const index = params.int(1, { min: 0, max: SSL_CONTEXT_COUNT - 1 });
  const config = ctx.ssl.get(index);
  if (params.count === 2) return ok(`+QSSLCFG: "${name}",${index},${item.show(config)}`);
  item.set(params, config);
  return OK;
};

const qsslcfgTest: Handler = () =>
  ok(...Object.entries(SSL_ITEMS).map(([name, item]) => `+QSSLCFG: "${name}",(0-${SSL_CONTEXT_COUNT - 1}),${item.test}`));

export const SSL_COMMANDS: readonly CommandEntry[] = [{ name: '+QSSLCFG', write: qsslcfg, test: qsslcfgTest }];
