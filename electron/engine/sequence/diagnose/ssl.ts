/**
 * `fieldlink diagnose`, certificates: the module's files (AT+QFLST) and what the SSL context
 * names (AT+QSSLCFG queries). A context that names a file the module does not hold is a finding.
 */
import { bareFileName, listFiles, type FileEntry } from '../../quectel/file.ts';
import { querySslOption, type SslItem } from '../../quectel/ssl.ts';
import { StepError } from '../step-error.ts';
import { passed, type SequenceStep } from '../step.ts';

const FILE_ITEMS = ['cacert', 'clientcert', 'clientkey'] as const satisfies readonly SslItem[];
const OPTION_ITEMS = ['seclevel', 'sslversion', 'ciphersuite', 'ignorelocaltime'] as const satisfies readonly SslItem[];

const describeFiles = (files: readonly FileEntry[]) => (files.length === 0 ? 'no files' : files.map((f) => `${f.name} (${f.size} B)`).join(', '));

export const diagnoseSsl: SequenceStep = {
  id: 'ssl-configure',
  needs: [],
  timeoutMs: 30_000,
  retries: 0,
  async run(env) {
    const ctx = env.profile.tls.sslContextId;
    const files = await listFiles(env.at);
    const present = new Set(files.map((file) => bareFileName(file.name)));
    const bound: string[] = [];
    const problems: string[] = [];
    for (const item of FILE_ITEMS) {
      const value = await querySslOption(env.at, ctx, item).catch(() => '');
      if (!value) problems.push(`${item} not set`);
      else if (!present.has(bareFileName(value))) problems.push(`${item} ${value} is not on the module`);
      bound.push(`${item} ${value || '—'}`);
    }
    for (const item of OPTION_ITEMS) bound.push(`${item} ${await querySslOption(env.at, ctx, item).catch(() => '—')}`);
    const summary = `files: ${describeFiles(files)}; context ${ctx}: ${bound.join(', ')}`;
    env.progress('progress.diagSsl', { files: describeFiles(files), ctx, bound: bound.join(', ') });
    if (problems.length > 0) throw new StepError('DIAG_SSL_INCOMPLETE', { ctx, detail: problems.join('; ') }, { command: 'AT+QSSLCFG' });
    return passed(summary);
  },
};
