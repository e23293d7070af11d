/**
 * `fieldlink demo`: the whole product with no hardware. Starts the demo cloud (temporary data
 * folder, or --data-dir) and a virtual TMS2 one firmware version behind it, runs the connect
 * sequence with FOTA (auto by default), ends connected (with --stay: in the live session until
 * Ctrl-C), and prints where the report is.
 */
import { Option } from 'commander';
import type { FotaPolicy } from '../../../shared/profile.ts';
import { BROKER_KINDS, type BrokerKind } from '../../cloud/broker.ts';
import type { DemoKit } from '../../demo/demo-kit.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { checkWritableFolder } from '../preflight.ts';
import { parseBaud } from './at.ts';
import { langOption, type Language } from '../lang-option.ts';
import { dbOption, operatorOption } from '../record-option.ts';
import { DEFAULT_OUT_DIR, FOTA_CHOICES, runSequence } from './run.ts';

export const DEMO_PORT = 'sim:';

interface DemoCommandOptions {
  fota: FotaPolicy;
  baud?: number;
  fast?: boolean;
  broker: BrokerKind;
  stay?: boolean;
  json?: boolean;
  out: string;
  dataDir?: string;
  lang: Language;
  db?: string;
  operator?: string;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('demo')
    .description('Run the whole connect sequence against a virtual TMS2 and the embedded demo cloud (no hardware needed).')
    .addOption(new Option('--fota <policy>', 'firmware update policy').choices(FOTA_CHOICES).default('auto'))
    .option('-b, --baud <n>', 'serial speed of the virtual device (default 115200)', parseBaud)
    .option('--fast', 'no serial pacing, short boot and update times')
    .addOption(new Option('--broker <kind>', 'MQTT broker of the demo cloud').choices(BROKER_KINDS).default('aedes'))
    .option('--stay', 'stay in the live MQTT session until Ctrl-C')
    .option('--json', 'print one JSON event per line')
    .option('--out <dir>', 'folder for run logs and reports', DEFAULT_OUT_DIR)
    .option('--data-dir <dir>', 'keep the demo cloud in this folder (default: a temporary folder)')
    .addOption(langOption())
    .addOption(dbOption())
    .addOption(operatorOption())
    .action(async (options: DemoCommandOptions) => {
      ctx.exitCode = await runDemo(options);
    });
};

async function startKit(options: DemoCommandOptions): Promise<DemoKit | ExitCode> {
  const { startDemoKit } = await import('../../demo/demo-kit.ts');
  try {
    return await startDemoKit({
      broker: options.broker,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      simulator: { ...(options.fast ? { fast: true } : {}), ...(options.baud ? { baud: options.baud } : {}) },
    });
  } catch (error) {
    process.stderr.write(`fieldlink demo: cannot start the demo cloud: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

async function runDemo(options: DemoCommandOptions): Promise<ExitCode> {
  const problem = await checkWritableFolder('--out', options.out);
  if (problem !== undefined) {
    process.stderr.write(`fieldlink demo: ${problem}\n`);
    return EXIT.usage;
  }
  await import('../../sim/register.ts');
  const kit = await startKit(options);
  if (typeof kit === 'number') return kit;
  try {
    const offered = kit.cloud.firmware().map((fw) => `${fw.target} ${fw.version}`).join(', ');
    const banner = [
      `demo cloud: server info ${kit.cloud.urls.https}, MQTT ${kit.cloud.urls.mqtt} (${kit.cloud.broker})`,
      `virtual TMS2 on ${DEMO_PORT}${options.fast ? ' (fast)' : ` at ${options.baud ?? 115200} baud`}; the server offers ${offered}`,
      options.stay ? 'the run ends in the live MQTT session: Ctrl-C disconnects cleanly' : 'add --stay to keep the live MQTT session open after INIT',
    ];
    return await runSequence({
      port: DEMO_PORT,
      profile: kit.profile,
      provision: (ids) => kit.provision(ids, DEMO_PORT),
      fota: options.fota,
      json: options.json,
      out: options.out,
      stay: options.stay,
      lang: options.lang,
      banner,
      record: { kind: 'demo', db: options.db, operator: options.operator },
    });
  } finally {
    await kit.stop();
  }
}
