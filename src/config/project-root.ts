import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root (the directory holding package.json), found upwards from this file, so that it
 * is the same whether the code runs from src/ (tsx, ts-jest) or from dist/src/ (built).
 */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'processes'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No project root above ${from}`);
    dir = parent;
  }
}
