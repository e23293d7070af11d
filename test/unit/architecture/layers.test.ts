/**
 * The layers are enforced by the lint (part of `npm test`): the project's own ESLint config is
 * run on a violating file of each layer and must refuse it; allowed imports pass.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'fieldlink/layer-boundaries').map((m) => m.message);
}

describe('import boundaries (eslint)', () => {
  it.each([
    ['electron/engine/sequence/probe.ts', "import { configureSimDevices } from '../../sim/register.ts';\nexport const x = configureSimDevices;\n", 'electron/sim/register.ts'],
    ['electron/engine/sequence/probe.ts', "export const load = () => import('../../cloud/cloud.ts');\n", 'electron/cloud/cloud.ts'],
    ['electron/engine/at/probe.ts', "export { createBackend } from '../../app/backend.ts';\n", 'electron/app/backend.ts'],
    ['electron/engine/session/probe.ts', "import '../../demo/demo-kit.ts';\n", 'electron/demo/demo-kit.ts'],
    ['electron/cloud/probe.ts', "import { AtClient } from '../engine/at/client.ts';\nexport const c = AtClient;\n", 'electron/engine/at/client.ts'],
    ['renderer/store/probe.ts', "import type { Backend } from '../../electron/app/backend.ts';\nexport type B = Backend;\n", 'electron/app/backend.ts'],
  ])('%s importing %j is an error', async (file, code, target) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`may not import ${target}`);
  }, 60_000);

  it('allowed imports pass: the renderer uses shared/, the engine uses shared/ and itself, the demo uses the engine', async () => {
    expect(await layerErrors('renderer/store/probe.ts', "import { parseRunnerEvent } from '../../shared/events.ts';\nexport const p = parseRunnerEvent;\n")).toEqual([]);
    expect(await layerErrors('electron/engine/sequence/probe.ts', "import { AtClient } from '../at/client.ts';\nimport { STEP_IDS } from '../../../shared/steps.ts';\nexport const x = [AtClient, STEP_IDS];\n")).toEqual([]);
    expect(await layerErrors('electron/demo/probe.ts', "import { demoProfile } from '../engine/sequence/profile-loader.ts';\nexport const d = demoProfile;\n")).toEqual([]);
  }, 60_000);
});
