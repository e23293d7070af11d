import { describe, expect, it } from 'vitest';
import { parseServerInfo, parseServerInfoOrThrow, ServerInfoError } from '../../../shared/server-info.ts';

const PASSWORD = '8824qi6rq8bgpi4z5jqomu8wnhnwipdk';

type Loose = Record<string, unknown>;
interface Doc {
  serverInfo: { mqtt: Loose; firmware: { main: Loose; sub: Loose } };
  rollInfo?: Loose;
}

function sampleDocument(): Doc {
  return {
    serverInfo: {
      mqtt: { host: 'mqtt.example.net', port: 4001, ssl: true, password: PASSWORD, keepalive: 90 },
      firmware: {
        main: { version: '1.4.0', url: 'https://fw.example.net/tms2/main-1.4.0.bin', size: 262144, sha256: 'a'.repeat(64) },
        sub: { version: '1.1.2', url: 'https://fw.example.net/tms2/sub-1.1.2.bin', size: 65536, sha256: 'B'.repeat(64) },
      },
    },
    rollInfo: { roll: 3.5, pitch: -1.2 },
  };
}

function errorFor(document: unknown): ServerInfoError {
  const result = parseServerInfo(JSON.stringify(document));
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.error;
}

describe('parseServerInfo', () => {
  it('accepts the document of docs/sequence.md#server-info-document', () => {
    const result = parseServerInfo(JSON.stringify(sampleDocument()));
    expect(result.ok && result.serverInfo).toEqual(sampleDocument());
  });

  it('defaults keepalive to 90 s when the server omits it', () => {
    const document = sampleDocument();
    delete document.serverInfo.mqtt['keepalive'];
    expect(parseServerInfoOrThrow(JSON.stringify(document)).serverInfo.mqtt.keepalive).toBe(90);
  });

  it.each([
    ['a missing field', (d: Doc) => delete d.serverInfo.mqtt['password'], 'serverInfo.mqtt.password', /missing/],
    ['a missing object', (d: Doc) => delete d.rollInfo, 'rollInfo', /missing/],
    ['a port sent as a string', (d: Doc) => (d.serverInfo.mqtt['port'] = '4001'), 'serverInfo.mqtt.port', /expected number/],
    ['a version sent as a number', (d: Doc) => (d.serverInfo.firmware.sub['version'] = 1.2), 'serverInfo.firmware.sub.version', /expected string/],
    ['port 0', (d: Doc) => (d.serverInfo.mqtt['port'] = 0), 'serverInfo.mqtt.port', /./],
    ['port 65536', (d: Doc) => (d.serverInfo.mqtt['port'] = 65536), 'serverInfo.mqtt.port', /./],
    ['a fractional size', (d: Doc) => (d.serverInfo.firmware.main['size'] = 10.5), 'serverInfo.firmware.main.size', /./],
    ['a firmware size beyond 32 MiB (F2: no module file system holds it)', (d: Doc) => (d.serverInfo.firmware.main['size'] = 32 * 1024 * 1024 + 1), 'serverInfo.firmware.main.size', /larger than 33554432 bytes/],
    ['a short sha256', (d: Doc) => (d.serverInfo.firmware.main['sha256'] = 'abc'), 'serverInfo.firmware.main.sha256', /64 hex/],
    ['an ftp url', (d: Doc) => (d.serverInfo.firmware.main['url'] = 'ftp://x/y.bin'), 'serverInfo.firmware.main.url', /http/],
    ['ssl as a string', (d: Doc) => (d.serverInfo.mqtt['ssl'] = 'true'), 'serverInfo.mqtt.ssl', /expected boolean/],
    ['an unknown key (typo)', (d: Doc) => (d.serverInfo.mqtt['keepAlive'] = 60), 'serverInfo.mqtt.keepAlive', /unknown field/],
    ['a password an AT command cannot carry', (d: Doc) => (d.serverInfo.mqtt['password'] = 'ab"cd'), 'serverInfo.mqtt.password', /AT command/],
    ['a keepalive beyond the module range', (d: Doc) => (d.serverInfo.mqtt['keepalive'] = 3601), 'serverInfo.mqtt.keepalive', /./],
    ['a pitch beyond 90°', (d: Doc) => (d.rollInfo = { roll: 0, pitch: 91 }), 'rollInfo.pitch', /./],
  ])('rejects %s and names the field', (_name, mutate, path, message) => {
    const document = sampleDocument();
    mutate(document);
    const error = errorFor(document);
    expect(error).toBeInstanceOf(ServerInfoError);
    expect(error.kind).toBe('invalid-field');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    expect(error.issues[0]?.message).toMatch(message);
  });

  it('accepts a document that starts with a UTF-8 byte-order mark', () => {
    const result = parseServerInfo(`\uFEFF${JSON.stringify(sampleDocument())}`);
    expect(result.ok && result.serverInfo).toEqual(sampleDocument());
  });

  it('accepts a firmware size of exactly 32 MiB (the bound is inclusive)', () => {
    const document = sampleDocument();
    document.serverInfo.firmware.main['size'] = 32 * 1024 * 1024;
    expect(parseServerInfo(JSON.stringify(document)).ok).toBe(true);
  });

  it('rejects a body that is not JSON with kind not-json', () => {
    const result = parseServerInfo('<html>502 Bad Gateway</html>');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind).toBe('not-json');
  });

  it('rejects a JSON array at the document level', () => {
    expect(errorFor([1, 2]).path).toBe('(document)');
  });

  it('never quotes the password in its errors (K1)', () => {
    const document = sampleDocument();
    document.serverInfo.mqtt['password'] = `${PASSWORD}"`;
    document.serverInfo.mqtt['port'] = 'x';
    const error = errorFor(document);
    expect(error.issues.length).toBe(2);
    expect(error.message).toContain('(and 1 more)');
    expect(JSON.stringify(error.issues) + error.message).not.toContain(PASSWORD);
  });

  it('parseServerInfoOrThrow throws the ServerInfoError', () => {
    expect(() => parseServerInfoOrThrow('{}')).toThrow(ServerInfoError);
  });
});
