/**
 * `fieldlink web [--open] [--port N]`: the desktop app's UI in a browser. Serves the built
 * renderer (building it first when dist-renderer/ is missing) and the back end over a WebSocket
 * on 127.0.0.1, protected by a per-launch token that is part of the printed URL. Ctrl-C cancels
 * running sequences cleanly and stops.
 */
import { spawn } from 'node:child_process';
import { EXIT } from '../exit-codes.ts';
import type { RegisterCommand } from '../main.ts';
import { parseListenPort } from '../port-option.ts';
import { checkWritableFolder } from '../preflight.ts';
import { waitForStopSignal } from '../stop-signal.ts';

interface WebCommandOptions {
  port: number;
  open?: boolean;
  dataDir?: string;
  rendererDir?: string;
  build: boolean;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('web')
    .description('Open the Fieldlink UI in a browser: serves the app and its back end on 127.0.0.1 with a per-launch token.')
    .option('--port <n>', 'HTTP port (0 = any free port)', parseListenPort, 0)
    .option('--open', 'open the page in the default browser')
    .option('--data-dir <dir>', 'settings, profiles and sessions (default ~/.fieldlink)')
    .option('--no-build', 'do not build the renderer when dist-renderer/ is missing')
    .option('--renderer-dir <dir>', 'serve this built renderer instead of dist-renderer/ (development)')
    .action(async (options: WebCommandOptions) => {
      ctx.exitCode = await runWeb(options);
    });
};

async function runWeb(options: WebCommandOptions): Promise<number> {
  if (options.dataDir !== undefined) {
    const problem = await checkWritableFolder('--data-dir', options.dataDir);
    if (problem !== undefined) {
      process.stderr.write(`fieldlink web: ${problem}\n`);
      return EXIT.usage;
    }
  }
  const { RENDERER_DIR, buildRenderer, rendererBuilt, rendererStale } = await import('../../web/renderer-build.ts');
  const rendererDir = options.rendererDir ?? RENDERER_DIR;
  // The default build is rebuilt when the sources are newer (a pulled checkout); --renderer-dir is served as given.
  const needsBuild = options.rendererDir || !options.build ? !rendererBuilt(rendererDir) : rendererStale(rendererDir);
  if (needsBuild) {
    if (options.rendererDir) {
      process.stderr.write(`fieldlink web: ${rendererDir} has no index.html\n`);
      return EXIT.usage;
    }
    if (!options.build) {
      process.stderr.write('fieldlink web: dist-renderer/ is missing; run `npx vite build` first (or drop --no-build)\n');
      return EXIT.usage;
    }
    process.stderr.write('fieldlink web: building the renderer (npx vite build)...\n');
    try {
      await buildRenderer();
    } catch (error) {
      process.stderr.write(`fieldlink web: ${(error as Error).message}\n`);
      return EXIT.internal;
    }
  }
  const { launchWeb } = await import('../../web/launch.ts');
  let launch: Awaited<ReturnType<typeof launchWeb>>;
  try {
    launch = await launchWeb({
      rendererDir,
      port: options.port,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      log: (message) => process.stderr.write(`fieldlink web: ${message}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(`fieldlink web: ${code === 'EADDRINUSE' ? `port ${options.port} is already in use; choose another with --port, or 0` : (error as Error).message}\n`);
    return EXIT.failed;
  }
  const { server } = launch;
  process.stdout.write(`Fieldlink web UI: ${server.url}\n(only this URL, with its token, can use the app; Ctrl-C to stop)\n`);
  if (options.open) openInBrowser(server.url);
  const signal = await waitForStopSignal();
  process.stderr.write(`fieldlink web: stopping (${signal})...\n`);
  await launch.stop();
  return EXIT.ok;
}

const OPENERS: Readonly<Record<string, [string, string[]]>> = {
  darwin: ['open', []],
  win32: ['cmd', ['/c', 'start', '""']],
};

function openInBrowser(url: string): void {
  const [command, args] = OPENERS[process.platform] ?? ['xdg-open', []];
  const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`fieldlink web: could not open a browser; open ${url} yourself\n`));
  child.unref();
}
