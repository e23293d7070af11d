import { describe, expect, it } from 'vitest';
import { buildAcl, buildMosquittoConf, buildPlainPasswordFile, mosquittoFiles } from '../../../electron/cloud/mosquitto-config.ts';

const tlsFiles = { caPath: '/d/ca.pem', certPath: '/d/server.pem', keyPath: '/d/server.key' };

describe('mosquitto configuration', () => {
  it('listens on 127.0.0.1 only, with TLS, a required client certificate and no anonymous access', () => {
    const conf = buildMosquittoConf({ port: 18883, files: mosquittoFiles('/d/mosquitto'), tlsFiles, runningAsRoot: false }).split('\n');
    expect(conf).toEqual(expect.arrayContaining([
      'listener 18883 127.0.0.1',
      'cafile /d/ca.pem',
      'certfile /d/server.pem',
      'keyfile /d/server.key',
      'require_certificate true',
      'allow_anonymous false',
      'password_file /d/mosquitto/passwd',
      'acl_file /d/mosquitto/acl',
    ]));
    expect(conf).not.toContain('user root');
  });

  it('stays root when started as root, so it can read the 0600 key files', () => {
    expect(buildMosquittoConf({ port: 1, files: mosquittoFiles('/d'), tlsFiles, runningAsRoot: true })).toContain('\nuser root\n');
  });

  it('refuses paths that mosquitto.conf cannot express', () => {
    expect(() => buildMosquittoConf({ port: 1, files: mosquittoFiles('/tmp/my dir'), tlsFiles, runningAsRoot: false })).toThrow(/whitespace/);
  });

  it('gives devices exactly their own topics (%u = deviceId) and the admin the whole root', () => {
    expect(buildAcl('DDTM', 'fieldlink-cloud').split('\n').filter((line) => line && !line.startsWith('#'))).toEqual([
      'pattern write DDTM/UP/%u',
      'pattern write DDTM/LWT/%u',
      'pattern read DDTM/RPC/%u',
      'user fieldlink-cloud',
      'topic readwrite DDTM/#',
    ]);
  });

  it('writes user:password lines for mosquitto_passwd -U and refuses separators in names', () => {
    expect(buildPlainPasswordFile([{ username: 'TMS2_1', password: 'abc' }])).toBe('TMS2_1:abc\n');
    expect(() => buildPlainPasswordFile([{ username: 'a:b', password: 'secret-value' }])).toThrow(/a:b/);
    expect(() => buildPlainPasswordFile([{ username: 'a:b', password: 'secret-value' }])).not.toThrow(/secret-value/);
  });
});
