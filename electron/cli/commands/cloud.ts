/**
 * `fieldlink cloud`: runs the embedded demo cloud (server-info HTTPS, firmware files, TLS MQTT
 * broker), prints where everything is, then the live DDTM traffic until Ctrl-C.
 */
import { InvalidArgumentError, Option } from 'commander';
import { BROKER_KINDS, type BrokerKind } from '../../cloud/broker.ts';
import type { DemoCloud, DemoCloudOptions } from '../../cloud/cloud.ts';
import { normaliseFirmware, VersionError } from '../../../shared/version.ts';
import { EXIT } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { parseListenPort } from '../port-option.ts';
import { checkWritableFolder } from '../preflight.ts';
import { waitForStopSignal } from '../stop-signal.ts';

/** Fixed defaults so the URLs stay the same between runs; 0 picks free ports. */
export const CLOUD_CLI_DEFAULTS = { httpPort: 8443, mqttPort: 8883 } as const;

interface CloudCommandOptions {
  dataDir?: string;
  ephemeral?: boolean;
  broker: BrokerKind;
  httpPort: number;
  plainHttpPort?: number;
  mqttPort: number;
  publishFirmware: Array<{ target: 'main' | 'sub'; version: string }>;
}

function collectFirmware(text: string, previous: CloudCommandOptions['publishFirmware']): CloudCommandOptions['publishFirmware'] {
  const match = /^(main|sub)=([A-Za-z0-9._-]{1,32})$/.exec(text);
  if (!match) throw new InvalidArgumentError('expected main=<version> or sub=<version>, e.g. main=1.5.0');
  // The engine compares versions as the device does (shared/version.ts): refuse what it could not read.
  try {
    normaliseFirmware(match[2] ?? '', 'server');
  } catch (error) {
    throw new InvalidArgumentError(error instanceof VersionError ? error.message : String(error));
  }
  return [...previous, { target: match[1] as 'main' | 'sub', version: match[2] ?? '' }];
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('cloud')
    .description('Run the embedded demo cloud: server-info over HTTPS, firmware files, TLS MQTT broker with live DDTM traffic.')
    .option('--data-dir <dir>', 'CA, certificates and device passwords (default ~/.fieldlink/demo-cloud)')
    .option('--ephemeral', 'use a temporary data directory, deleted on exit')
    .addOption(new Option('--broker <kind>', 'MQTT broker').choices(BROKER_KINDS).default('aedes'))
    .option('--http-port <n>', 'HTTPS port (0 = any free port)', parseListenPort, CLOUD_CLI_DEFAULTS.httpPort)
    .option('--plain-http-port <n>', 'also serve plain HTTP on this port', parseListenPort)
    .option('--mqtt-port <n>', 'MQTT over TLS port (0 = any free port)', parseListenPort, CLOUD_CLI_DEFAULTS.mqttPort)
    .option('--publish-firmware <target=version>', 'serve this firmware version (repeatable), e.g. main=1.5.0', collectFirmware, [])
    .action(async (options: CloudCommandOptions) => {
      ctx.exitCode = await runCloud(options);
    });
};

async function runCloud(options: CloudCommandOptions): Promise<number> {
  if (options.dataDir !== undefined) {
    const problem = await checkWritableFolder('--data-dir', options.dataDir);
    if (problem !== undefined) {
      process.stderr.write(`fieldlink cloud: ${problem}\n`);
      return EXIT.usage;
    }
  }
  const { startDemoCloud } = await import('../../cloud/cloud.ts');
  const { formatTrafficLine } = await import('../../cloud/live-view-format.ts');
  const firmware: DemoCloudOptions['firmware'] = {};
  for (const { target, version } of options.publishFirmware) firmware[target] = version;
  let cloud: DemoCloud;
  try {
    cloud = await startDemoCloud({
      dataDir: options.dataDir,
      ephemeral: options.ephemeral,
      broker: options.broker,
      httpPort: options.httpPort,
      plainHttpPort: options.plainHttpPort,
      mqttPort: options.mqttPort,
      firmware,
    });
  } catch (error) {
    process.stderr.write(`fieldlink cloud: ${describeStartError(error)}\n`);
    return EXIT.failed;
  }
  printBanner(cloud);
  const unsubscribe = cloud.onTraffic((event) => process.stdout.write(`${formatTrafficLine(event)}\n`));
  const signal = await waitForStopSignal();
  unsubscribe();
  await cloud.stop();
  process.stdout.write(`Demo cloud stopped (${signal}).\n`);
  return EXIT.ok;
}

function printBanner(cloud: DemoCloud): void {
  const firmware = cloud.firmware().map((f) => `${f.target} ${f.version} (${f.size} bytes)`).join(', ');
  const lines = [
    `Fieldlink demo cloud (broker: ${cloud.broker})`,
    `  server info   ${cloud.serverInfoUrlTemplate}`,
    `  firmware      ${firmware}`,
    ...(cloud.urls.http ? [`  plain HTTP    ${cloud.urls.http}`] : []),
    `  MQTT (TLS)    ${cloud.urls.mqtt}`,
    `  CA            ${cloud.caPath}`,
    `  data dir      ${cloud.dataDir}`,
    `  admin token   ${cloud.adminToken}   (Authorization: Bearer <token> on ${cloud.urls.https}/admin/...)`,
    '',
    'Live DDTM traffic (Ctrl-C to stop):',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function describeStartError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `a port is already in use (${(error as Error).message}); choose others with --http-port / --mqtt-port, or 0`;
  return error instanceof Error ? error.message : String(error);
}
