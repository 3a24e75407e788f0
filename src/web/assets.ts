import { join } from 'node:path';
import { projectRoot } from '../config/project-root';

/** where the pages' bundled scripts and styles are (npm run build:assets); served under /assets/ */
export function assetsDirectory(root: string = projectRoot()): string {
  return join(root, 'dist', 'web', 'assets');
}
