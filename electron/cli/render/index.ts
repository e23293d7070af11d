/**
 * Terminal output of `fieldlink run/demo/diagnose`: the live step list on a terminal (cli-progress),
 * plain lines when piped, one JSON event per line with --json.
 */
import { JsonRenderer } from './json.ts';
import { PlainRenderer } from './plain.ts';
import { TtyRenderer } from './tty.ts';
import { stderrOutput, stdoutOutput, type Renderer } from './types.ts';
import type { Language } from '../../../shared/messages/index.ts';

export type RenderMode = 'tty' | 'plain' | 'json';

export function chooseRenderMode(json: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): RenderMode {
  if (json) return 'json';
  return stream.isTTY ? 'tty' : 'plain';
}

export function createRenderer(mode: RenderMode, lang: Language = 'en'): Renderer {
  switch (mode) {
    case 'json':
      return new JsonRenderer(stdoutOutput, stderrOutput, lang);
    case 'tty':
      return new TtyRenderer(process.stdout, lang);
    case 'plain':
      return new PlainRenderer(stdoutOutput, stderrOutput, lang);
  }
}

export { askYesNo, fotaQuestion } from './prompt.ts';
export { failureBlock, plainLines, summaryLines } from './format.ts';
export type { Renderer, Output } from './types.ts';
export { PlainRenderer } from './plain.ts';
export { JsonRenderer } from './json.ts';
