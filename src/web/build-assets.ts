import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../config/project-root';
import { assetsDirectory } from './assets';

/** a page never loads a half-written file, even while another process builds the same assets */
function writeAtomically(path: string, contents: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Bundles every browser entry src/web/client/<name>.ts into dist/web/assets/<name>.js (one IIFE per
 * page, no CDN) and copies the form-js viewer's style sheets beside them.
 */
export async function buildAssets(root: string = projectRoot()): Promise<string[]> {
  const clientDir = join(root, 'src', 'web', 'client');
  const outDir = assetsDirectory(root);
  mkdirSync(outDir, { recursive: true });
  const entries = readdirSync(clientDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(clientDir, f));
  const result = await build({
    entryPoints: entries,
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    write: false,
    loader: { '.css': 'css', '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
  });
  const formCss = join(root, 'node_modules', '@bpmn-io', 'form-js-viewer', 'dist', 'assets');
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  for (const file of ['form-js.css', 'form-js-base.css']) {
    writeAtomically(join(outDir, file), readFileSync(join(formCss, file)));
  }
  return entries.map((e) => basename(e, '.ts'));
}

if (require.main === module) {
  buildAssets().then(
    (names) => process.stdout.write(`assets built: ${names.join(', ')}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
