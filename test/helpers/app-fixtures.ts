/** Temp data folders with a usable profile, for the back-end and web-mode tests. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeGoodCerts } from './test-certs.ts';

export const FLEET_PROFILE_NAME = 'fleet-a';

export function fleetProfileText(extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      name: 'Fleet A',
      serverInfoUrl: 'https://127.0.0.1:8443/v2/devices/{deviceId}/bootstrap',
      tls: { caCert: 'certs/ca.pem', clientCert: 'certs/client.pem', clientKey: 'certs/client.key' },
      ...extra,
    },
    null,
    2,
  );
}

/** `<dataDir>/profiles/fleet-a.json` with its three certificate files beside it. */
export async function makeDataDir(prefix = 'fieldlink-app-'): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  const profiles = path.join(dataDir, 'profiles');
  await mkdir(path.join(profiles, 'certs'), { recursive: true });
  await writeGoodCerts(path.join(profiles, 'certs'));
  await writeFile(path.join(profiles, `${FLEET_PROFILE_NAME}.json`), fleetProfileText());
  return dataDir;
}

export async function makeRendererDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fieldlink-renderer-'));
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Fieldlink</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(path.join(dir, 'assets', 'app.js'), 'export {};');
  return dir;
}
