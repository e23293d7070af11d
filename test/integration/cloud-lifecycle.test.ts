/**
 * A process that exits without calling stop() leaves neither its ephemeral data dir (keys, K5)
 * nor its Mosquitto process behind.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/mosquitto.ts';
import { processesMentioning } from './cloud-test-kit.ts';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const CLOUD_MODULE = pathToFileURL(join(ROOT, 'electron', 'cloud', 'cloud.ts')).href;

function runScript(code: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (exitCode) => resolve({ code: exitCode, output })));
}

describe('demo cloud process exit without stop()', () => {
  it.each(['aedes', 'mosquitto'])('removes the ephemeral data dir and stops the broker (%s, K5)', async (broker) => {
    const { code, output } = await runScript(`
      const { startDemoCloud } = await import(${JSON.stringify(CLOUD_MODULE)});
      const cloud = await startDemoCloud({ ephemeral: true, broker: ${JSON.stringify(broker)} });
      await cloud.deviceCredentials('TMS2_867969066452788');
      console.log('DATA_DIR=' + cloud.dataDir);
      process.exit(0);
    `);
    expect(code, output).toBe(0);
    const dataDir = /DATA_DIR=(\S+)/.exec(output)?.[1] ?? '';
    expect(dataDir).toMatch(/fieldlink-cloud-/);
    expect(existsSync(dataDir)).toBe(false);
    await waitUntil(() => processesMentioning(dataDir).length === 0, 10_000, () => `still running: ${processesMentioning(dataDir).join(', ')}`);
  });
});
