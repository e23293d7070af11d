/**
 * Step 1 (ssl-configure) over the scripted modem: which files are uploaded, which are kept, the
 * SSL context binding, and K1 (the key is never read back and never reaches the traffic log).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatQfuplChecksum, qfuplChecksum } from '../../../../../electron/engine/at/checksum.ts';
import { sslConfigureStep } from '../../../../../electron/engine/sequence/steps/ssl-configure.ts';
import { createFakeStepEnv, disposeFakeStepEnvs } from '../../../../helpers/fake-step-env.ts';
import type { ScriptStep } from '../../../../helpers/scripted-modem.ts';
import { createTestPki } from '../../../../helpers/sim/certs.ts';
import { framed } from '../../../../helpers/at-rig.ts';
import { IDENTITY } from './shared.ts';
import { english } from '../../../../helpers/step-result.ts';

const pki = createTestPki();
const CA = Buffer.from(pki.ca.cert);
const CERT = Buffer.from(pki.client.cert);
const KEY = Buffer.from(pki.client.key);
/** A stretch of the key's base64 body: must never reach the traffic log (K1). */
const KEY_MATERIAL = pki.client.key.split('\n')[2] ?? '';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fl-step-ssl-'));
  await writeFile(join(dir, 'ca.pem'), CA);
  await writeFile(join(dir, 'client.pem'), CERT);
  await writeFile(join(dir, 'client.key'), KEY);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(disposeFakeStepEnvs);

const env = () =>
  createFakeStepEnv('ssl-configure', {
    ctx: { identity: IDENTITY },
    profile: { tls: { caCert: join(dir, 'ca.pem'), clientCert: join(dir, 'client.pem'), clientKey: join(dir, 'client.key') } },
  });

const cks = (bytes: Uint8Array) => formatQfuplChecksum(qfuplChecksum(bytes));
const upload = (name: string, bytes: Buffer): ScriptStep[] => [
  { expect: `AT+QFUPL="${name}",${bytes.length},10`, reply: framed('CONNECT') },
  { expectBytes: bytes.length, reply: framed(`+QFUPL: ${bytes.length},${cks(bytes)}`, 'OK') },
];
const BIND = [
  'AT+QSSLCFG="sslversion",1,4',
  'AT+QSSLCFG="ciphersuite",1,0xFFFF',
  'AT+QSSLCFG="cacert",1,"UFS:ca.pem"',
  'AT+QSSLCFG="clientcert",1,"UFS:client.pem"',
  'AT+QSSLCFG="clientkey",1,"UFS:client.key"',
  'AT+QSSLCFG="seclevel",1,2',
  'AT+QSSLCFG="ignorelocaltime",1,1',
];

describe('ssl-configure step (fake StepEnv)', () => {
  it('keeps the CA the module holds (read back, same bytes), uploads the rest, re-sends the key without reading it back (K1), binds context 1', async () => {
    const e = await env();
    e.modem.script(
      { expect: 'AT+QFLST="UFS:ca.pem"', reply: framed(`+QFLST: "ca.pem",${CA.length}`, 'OK') },
      { expect: 'AT+QFDWL="UFS:ca.pem"', reply: [framed('CONNECT'), CA, framed(`+QFDWL: ${CA.length},${cks(CA)}`, 'OK')] },
      { expect: 'AT+QFLST="UFS:client.pem"', reply: framed('+CME ERROR: 405') },
      ...upload('UFS:client.pem', CERT),
      { expect: 'AT+QFLST="UFS:client.key"', reply: framed(`+QFLST: "client.key",${KEY.length}`, 'OK') },
      ...upload('UFS:client.key', KEY),
      ...BIND.map((expect): ScriptStep => ({ expect, reply: framed('OK') })),
    );
    const result = await sslConfigureStep.run(e);
    expect(e.modem.unexpected).toEqual([]);
    expect(e.modem.lines).not.toContain('AT+QFDWL="UFS:client.key"');
    expect(e.modem.lines.slice(-BIND.length)).toEqual(BIND);
    expect(e.modem.rawBlocks.map((block) => block.toString())).toEqual([CERT.toString(), KEY.toString()]);
    expect(e.ctx.ssl).toEqual({ ctx: 1, moduleFiles: { caCert: 'UFS:ca.pem', clientCert: 'UFS:client.pem', clientKey: 'UFS:client.key' }, uploaded: ['UFS:client.pem', 'UFS:client.key'] });
    expect(e.ctx.deviceFiles).toMatchObject({ caCert: join(dir, 'ca.pem'), clientKey: join(dir, 'client.key') });
    expect(english(result)).toEqual({ status: 'passed', summary: 'SSL context 1: 2 file(s) uploaded, 1 already present' });
    expect(KEY_MATERIAL.length).toBeGreaterThan(40);
    expect(JSON.stringify(e.traffic)).not.toContain(KEY_MATERIAL);
  });

  it('restore (S17) re-binds only the SSL context: no file traffic', async () => {
    const e = await env();
    e.ctx.ssl = { ctx: 1, moduleFiles: { caCert: 'UFS:ca.pem', clientCert: 'UFS:client.pem', clientKey: 'UFS:client.key' }, uploaded: [] };
    e.modem.script(...BIND.map((expect): ScriptStep => ({ expect, reply: framed('OK') })));
    await sslConfigureStep.restore?.(e);
    expect(e.modem.lines).toEqual(BIND);
  });
});
