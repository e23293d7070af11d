/**
 * Transport security is visible: plain http:// for server info or firmware only with the
 * profile's allowInsecureHttp, and then a warning event; the TLS set-up the module was given is
 * an event (fingerprints only) that the report shows. Against the demo cloud with its plain-HTTP
 * port switched on, and the virtual TMS2.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataServiceStep } from '../../../electron/engine/sequence/steps/data-service.ts';
import { identifyStep } from '../../../electron/engine/sequence/steps/identify.ts';
import { serverInfoStep } from '../../../electron/engine/sequence/steps/server-info.ts';
import { sslConfigureStep } from '../../../electron/engine/sequence/steps/ssl-configure.ts';
import { SequenceRunner } from '../../../electron/engine/sequence/runner.ts';
import { buildReport } from '../../../electron/engine/session/report.ts';
import { SimRig, eventsOf } from '../../helpers/sim-rig.ts';

const steps = [identifyStep, sslConfigureStep, dataServiceStep, serverInfoStep];
const rig = SimRig.perFile({ cloud: { plainHttpPort: 0 } });

function plainHttpTemplate(): string {
  const http = rig.kit.cloud.urls.http;
  if (!http) throw new Error('the demo cloud has no plain-HTTP port');
  return rig.kit.cloud.serverInfoUrlTemplate.replace(/^https:\/\/[^/]+/, http);
}

describe('transport security', () => {
  it('over https: no warning, and a tls-setup event with seclevel, time check, host-name check and fingerprints (no key)', async () => {
    const { result, events } = await rig.run({ steps });
    expect(result.outcome).toBe('passed');
    expect(eventsOf(events, 'warning')).toEqual([]);
    const [tls] = eventsOf(events, 'tls-setup');
    const ca = new X509Certificate(await readFile(rig.kit.cloud.caPath));
    expect(tls).toMatchObject({ seclevel: 2, timeCheck: 'off', hostnameCheck: 'not-configured', caFingerprints: [ca.fingerprint256] });
    expect(tls?.uncertain).toEqual(['docs/uncertain-behaviour.md#tls-server-name', 'docs/uncertain-behaviour.md#qsslcfg-ignorelocaltime']);
    const report = buildReport(events);
    expect(report.security.tls).toMatchObject({ seclevel: 2, caFingerprints: [ca.fingerprint256] });
    expect(report.security.warnings).toEqual([]);
  });

  it('with allowInsecureHttp, server info and firmware over plain http:// work and each warns (run output and report)', async () => {
    const profile = { serverInfoUrl: plainHttpTemplate(), allowInsecureHttp: true };
    const allowed = await rig.run({ steps, profile });
    expect(allowed.result.outcome).toBe('passed');
    const warnings = eventsOf(allowed.events, 'warning');
    expect(warnings.map((w) => w.code)).toEqual(['INSECURE_HTTP', 'INSECURE_HTTP', 'INSECURE_HTTP']);
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/serverInfoUrl is plain http:\/\/[\s\S]*firmware\.main\.url[\s\S]*firmware\.sub\.url/);
    expect(buildReport(allowed.events).security.warnings).toHaveLength(3);
  });

  it('firmware URLs on plain http:// without allowInsecureHttp fail server-info with INSECURE_URL (no download starts)', async () => {
    // The demo cloud builds firmware URLs from the origin the request came in on, so the document
    // fetched over http carries http:// firmware URLs; the profile object skips the schema here.
    const profile = { ...rig.profile({ serverInfoUrl: plainHttpTemplate(), allowInsecureHttp: true }), allowInsecureHttp: false };
    const runner = new SequenceRunner({ port: 'sim:', profile, steps, retryBackoffMs: 100, provision: (ids) => rig.kit.provision(ids, 'sim:'), outDir: await rig.tempDir('fl-insecure-') });
    const result = await runner.start();
    await runner.close();
    expect(result.failure).toMatchObject({ step: 'server-info', code: 'INSECURE_URL', category: 'server' });
    expect(result.failure?.meaning).toContain('firmware.main.url');
    expect(runner.context.serverInfo).toBeUndefined();
  });

  it('the warnings and the TLS facts reach report.json of the run folder', async () => {
    const { result } = await rig.run({ steps, profile: { serverInfoUrl: plainHttpTemplate(), allowInsecureHttp: true } });
    const report = JSON.parse(await readFile(join(result.files.reportJson), 'utf8')) as { security: { warnings: unknown[]; tls: unknown } };
    expect(report.security.warnings).toHaveLength(3);
    expect(report.security.tls).toMatchObject({ seclevel: 2 });
    expect(await readFile(result.files.reportHtml, 'utf8')).toMatch(/plain http:\/\//);
  });
});
