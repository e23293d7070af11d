/**
 * `fieldlink sim`: runs virtual TMS2 devices until Ctrl-C, each on a raw TCP port
 * (`--listen tcp:127.0.0.1:5555`) and/or a PTY (`--pty /tmp/ttyTMS2`) that any serial tool can open.
 * `--count N` runs N devices with consecutive IMEIs, ports and PTY paths (`<PATH>0`, `<PATH>1`…).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { EXIT } from '../exit-codes.ts';
import type { CliContext, RegisterCommand } from '../main.ts';

const optionsSchema = z.strictObject({
  listen: z
    .string()
    .regex(/^tcp:[^:]+:\d{1,5}$/, { error: 'must look like tcp:127.0.0.1:5555' })
    .optional(),
  pty: z.string().min(1).optional(),
  imei: z.string().regex(/^\d{15}$/, { error: 'must be 15 digits' }).optional(),
  faults: z.string().optional(),
  fast: z.boolean().optional(),
  baud: z.coerce.number().int().min(300).max(4_000_000).optional(),
  stateDir: z.string().min(1).optional(),
  count: z.coerce.number().int().min(1).max(256).default(1),
  flavour: z.enum(['korean', 'global']).optional(),
  listFaults: z.boolean().optional(),
});

type SimCliOptions = z.infer<typeof optionsSchema>;

async function listFaults(): Promise<void> {
  const { FAULTS } = await import('../../sim/faults/table.ts');
  const width = Math.max(...FAULTS.map((fault) => fault.name.length));
  for (const fault of FAULTS) process.stdout.write(`${fault.name.padEnd(width)}  ${fault.description}\n`);
}

type Closer = () => Promise<void>;

/** Starts device number `i` and its TCP/PTY exposure (closers collected); `ready` settles after boot. */
async function startOne(options: SimCliOptions, i: number, closers: Closer[]): Promise<{ ready: Promise<void> }> {
  const { createVirtualDevice } = await import('../../sim/device.ts');
  const { exposeOnTcp } = await import('../../sim/serve/tcp.ts');
  const { exposeOnPty } = await import('../../sim/serve/pty.ts');
  const { splitScenario } = await import('../../sim/faults/table.ts');
  const { DEFAULT_IMEI } = await import('../../sim/options.ts');
  const { nthImei } = await import('../../sim/imei.ts');
  const imei = nthImei(options.imei ?? DEFAULT_IMEI, i);
  const device = await createVirtualDevice({
    imei,
    faults: splitScenario(options.faults),
    ...(options.fast !== undefined ? { fast: options.fast } : {}),
    ...(options.baud !== undefined ? { baud: options.baud } : {}),
    ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
    ...(options.flavour !== undefined ? { flavour: options.flavour } : {}),
  });
  closers.push(() => device.close());
  if (options.listen || !options.pty) {
    const [, host = '127.0.0.1', portText = '0'] = (options.listen ?? 'tcp:127.0.0.1:0').split(':');
    const tcp = await exposeOnTcp(device, host, Number(portText) === 0 ? 0 : Number(portText) + i);
    closers.push(tcp.close);
    process.stdout.write(`${imei} tcp://${tcp.host}:${tcp.port}\n`);
  }
  if (options.pty) {
    const pty = await exposeOnPty(device, options.count === 1 ? options.pty : `${options.pty}${i}`, { attachAfter: device.whenReady() });
    closers.push(pty.close);
    process.stdout.write(`${imei} ${pty.path}\n`);
  }
  return { ready: device.whenReady() };
}

async function runDevices(options: SimCliOptions): Promise<void> {
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const closers: Closer[] = [];
  try {
    const booted: Array<Promise<void>> = [];
    for (let i = 0; i < options.count; i++) booted.push((await startOne(options, i, closers)).ready);
    await Promise.all(booted);
    process.stdout.write(`ready: ${options.count} virtual device(s) booted; Ctrl-C stops\n`);
    await stopped;
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

async function action(raw: Record<string, unknown>, ctx: CliContext): Promise<void> {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(`fieldlink sim: --${issue?.path.join('.') ?? 'option'} ${issue?.message ?? 'is invalid'}\n`);
    ctx.exitCode = EXIT.usage;
    return;
  }
  if (parsed.data.listFaults) return listFaults();
  try {
    await runDevices(parsed.data);
  } catch (error) {
    process.stderr.write(`fieldlink sim: ${error instanceof Error ? error.message : String(error)}\n`);
    ctx.exitCode = (error as { kind?: string }).kind === 'unknown-fault' || (error as { kind?: string }).kind === 'bad-options' ? EXIT.usage : EXIT.failed;
  }
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('sim')
    .description('Run virtual TMS2 devices (Quectel module emulation) on TCP ports or PTYs for any serial tool.')
    .option('--listen <tcp:host:port>', 'raw TCP listener (port 0 = any free port)')
    .option('--pty <path>', 'create a PTY at this path (socat) for serial tools')
    .option('--imei <imei>', 'IMEI of the first device (15 digits)')
    .option('--faults <list>', 'fault scenarios, comma separated (see --list-faults)')
    .option('--fast', 'no serial pacing, short boot and FOTA')
    .option('--baud <rate>', 'serial pacing rate (default 115200)')
    .option('--state-dir <dir>', 'keep UFS files and state.json here (default: a temp dir per run)')
    .option('--count <n>', 'number of devices (consecutive IMEIs, ports, PTY paths)')
    .option('--flavour <korean|global>', 'module firmware flavour (global answers ERROR to AT+QCDS)')
    .option('--list-faults', 'print the fault scenarios and exit')
    .action((options: Record<string, unknown>) => action(options, ctx));
};
