/** Writes a file so that a reader sees the old or the new content, never half of it. */
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomically(file: string, text: string, mode: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, text, { encoding: 'utf8', mode });
  await chmod(temp, mode); // independent of the umask
  await rename(temp, file);
}
