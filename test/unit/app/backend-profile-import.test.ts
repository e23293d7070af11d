/**
 * The back end takes no file paths from the page: startRun names a stored profile (or the demo),
 * a profile from elsewhere comes in only by an explicit import (uploaded text, or the desktop file
 * dialog) that runs the same checks as a run, and no answer quotes a file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../electron/app/backend.ts';
import type { Backend } from '../../../electron/app/backend.ts';
import { dispatch } from '../../../electron/app/dispatch.ts';
import { toIpcErrorPayload } from '../../../electron/app/errors.ts';
import { fleetProfileText, makeDataDir } from '../../helpers/app-fixtures.ts';
import { fakeEngineFactory } from '../../helpers/fake-run-engine.ts';
import { writeGoodCerts } from '../../helpers/test-certs.ts';

const TCP_PORT = 'tcp://127.0.0.1:9';

describe('backend: profiles by name, import only', () => {
  let dataDir: string;
  let elsewhere: string;
  let backend: Backend;
  let engines: ReturnType<typeof fakeEngineFactory>;
  let picked: string | undefined;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    elsewhere = await mkdtemp(path.join(tmpdir(), 'fieldlink-elsewhere-'));
    engines = fakeEngineFactory({});
    picked = undefined;
    backend = createBackend({ dataDir, listSerial: async () => [], runEngineFactory: engines, pickProfileFile: async () => picked });
  });
  afterEach(async () => {
    await backend.dispose();
    await rm(dataDir, { recursive: true, force: true });
    await rm(elsewhere, { recursive: true, force: true });
  });

  it.each(['/etc/passwd', '../../etc/shadow', 'profiles/fleet-a.json', '/proc/self/environ', 'x'.repeat(101)])(
    'startRun refuses a path as profile (%s) before reading anything',
    async (profile) => {
      const envelope = await dispatch(backend, 'startRun', { port: TCP_PORT, profile });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      const message = envelope.ok ? '' : envelope.error.message;
      expect(message).toMatch(/^startRun: profile: /);
      expect(message).not.toMatch(/root:|PATH=/);
      expect(engines.engines).toHaveLength(0);
    },
  );

  it('a stored profile naming /etc/passwd as its CA is refused at startRun: field and path named, no engine built', async () => {
    await writeFile(path.join(dataDir, 'profiles', 'sneaky.json'), fleetProfileText({ tls: { caCert: '/etc/passwd', clientCert: 'certs/client.pem', clientKey: 'certs/client.key' } }));
    const error = await backend.startRun({ port: TCP_PORT, profile: 'sneaky' }).catch((e: unknown) => e);
    expect(toIpcErrorPayload(error)).toEqual({ code: 'invalid-profile', message: 'tls.caCert: /etc/passwd is not a PEM certificate' });
    expect(engines.engines).toHaveLength(0);
  });

  it('validateProfile checks certificate contents like a run (no file content in the issue)', async () => {
    const result = await backend.validateProfile({ text: fleetProfileText({ tls: { caCert: '/etc/passwd', clientCert: 'certs/client.pem', clientKey: 'certs/client.key' } }) });
    expect(result).toEqual({ ok: false, issues: [{ path: 'tls.caCert', message: '/etc/passwd is not a PEM certificate' }] });
  });

  it('a not-JSON text is reported by position, never quoted', async () => {
    const result = await backend.validateProfile({ text: 'root:x:0:0:root:/root:/bin/bash' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('root');
  });

  it('importProfile stores uploaded text that passes every check, then it runs by name', async () => {
    const result = await backend.importProfile({ name: 'fleet-up', text: fleetProfileText({ name: 'Fleet Up' }) });
    expect(result).toEqual({ ok: true, issues: [], name: 'fleet-up', path: path.join(dataDir, 'profiles', 'fleet-up.json') });
    expect((await backend.listProfiles({})).map((p) => p.name)).toContain('fleet-up');
    await backend.startRun({ port: TCP_PORT, profile: 'fleet-up' });
    expect(engines.engines[0]?.options.profile.name).toBe('Fleet Up');
  });

  it('importProfile refuses a profile whose key does not match, and stores nothing', async () => {
    const text = fleetProfileText({ tls: { caCert: 'certs/ca.pem', clientCert: 'certs/client.pem', clientKey: 'certs/ca.pem' } });
    const result = await backend.importProfile({ name: 'bad', text });
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.path).toBe('tls.clientKey');
    await expect(readFile(path.join(dataDir, 'profiles', 'bad.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('importProfileFile: the path comes from the dialog; relative certificate paths keep pointing at the file\'s own folder', async () => {
    await writeGoodCerts(path.join(elsewhere, 'keys'));
    picked = path.join(elsewhere, 'Fleet C.json');
    await writeFile(picked, JSON.stringify({ serverInfoUrl: 'https://api.example.net/{imei}', tls: { caCert: 'keys/ca.pem', clientCert: 'keys/client.pem', clientKey: 'keys/client.key' } }));
    const result = await backend.importProfileFile({});
    expect(result).toMatchObject({ ok: true, name: 'Fleet C' });
    const stored = JSON.parse(await readFile(result.path ?? '', 'utf8')) as { tls: { caCert: string } };
    expect(stored.tls.caCert).toBe(path.join(elsewhere, 'keys', 'ca.pem'));
    await backend.startRun({ port: TCP_PORT, profile: 'Fleet C' });
    expect(engines.engines).toHaveLength(1);
  });

  it('importProfileFile: a FIFO or a cancelled dialog stores nothing', async () => {
    const { execFileSync } = await import('node:child_process');
    picked = path.join(elsewhere, 'fifo.json');
    execFileSync('mkfifo', [picked]);
    expect(await backend.importProfileFile({ name: 'fifo' })).toEqual({ ok: false, issues: [{ path: 'profile', message: `${picked} is not a regular file (a FIFO)` }] });
    picked = undefined;
    expect(await backend.importProfileFile({})).toEqual({ ok: false, issues: [], cancelled: true });
    expect((await backend.listProfiles({})).map((p) => p.name)).toEqual(['demo', 'fleet-a']);
  });

  it('importProfileFile is refused where there is no file dialog (web mode)', async () => {
    const web = createBackend({ dataDir: path.join(elsewhere, 'web'), listSerial: async () => [] });
    await mkdir(path.join(elsewhere, 'web'), { recursive: true });
    await expect(web.importProfileFile({})).rejects.toMatchObject({ code: 'unsupported' });
    await web.dispose();
  });
});
