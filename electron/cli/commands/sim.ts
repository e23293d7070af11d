/**
 * `fieldlink sim`: runs virtual TMS2 devices until Ctrl-C, each on a raw TCP port
 * (`--listen tcp:127.0.0.1:5555`) or a PTY (`--pty /tmp/ttyTMS2`) that any serial tool can open.
 * `--count N` runs N devices with consecutive IMEIs, ports and PTY paths (`<PATH>0`, `<PATH>1`…);
 * `--imeis a,b,c` chooses them (repeats make clones). On PTYs the devices form a virtual line
 * (docs/virtual-line.md): `--device-faults`, `--labels`, a `--plug-plan` and control lines on stdin
 * (`unplug 3`, `plug 3`, `swap 3 <imei>`, `list`) plug and unplug units like USB cables.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
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
  imeis: z.string().min(1).optional(),
  faults: z.string().optional(),
  deviceFaults: z.string().min(1).optional(),
  labels: z.string().min(1).optional(),
  plugPlan: z.string().min(1).optional(),
  plugPlanFile: z.string().min(1).optional(),
  describe: z.boolean().optional(),
  fast: z.boolean().optional(),
  baud: z.coerce.number().int().min(300).max(4_000_000).optional(),
  stateDir: z.string().min(1).optional(),
  count: z.coerce.number().int().min(1).max(256).optional(),
  flavour: z.enum(['korean', 'global']).optional(),
  listFaults: z.boolean().optional(),
});

type SimCliOptions = z.infer<typeof optionsSchema>;

/** Options that only a virtual line (PTYs) understands. */
const LINE_ONLY = [
  ['labels', '--labels'],
  ['plugPlan', '--plug-plan'],
  ['plugPlanFile', '--plug-plan-file'],
  ['describe', '--describe'],
] as const;

class UsageError extends Error {}

async function listFaults(): Promise<void> {
  const { FAULTS } = await import('../../sim/faults/table.ts');
  const width = Math.max(...FAULTS.map((fault) => fault.name.length));
  for (const fault of FAULTS) process.stdout.write(`${fault.name.padEnd(width)}  ${fault.description}\n`);
}

/** The IMEI of every device: `--imeis` as given, else consecutive from `--imei`. */
async function imeisOf(options: SimCliOptions): Promise<string[]> {
  const { parseImeiList } = await import('../../sim/fixture/specs.ts');
  const { DEFAULT_IMEI } = await import('../../sim/options.ts');
  const { nthImei } = await import('../../sim/imei.ts');
  if (options.imeis !== undefined) {
    if (options.imei !== undefined) throw new UsageError('--imeis cannot be combined with --imei (give every IMEI in --imeis)');
    const imeis = parseImeiList(options.imeis);
    if (options.count !== undefined && options.count !== imeis.length) {
      throw new UsageError(`--imeis names ${imeis.length} IMEI(s) but --count is ${options.count}`);
    }
    return imeis;
  }
  return Array.from({ length: options.count ?? 1 }, (_, i) => nthImei(options.imei ?? DEFAULT_IMEI, i));
}

function deviceOptions(options: SimCliOptions) {
  return {
    ...(options.fast !== undefined ? { fast: options.fast } : {}),
    ...(options.baud !== undefined ? { baud: options.baud } : {}),
    ...(options.flavour !== undefined ? { flavour: options.flavour } : {}),
  };
}

function waitForStop(): { stopped: Promise<void>; stop: () => void } {
  let stop = () => undefined as void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  return { stopped, stop };
}

type Closer = () => Promise<void>;

/** Devices on TCP ports (no line: no plugging, no plan). */
async function runOnTcp(options: SimCliOptions, imeis: string[]): Promise<void> {
  const { createVirtualDevice } = await import('../../sim/device.ts');
  const { exposeOnTcp } = await import('../../sim/serve/tcp.ts');
  const { splitScenario } = await import('../../sim/faults/table.ts');
  const { parseDeviceFaults } = await import('../../sim/fixture/specs.ts');
  const extra = new Map<number, string[]>();
  for (const entry of parseDeviceFaults(options.deviceFaults ?? '')) {
    const index = /^\d+$/.test(entry.slot) ? Number(entry.slot) : -1;
    if (index < 0 || index >= imeis.length) throw new UsageError(`--device-faults names device "${entry.slot}"; on TCP devices are numbered 0-${imeis.length - 1}`);
    extra.set(index, [...(extra.get(index) ?? []), ...entry.faults]);
  }
  const { stopped } = waitForStop();
  const closers: Closer[] = [];
  try {
    const booted: Array<Promise<void>> = [];
    for (const [i, imei] of imeis.entries()) {
      const device = await createVirtualDevice({
        imei,
        faults: [...splitScenario(options.faults), ...(extra.get(i) ?? [])],
        ...deviceOptions(options),
        ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
      });
      closers.push(() => device.close());
      const [, host = '127.0.0.1', portText = '0'] = (options.listen ?? 'tcp:127.0.0.1:0').split(':');
      const tcp = await exposeOnTcp(device, host, Number(portText) === 0 ? 0 : Number(portText) + i);
      closers.push(tcp.close);
      process.stdout.write(`${imei} tcp://${tcp.host}:${tcp.port}\n`);
      booted.push(device.whenReady());
    }
    await Promise.all(booted);
    process.stdout.write(`ready: ${imeis.length} virtual device(s) booted; Ctrl-C stops\n`);
    await stopped;
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

/** Devices on PTYs as a virtual line: plug plan, control lines on stdin, line events on stdout. */
async function runLine(options: SimCliOptions, prefix: string, imeis: string[]): Promise<void> {
  const { VirtualLine } = await import('../../sim/fixture/virtual-line.ts');
  const { parseLabels } = await import('../../sim/fixture/specs.ts');
  const { parsePlugPlan, parsePlugPlanFile, runPlugPlan } = await import('../../sim/fixture/plug-plan.ts');
  const { runControlLine } = await import('../../sim/fixture/control.ts');
  const { splitScenario } = await import('../../sim/faults/table.ts');
  const labels = options.labels !== undefined ? parseLabels(options.labels) : undefined;
  if (labels && labels.length !== imeis.length) throw new UsageError(`--labels names ${labels.length} slot(s), the line has ${imeis.length}`);
  const steps = [
    ...(options.plugPlan !== undefined ? parsePlugPlan(options.plugPlan) : []),
    ...(options.plugPlanFile !== undefined ? parsePlugPlanFile(await readPlanFile(options.plugPlanFile), options.plugPlanFile) : []),
  ];
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const complain = (text: string) => process.stderr.write(`fieldlink sim: ${text}\n`);
  const paths = imeis.map((_, i) => (imeis.length === 1 ? prefix : `${prefix}${i}`));
  const { stopped, stop } = waitForStop();
  const line = await VirtualLine.start({
    paths,
    units: imeis.map((imei) => ({ imei })),
    faults: splitScenario(options.faults),
    ...(options.deviceFaults !== undefined ? { deviceFaults: options.deviceFaults } : {}),
    ...(labels ? { labels } : {}),
    ...(options.stateDir !== undefined ? { stateDir: options.stateDir } : {}),
    device: deviceOptions(options),
  });
  const control = createInterface({ input: process.stdin, terminal: false });
  try {
    // Checks the plan's slots before anything runs.
    for (const step of steps) line.slotIndex(step.slot);
    line.onEvent((event) => {
      if (event.type === 'unplugged') say(`unplugged ${event.label} ${event.path} ${event.cause}`);
      else if (event.type === 'plugged') say(`plugged ${event.label} ${event.path} ${event.imei}`);
      else say(`swapped ${event.label} ${event.imei} (was ${event.previousImei})`);
    });
    for (const slot of line.describe()) say(`${slot.imei} ${slot.path}`);
    if (options.describe) say(JSON.stringify({ slots: line.describe() }));
    say(`ready: ${imeis.length} virtual device(s) booted; Ctrl-C stops`);
    const plan = runPlugPlan(line, steps, {
      onError: (step, error) => complain(`plug plan ${step.slot}:${step.action}@${step.atMs}ms failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    // One command at a time, in order.
    let commands = Promise.resolve();
    control.on('line', (text) => {
      commands = commands.then(async () => {
        try {
          const reply = await runControlLine(line, text);
          if (reply) say(reply.output);
          if (reply?.quit) stop();
        } catch (error) {
          complain(error instanceof Error ? error.message : String(error));
        }
      });
    });
    await stopped;
    plan.stop();
    await commands;
  } finally {
    control.close();
    process.stdin.destroy();
    await line.close();
  }
}

async function readPlanFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--plug-plan-file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function runDevices(options: SimCliOptions): Promise<void> {
  const imeis = await imeisOf(options);
  if (options.pty !== undefined) {
    if (options.listen !== undefined) throw new UsageError('--listen cannot be combined with --pty (the devices of a line live on PTYs)');
    return runLine(options, options.pty, imeis);
  }
  for (const [key, flag] of LINE_ONLY) if (options[key] !== undefined) throw new UsageError(`${flag} needs --pty (it acts on a line of PTYs)`);
  return runOnTcp(options, imeis);
}

const USAGE_KINDS = new Set(['unknown-fault', 'bad-options', 'bad-plan', 'slot', 'control']);

async function action(raw: Record<string, unknown>, ctx: CliContext): Promise<void> {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = `--${String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    process.stderr.write(`fieldlink sim: ${flag} ${issue?.message ?? 'is invalid'}\n`);
    ctx.exitCode = EXIT.usage;
    return;
  }
  if (parsed.data.listFaults) return listFaults();
  try {
    await runDevices(parsed.data);
  } catch (error) {
    process.stderr.write(`fieldlink sim: ${error instanceof Error ? error.message : String(error)}\n`);
    const kind = (error as { kind?: string }).kind;
    ctx.exitCode = error instanceof UsageError || (kind !== undefined && USAGE_KINDS.has(kind)) ? EXIT.usage : EXIT.failed;
  }
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('sim')
    .description('Run virtual TMS2 devices (Quectel module emulation) on TCP ports, or on PTYs as a virtual line that can be plugged and unplugged.')
    .option('--listen <tcp:host:port>', 'raw TCP listener (port 0 = any free port)')
    .option('--pty <path>', 'create a PTY at this path (socat) for serial tools; with several devices <path>0, <path>1…')
    .option('--imei <imei>', 'IMEI of the first device (15 digits)')
    .option('--imeis <list>', 'IMEI of every device, comma separated (15 digits, Luhn-checked; a repeat is a clone)')
    .option('--faults <list>', 'fault scenarios of every device, comma separated (see --list-faults)')
    .option('--device-faults <list>', 'faults of single devices: SLOT=fault+fault, comma separated (e.g. 2=slow-unit,3=cable-pull-at-fota)')
    .option('--labels <list>', 'slot names of the line, comma separated (e.g. A1,A2,B1,B2)')
    .option('--plug-plan <plan>', 'unplug/plug/swap on a schedule: SLOT:unplug@30s,SLOT:plug@40s,SLOT:swap@50s=IMEI')
    .option('--plug-plan-file <file>', 'the same as a JSON array of {at, slot, action, imei?, faults?}')
    .option('--describe', 'print the line (slots, paths, USB locations, serial numbers) as JSON when ready')
    .option('--fast', 'no serial pacing, short boot and FOTA')
    .option('--baud <rate>', 'serial pacing rate (default 115200)')
    .option('--state-dir <dir>', 'keep UFS files and state.json here (default: a temp dir per run)')
    .option('--count <n>', 'number of devices (consecutive IMEIs, ports, PTY paths)')
    .option('--flavour <korean|global>', 'module firmware flavour (global answers ERROR to AT+QCDS)')
    .option('--list-faults', 'print the fault scenarios and exit')
    .action((options: Record<string, unknown>) => action(options, ctx));
};
