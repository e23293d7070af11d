/**
 * AT+QSSLCFG (docs/at-behaviour.md#tls): `="<item>",<ctx>,<value>` sets, `="<item>",<ctx>` queries
 * (`+QSSLCFG: "<item>",<ctx>,<value>`). Items are a table of parse/show pairs. The cipher suite is
 * an unquoted hex number (quoted → ERROR, JC-ISS9). A key password is never printed back.
 * The test form lists every item of the EC2x firmware in its order and with its ranges, as an
 * EG25-G prints them (LJ-EG25); items the virtual TLS stack does not act on (dtls, alpn, psk…)
 * are stored and printed back.
 */
import { ParamError, type ParamReader } from '../at/args.ts';
import { SSL_CONTEXT_COUNT, type SslContextConfig } from '../services/ssl-contexts.ts';
import { CIPHER_SUITES } from '../services/tls-options.ts';
import { ok, OK, type CommandEntry, type Handler } from './types.ts';

interface SslItem {
  /** Reads the value(s) from parameter 2 on into the context. */
  set(params: ParamReader, config: SslContextConfig, name: string): void;
  show(config: SslContextConfig, name: string): string;
  /** The test form's text after `(0-5),`. */
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
    test: min === 0 && max === 1 ? '(0,1)' : `(${min}-${max})`,
  };
}

function path(key: PathKey, test: string): SslItem {
  return {
    set: (params, config) => {
      params.expectCount(3, 3);
      config[key] = params.str(2, 80);
    },
    show: (config) => `"${config[key] ?? ''}"`,
    test,
  };
}

/** The cipher suites the EC2x firmware lists, in its order (LJ-EG25). */
const EC2X_CIPHER_LIST: readonly number[] = [
  0x0035, 0x002f, 0x0005, 0x000a, 0x003d, 0xc003, 0xc004, 0xc005, 0xc008, 0xc009, 0xc00a, 0xc012, 0xc013, 0xc014, 0xc00d, 0xc00e, 0xc00f, 0xc023, 0xc024, 0xc025,
  0xc026, 0xc027, 0xc028, 0xc029, 0xc02a, 0xc02f, 0xc030, 0xffff,
];

const cipherHex = (code: number) => `0X${code.toString(16).toUpperCase().padStart(4, '0')}`;

const CIPHERSUITE: SslItem = {
  set: (params, config) => {
    params.expectCount(3, 3);
    const text = params.token(2);
    const code = /^0x[0-9a-f]{1,4}$/i.test(text) ? parseInt(text.slice(2), 16) : NaN;
    if (CIPHER_SUITES[code] === undefined) throw new ParamError('unknown cipher suite');
    config.ciphersuite = code;
  },
  show: (config) => cipherHex(config.ciphersuite),
  test: `(${EC2X_CIPHER_LIST.map(cipherHex).join(',')})`,
};

const CLIENTKEY: SslItem = {
  set: (params, config) => {
    params.expectCount(3, 4);
    config.clientkey = params.str(2, 80);
    config.keyPassword = params.count > 3 ? params.str(3, 64) : undefined;
  },
  show: (config) => `"${config.clientkey ?? ''}"`,
  test: '<client_key_path>,<key_pwd>',
};

function extraNumeric(min: number, max: number): SslItem {
  return {
    set: (params, config, name) => {
      params.expectCount(3, 3);
      config.extra[name] = String(params.int(2, { min, max }));
    },
    show: (config, name) => config.extra[name] ?? '0',
    test: min === 0 && max === 1 ? '(0,1)' : `(${min}-${max})`,
  };
}

function extraText(test: string, count = 1): SslItem {
  return {
    set: (params, config, name) => {
      params.expectCount(2 + count, 2 + count);
      config.extra[name] = Array.from({ length: count }, (_, i) => `"${params.str(2 + i, 255)}"`).join(',');
    },
    show: (config, name) => config.extra[name] ?? Array.from({ length: count }, () => '""').join(','),
    test,
  };
}

const SSL_ITEMS: Readonly<Record<string, SslItem>> = {
  sslversion: numeric('sslversion', 0, 4),
  dtls: extraNumeric(0, 1),
  dtlsversion: extraNumeric(0, 1),
  ciphersuite: CIPHERSUITE,
  cacert: path('cacert', '<cacertpath>'),
  cacertex: extraText('<cacertexpath>'),
  clientcert: path('clientcert', '<client_cert_path>'),
  clientkey: CLIENTKEY,
  seclevel: numeric('seclevel', 0, 2),
  ignorelocaltime: numeric('ignorelocaltime', 0, 1),
  negotiatetime: numeric('negotiatetime', 10, 300),
  sni: numeric('sni', 0, 1),
  psk: extraText('<identity>,<key>', 2),
  closetimemode: extraNumeric(0, 1),
  session_cache: extraNumeric(0, 1),
  alpn: extraText('<protocolname>'),
  renegotiation: extraNumeric(0, 1),
  ignoremulticertchainverify: extraNumeric(0, 1),
  ignoreinvalidcertsign: extraNumeric(0, 1),
  ignorecertitem: extraNumeric(0, 1048575),
};

const qsslcfg: Handler = (command, ctx) => {
  const params = command.params;
  const name = params.str(0).toLowerCase();
  const item = SSL_ITEMS[name];
  if (!item) throw new ParamError(`unknown QSSLCFG item ${name}`);
  const index = params.int(1, { min: 0, max: SSL_CONTEXT_COUNT - 1 });
  const config = ctx.ssl.get(index);
  if (params.count === 2) return ok(`+QSSLCFG: "${name}",${index},${item.show(config, name)}`);
  item.set(params, config, name);
  return OK;
};

const qsslcfgTest: Handler = () =>
  ok(...Object.entries(SSL_ITEMS).map(([name, item]) => `+QSSLCFG: "${name}",(0-${SSL_CONTEXT_COUNT - 1}),${item.test}`));

export const SSL_COMMANDS: readonly CommandEntry[] = [{ name: '+QSSLCFG', write: qsslcfg, test: qsslcfgTest }];
