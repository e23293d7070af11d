import { afterEach, describe, expect, it } from 'vitest';
import {
  BG96_CIPHER_SUITES,
  SSL_ITEMS,
  buildSslContextCommands,
  buildSslSet,
  configureSslContext,
  formatCipherSuite,
  parseSslQuery,
  querySslOption,
  type SslItem,
} from '../../../../electron/engine/quectel/ssl.ts';
import { createRig, disposeRigs, framed, sent } from '../../../helpers/at-rig.ts';

afterEach(disposeRigs);

describe('AT+QSSLCFG lines (docs/at-behaviour.md#tls)', () => {
  it.each([
    { item: 'sslversion', value: 4, line: 'AT+QSSLCFG="sslversion",1,4' },
    { item: 'ciphersuite', value: 0xffff, line: 'AT+QSSLCFG="ciphersuite",1,0xFFFF' },
    { item: 'ciphersuite', value: 0x35, line: 'AT+QSSLCFG="ciphersuite",1,0x0035' },
    { item: 'ciphersuite', value: '0XC02F', line: 'AT+QSSLCFG="ciphersuite",1,0xC02F' },
    { item: 'cacert', value: 'UFS:ca.pem', line: 'AT+QSSLCFG="cacert",1,"UFS:ca.pem"' },
    { item: 'clientcert', value: 'UFS:client.pem', line: 'AT+QSSLCFG="clientcert",1,"UFS:client.pem"' },
    { item: 'clientkey', value: 'UFS:client.key', line: 'AT+QSSLCFG="clientkey",1,"UFS:client.key"' },
    { item: 'seclevel', value: 2, line: 'AT+QSSLCFG="seclevel",1,2' },
    { item: 'ignorelocaltime', value: 1, line: 'AT+QSSLCFG="ignorelocaltime",1,1' },
    { item: 'negotiatetime', value: 300, line: 'AT+QSSLCFG="negotiatetime",1,300' },
  ] satisfies Array<{ item: SslItem; value: number | string; line: string }>)('$line', ({ item, value, line }) => {
    expect(buildSslSet(1, item, value)).toBe(line);
  });

  it('every item the reference lists for BG96 is supported', () => {
    expect(Object.keys(SSL_ITEMS).sort()).toEqual(['cacert', 'ciphersuite', 'clientcert', 'clientkey', 'ignorelocaltime', 'negotiatetime', 'seclevel', 'sslversion']);
    expect(BG96_CIPHER_SUITES.map(formatCipherSuite)).toEqual([
      '0x0035', '0x002F', '0x0005', '0x0004', '0x000A', '0x003D', '0xC011', '0xC012', '0xC013', '0xC014', '0xC027', '0xC028', '0xC02F', '0xFFFF',
    ]);
  });

  it.each([
    { ctx: 6, item: 'seclevel', value: 1, param: 'sslctxid' },
    { ctx: 1, item: 'seclevel', value: 3, param: 'seclevel' },
    { ctx: 1, item: 'sslversion', value: 5, param: 'sslversion' },
    { ctx: 1, item: 'negotiatetime', value: 5, param: 'negotiatetime' },
    { ctx: 1, item: 'ciphersuite', value: 0x10000, param: 'ciphersuite' },
    { ctx: 1, item: 'ciphersuite', value: 'C02F', param: 'ciphersuite' },
    { ctx: 1, item: 'cacert', value: 'UFS:"ca".pem', param: 'cacert' },
  ] satisfies Array<{ ctx: number; item: SslItem; value: number | string; param: string }>)('rejects $item=$value on ctx $ctx', ({ ctx, item, value, param }) => {
    expect(() => buildSslSet(ctx, item, value)).toThrow(expect.objectContaining({ kind: 'invalid-parameter', param }));
  });

  it('query answers (paths unquoted)', () => {
    expect(parseSslQuery(['+QSSLCFG: "sslversion",1,4'], 'sslversion', 1)).toBe('4');
    expect(parseSslQuery(['+QSSLCFG: "cacert",2,"UFS:ca.pem"'], 'cacert', 2)).toBe('UFS:ca.pem');
    expect(() => parseSslQuery(['+QSSLCFG: "cacert",2,"UFS:ca.pem"'], 'cacert', 1)).toThrow(/context 1/);
  });
});

describe('configureSslContext over the real AtClient', () => {
  it('sends each item once, in order; the cipher suite goes out unquoted', async () => {
    const rig = await createRig();
    const config = {
      cacert: 'UFS:ca.pem',
      clientcert: 'UFS:client.pem',
      clientkey: 'UFS:client.key',
      seclevel: 2,
      sslversion: 4,
      ciphersuite: 0xffff,
      ignorelocaltime: 1,
    } as const;
    const lines = buildSslContextCommands(1, config);
    rig.modem.script(...lines.map((line) => ({ expect: line, reply: framed('OK') })));
    await configureSslContext(rig.at, 1, config);
    expect(sent(rig)).toBe(
      [
        'AT+QSSLCFG="sslversion",1,4',
        'AT+QSSLCFG="ciphersuite",1,0xFFFF',
        'AT+QSSLCFG="cacert",1,"UFS:ca.pem"',
        'AT+QSSLCFG="clientcert",1,"UFS:client.pem"',
        'AT+QSSLCFG="clientkey",1,"UFS:client.key"',
        'AT+QSSLCFG="seclevel",1,2',
        'AT+QSSLCFG="ignorelocaltime",1,1',
        '',
      ].join('\r'),
    );
    expect(sent(rig)).not.toContain('"0xFFFF"');
  });

  it('a rejected item surfaces the module error', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QSSLCFG="sslversion",1,4', reply: framed('OK') }, { expect: 'AT+QSSLCFG="ciphersuite",1,0xC02F', reply: framed('ERROR') });
    await expect(configureSslContext(rig.at, 1, { sslversion: 4, ciphersuite: 0xc02f, seclevel: 1 })).rejects.toMatchObject({ name: 'AtCommandError', final: 'ERROR' });
    expect(rig.modem.lines).toHaveLength(2);
  });

  it('querySslOption sends the two-argument (query) form', async () => {
    const rig = await createRig();
    rig.modem.script({ expect: 'AT+QSSLCFG="ignorelocaltime",1', reply: framed('+QSSLCFG: "ignorelocaltime",1,0', 'OK') });
    await expect(querySslOption(rig.at, 1, 'ignorelocaltime')).resolves.toBe('0');
  });
});
