/**
 * MODULE_CHOICES: the few module-behaviour choices code reads (docs/uncertain-behaviour.md). The
 * engine and the virtual device must follow the same choice, and each choice must name a row of
 * the doc.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AtClient } from '../../../../electron/engine/at/index.ts';
import { MODULE_CHOICES, MODULE_CHOICE_DOCS, type ModuleChoices } from '../../../../electron/engine/quectel/module-choices.ts';
import { checkDataService, configurePdpContext } from '../../../../electron/engine/quectel/network.ts';
import { createVirtualDevice, type VirtualDevice } from '../../../../electron/sim/device.ts';

const DOC = 'docs/uncertain-behaviour.md';
const rowIds = async () => new Set([...(await readFile(DOC, 'utf8')).matchAll(/^### ([a-z0-9-]+)$/gm)].map((m) => m[1]));

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineOverVirtualDevice(): Promise<{ at: AtClient; device: VirtualDevice }> {
  const stateDir = await mkdtemp(join(tmpdir(), 'fieldlink-choices-'));
  const device = await createVirtualDevice({ fast: true, stateDir });
  await device.host.open();
  const at = AtClient.attach(device.host);
  cleanups.push(async () => {
    at.dispose();
    await device.close();
    await rm(stateDir, { recursive: true, force: true });
  });
  await at.sync({ intervalMs: 500, attempts: 20 });
  await at.run('ATE0');
  return { at, device };
}

describe('module choices (docs/uncertain-behaviour.md)', () => {
  it('every choice names an existing row of the uncertain-behaviour doc', async () => {
    const ids = await rowIds();
    const keys = Object.keys(MODULE_CHOICES) as Array<keyof ModuleChoices>;
    expect(keys.sort()).toEqual(Object.keys(MODULE_CHOICE_DOCS).sort());
    for (const key of keys) {
      const [file, anchor] = MODULE_CHOICE_DOCS[key].split('#');
      expect(file, key).toBe(DOC);
      expect(ids.has(anchor ?? ''), `${key} → #${anchor}`).toBe(true);
    }
  });

  it('the doc keeps a row for each open question the code decides', async () => {
    const ids = await rowIds();
    for (const id of [
      'qicsgp-form',
      'qicsgp-ipv4v6',
      'qsslcfg-defaults',
      'qmtcfg-defaults',
      'qmtrecv-formats',
      'qmtpub-form',
      'qhttpreadfile-existing-file',
      'qfupl-input-timeout',
      'qhttpurl-input-timeout',
      'qcds-global-firmware',
      'qcds-status-tokens',
      'urcs-in-data-mode',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it(`the engine's AT+QICSGP form (${MODULE_CHOICES.qicsgpForm}) is accepted by the virtual device, and a read-back shows what was written`, async () => {
    const { at } = await engineOverVirtualDevice();
    await expect(configurePdpContext(at, { cid: 2, contextType: 3, apn: 'lte.apn' })).resolves.toMatchObject({ apn: 'lte.apn', contextType: 3 });
    expect((await at.run('AT+QICSGP=2')).lines).toEqual(['+QICSGP: 3,"lte.apn","","",0']);
  });

  it(`the virtual device prints the in-service token the engine matches (${MODULE_CHOICES.qcdsInServiceToken})`, async () => {
    const { at } = await engineOverVirtualDevice();
    // The virtual device attaches (context 1 up) at boot, before it answers AT: no waiting needed.
    const check = await checkDataService(at, 1);
    expect(check).toMatchObject({ method: 'qcds', inService: true });
    expect(check.method === 'qcds' && check.details.status).toBe(MODULE_CHOICES.qcdsInServiceToken);
  });
});
