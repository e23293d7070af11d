/**
 * Step 1 — SSL configure: the CA certificate, client certificate and client key go into the
 * module's file system with AT+QFUPL (size and checksum verified, S16), skipped when the module
 * already holds exactly those bytes; then they are bound to the SSL context with AT+QSSLCFG.
 * The three files are checked first (cert-files.ts: PEM certificates, a CA, a key that matches,
 * dates) and exactly the checked bytes are uploaded; nothing goes out when a check fails.
 * The key's bytes are registered as a secret before anything is sent (K1), and are never read back.
 * The TLS settings and the certificates' fingerprints go into a `tls-setup` event for the report.
 */
import { ensureFile } from '../../quectel/file.ts';
import { configureSslContext, type SslContextConfig } from '../../quectel/ssl.ts';
import { need } from '../context.ts';
import type { SslSetup } from '../context.ts';
import { checkDeviceFiles } from '../profile-loader.ts';
import { bytesPerSecond } from '../measurements.ts';
import { passed, type SequenceStep, type StepEnv } from '../step.ts';
import { formatMessage, ref } from '../../../../shared/messages/index.ts';

/** The rows of the uncertain-behaviour table the reported TLS facts depend on. */
export const TLS_UNCERTAIN_ROWS = ['docs/uncertain-behaviour.md#tls-server-name', 'docs/uncertain-behaviour.md#qsslcfg-ignorelocaltime'] as const;

/** The TLS options the sequence binds (spec step 1). */
export const SSL_OPTIONS = { seclevel: 2, sslversion: 4, ciphersuite: 0xffff, ignorelocaltime: 1 } as const satisfies SslContextConfig;

const FILES = [
  { key: 'caCert', label: 'file.caCert', secret: false },
  { key: 'clientCert', label: 'file.clientCert', secret: false },
  { key: 'clientKey', label: 'file.clientKey', secret: true },
] as const;

function contextConfig(ssl: SslSetup): SslContextConfig {
  const { caCert, clientCert, clientKey } = ssl.moduleFiles;
  return { cacert: caCert, clientcert: clientCert, clientkey: clientKey, ...SSL_OPTIONS };
}

async function bindContext(env: StepEnv, ssl: SslSetup): Promise<void> {
  await configureSslContext(env.at, ssl.ctx, contextConfig(ssl));
}

export const sslConfigureStep: SequenceStep = {
  id: 'ssl-configure',
  needs: ['identity'],
  timeoutMs: 180_000,
  retries: 1,
  async run(env) {
    const { imei, deviceId } = need(env.ctx, 'identity');
    await env.provision?.({ imei, deviceId });
    const checked = await checkDeviceFiles(env.profile, { imei, deviceId });
    env.redactor.add(checked.bytes.clientKey); // before a single byte goes out (K1)
    env.ctx.deviceFiles = checked.files;
    for (const warning of checked.warnings) {
      const words = ref('warning.certificate', { path: warning.path, detail: warning.message });
      env.emit({ type: 'warning', code: 'CERTIFICATE', during: 'ssl-configure', message: formatMessage('en', words.key, words.values), words });
    }
    const tls = env.profile.tls;
    const ssl: SslSetup = { ctx: tls.sslContextId, moduleFiles: { ...tls.moduleFiles }, uploaded: [] };
    const upload = { bytes: 0, ms: 0 };
    for (const [index, file] of FILES.entries()) {
      const bytes = checked.bytes[file.key];
      const moduleName = tls.moduleFiles[file.key];
      env.progress('progress.sslFileSending', { file: ref(file.label), moduleName }, { percent: Math.round((index / FILES.length) * 90) });
      const started = performance.now();
      const result = await ensureFile(env.at, moduleName, bytes, { secret: file.secret });
      if (result.uploaded) {
        upload.bytes += bytes.length;
        upload.ms += performance.now() - started;
      }
      if (result.uploaded) ssl.uploaded.push(moduleName);
      if (result.uploaded) env.progress('progress.sslFileUploaded', { file: ref(file.label), bytes: bytes.length });
      else env.progress('progress.sslFileOnModule', { file: ref(file.label) });
    }
    // Only files that went over the line count; "already on the module" is no transfer.
    if (upload.bytes > 0) env.measure('cert-upload-rate', bytesPerSecond(upload.bytes, upload.ms));
    env.progress('progress.sslBinding', { ctx: ssl.ctx }, { percent: 95 });
    await bindContext(env, ssl);
    env.ctx.ssl = ssl;
    env.emit({
      type: 'tls-setup',
      sslContextId: ssl.ctx,
      seclevel: SSL_OPTIONS.seclevel,
      sslversion: SSL_OPTIONS.sslversion,
      ciphersuite: `0x${SSL_OPTIONS.ciphersuite.toString(16).toUpperCase()}`,
      timeCheck: SSL_OPTIONS.ignorelocaltime === 1 ? 'off' : 'on',
      hostnameCheck: 'not-configured',
      caFingerprints: checked.fingerprints.caCert,
      clientCertFingerprint: checked.fingerprints.clientCert[0] ?? '',
      uncertain: [...TLS_UNCERTAIN_ROWS],
    });
    const kept = FILES.length - ssl.uploaded.length;
    return passed('summary.sslConfigured', { ctx: ssl.ctx, uploaded: ssl.uploaded.length, kept });
  },
  async restore(env) {
    const ssl = env.ctx.ssl;
    if (ssl) await bindContext(env, ssl);
  },
};
