// Where planbot's own files are (prompts/, data files under src/), wherever it runs from.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'prompts'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the planbot folder (package.json beside prompts/)');
    dir = up;
  }
  return (root = dir);
}

export function resourcePath(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}
